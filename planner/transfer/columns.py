"""The columns of each spreadsheet the product reads and writes. An export of
the registry uses the import's columns, so an exported file imports again."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.core import labels
from planner.core.sheets import CHOICE, DATE, DECIMAL, INTEGER, NUMBERS, YEN_FORMAT, Column
from planner.coverage.models.absence import ABSENCE_KINDS
from planner.employees.forms import EMPLOYMENT_TYPE

YES_NO = {True: _l("Yes"), False: _l("No")}

# The example rows name the demo's payroll department, one of its people and
# one of its tasks, so each template's example imports into the demo as it
# stands; the tasks template's example is a task the demo does not have yet.
EXAMPLE_DEPARTMENT = "payroll"
EXAMPLE_PERSON = "sato.hanako@example.co.jp"
EXAMPLE_TASK_CODE = "PAY-101"

TASK_CODE = Column(
    "code", _l("Code"), required=True, width=14, example=EXAMPLE_TASK_CODE,
    help=_l("The task's key. A row whose code exists updates that task; a new code creates "
            "one. Letters, digits and '-'."))

TASKS: list[Column] = [
    TASK_CODE,
    Column("title", _l("Title"), required=True, width=36, example="通勤手当の定期代確認",
           help=_l("What the task is called.")),
    Column("reading", _l("Reading (furigana)"), width=24, example="ツウキンテアテノテイキダイカクニン",
           help=_l("The title's reading in katakana, for sorting and search. Empty: "
                   "suggested from the title, or unchanged.")),
    Column("department", _l("Department"), required=True, width=14,
           example=EXAMPLE_DEPARTMENT,
           help=_l("The department's code or name.")),
    Column("category", _l("Category"), CHOICE, required=True, choices=labels.CATEGORY,
           example="payroll"),
    Column("criticality", _l("Criticality"), CHOICE, choices=labels.CRITICALITY,
           example="high", help=_l("Empty: Medium.")),
    Column("preset", _l("Repeats"), CHOICE, required=True, choices=labels.PRESET, width=24,
           example="monthly_day",
           help=_l("Which of the following columns apply: the day for monthly and yearly, the "
                   "weekday for weekly, the business day, the date for once, or an RRULE.")),
    Column("day", _l("Day of the month"), INTEGER, example=25, width=10,
           help=_l("1 to 31; for Monthly on a day, Quarterly and Yearly on a date.")),
    Column("weekday", _l("Weekday"), CHOICE, choices=labels.WEEKDAY, width=10,
           help=_l("For Weekly.")),
    Column("month", _l("Month"), INTEGER, width=8,
           help=_l("1 to 12; for Yearly, and for Quarterly the first of the four months.")),
    Column("business_day", _l("Business day of the month"), INTEGER, width=10,
           help=_l("1 is the first business day, -1 the last, -2 the one before.")),
    Column("once_date", _l("Date"), DATE, width=12, help=_l("For Once.")),
    Column("rrule", _l("RRULE"), width=30,
           help=_l("For Advanced: RFC 5545, e.g. FREQ=MONTHLY;BYMONTHDAY=10.")),
    Column("dtstart", _l("Starts on"), DATE, width=12,
           help=_l("The first date the rule counts from. Empty: today, or unchanged.")),
    Column("shift", _l("When the date is not a business day"), CHOICE, choices=labels.SHIFT,
           width=18, example="previous", help=_l("Empty: Keep the date.")),
    Column("lead_days", _l("Remind days before"), NUMBERS, width=12, example=[7, 1, 0],
           help=_l("Days before the due date (a statutory task's work-by date), e.g. 7, 1, 0.")),
    Column("deadline_basis", _l("Deadline basis"), CHOICE, choices=labels.DEADLINE_BASIS,
           width=16, example="statutory",
           help=_l("Statutory: a deadline set by law, moved on the authorities' calendar. "
                   "Empty: Internal, or unchanged.")),
    Column("work_by_buffer_days", _l("Work-by buffer (business days)"), INTEGER, width=10,
           help=_l("Statutory tasks: company business days to finish before the legal due "
                   "date. Empty: 0, or unchanged.")),
    Column("legal_basis", _l("Legal basis"), width=24,
           help=_l("For example 所得税法第216条.")),
    Column("effort_minutes", _l("Effort per occurrence (minutes)"), INTEGER, width=10,
           example=240),
    Column("primary_owner", _l("Primary owner (e-mail)"), width=26,
           help=_l("An active member of the department. Empty: owners unchanged.")),
    Column("procedure", _l("Procedure (handover notes)"), width=50,
           help=_l("Markdown: numbered steps, **bold**, links.")),
    Column("review_required", _l("Requires review"), CHOICE, choices=YES_NO, width=10,
           example=True,
           help=_l("Yes: prepared by one person, approved by another qualified person. "
                   "Empty: No, or unchanged.")),
    Column("review_days_before", _l("Review before the due date (business days)"), INTEGER,
           width=10, help=_l("Company business days between the review date and the due "
                             "date. Empty: 0, or unchanged.")),
]

OWNERS: list[Column] = [
    Column("task_code", _l("Task code"), required=True, width=14, example="PAY-001",
           help=_l("The code of an existing task.")),
    Column("task_title", _l("Task"), width=30,
           help=_l("For reading only: the import uses the code.")),
    Column("person", _l("Person (e-mail)"), required=True, width=28,
           example=EXAMPLE_PERSON, help=_l("An active member of the task's department.")),
    Column("role", _l("Owner role"), CHOICE, required=True, choices=labels.OWNER_ROLE,
           example="backup", also=("権限",),  # the Japanese header before 担当区分
           help=_l("Naming a new primary makes the previous primary a backup.")),
    Column("level", _l("Level"), CHOICE, required=True,
           choices=labels.LEVEL, example=3,
           help=_l("0 none, 1 in training, 2 can do with help, 3 independent, 4 can teach.")),
]

ABSENCES: list[Column] = [
    Column("person", _l("Person (e-mail)"), required=True, width=28,
           example=EXAMPLE_PERSON),
    Column("start_date", _l("From"), DATE, required=True, width=12, example_days_from_today=14,
           help=_l("A row with the same person and start date updates that absence.")),
    Column("end_date", _l("To"), DATE, required=True, width=12, example_days_from_today=14),
    Column("kind", _l("Kind"), CHOICE, required=True,
           choices={k: labels.ABSENCE_KIND[k] for k in ABSENCE_KINDS}, example="annual_leave"),
    Column("note", _l("Note"), width=30),
]


def _money(key: str, label: object, example: int | None = None) -> Column:
    return Column(key, label, INTEGER, width=14, number_format=YEN_FORMAT, example=example,
                  help=_l("Yen. Empty: the department's default."))


def _share(key: str, label: object, example: str | None = None) -> Column:
    return Column(key, label, DECIMAL, width=10, example=example,
                  help=_l("A share from 0 to 1 (or a percentage such as 10%%). Empty: the "
                          "department's default."))


def _rating(key: str, label: object) -> Column:
    return Column(key, label, INTEGER, width=10,
                  help=_l("1 to 5. Empty: the department's default."))


COST_PROFILES: list[Column] = [
    Column("task_code", _l("Task code"), required=True, width=14, example="PAY-001"),
    _money("hourly_cost", _l("Hourly cost (yen, loaded)"), 3000),
    _share("rework_rate", _l("Rework rate"), "0.1"),
    _money("automation_build_cost", _l("Automation: build cost (yen, once)")),
    _money("automation_annual_cost", _l("Automation: licence and upkeep (yen a year)")),
    _share("automation_residual_share", _l("Automation: share still manual")),
    _rating("suitability_rule_based", _l("Rule-based (1–5)")),
    _rating("suitability_digital_input", _l("Digital, structured input (1–5)")),
    _rating("suitability_stable_process", _l("Stable process (1–5)")),
    _rating("suitability_low_exceptions", _l("Few exceptions (1–5)")),
    _rating("suitability_volume", _l("Volume (1–5)")),
    _money("outsourcing_fee_per_occurrence", _l("Outsourcing: fee per occurrence (yen)")),
    _money("outsourcing_monthly_fee", _l("Outsourcing: monthly fee (yen)")),
    _money("outsourcing_transition_cost", _l("Outsourcing: transition cost (yen, once)")),
    Column("outsourcing_oversight_minutes",
           _l("Outsourcing: internal oversight (minutes per occurrence)"), INTEGER, width=12),
    Column("horizon_years", _l("Horizon (years)"), INTEGER, width=10),
    _share("discount_rate", _l("Discount rate"), "0.03"),
]

COMPLETIONS: list[Column] = [
    Column("task_code", _l("Task code"), required=True, width=14, example="PAY-001",
           help=_l("The code of an existing task.")),
    Column("due_date", _l("Due date"), DATE, required=True, width=12,
           help=_l("The due date of the task's occurrence that was done (as the task page "
                   "shows it).")),
    Column("completed_on", _l("Completed on"), DATE, required=True, width=12,
           help=_l("The day it was done; not after today.")),
    Column("completed_by", _l("Completed by (e-mail)"), width=28, example=EXAMPLE_PERSON,
           help=_l("Empty: the person importing.")),
    Column("minutes", _l("Minutes taken"), INTEGER, width=10, example=90,
           help=_l("1 to 1440. Empty: not measured.")),
    Column("note", _l("Note"), width=30),
]

ENROLMENT = {True: _l("Enrolled"), False: _l("Not enrolled")}


def _enrolment(key: str, label: object) -> Column:
    return Column(key, label, CHOICE, choices=ENROLMENT, width=12, example=True,
                  help=_l("Enrolled or Not enrolled. Empty: enrolled, or unchanged."))


EMPLOYEES: list[Column] = [
    Column("number", _l("Employee number"), required=True, width=12, example="00123",
           help=_l("The employee's key. A row whose number exists updates that employee; a "
                   "new number adds one.")),
    Column("name", _l("Name"), required=True, width=18, example="山田　太郎"),
    Column("name_kana", _l("Name in katakana"), width=20, example="ヤマダ　タロウ",
           help=_l("Katakana; half-width katakana and hiragana are converted. Empty: "
                   "suggested from the name for someone new, unchanged for someone known.")),
    Column("division", _l("Division"), width=16, example="営業部"),
    Column("employment_type", _l("Employment type"), CHOICE, choices=EMPLOYMENT_TYPE,
           width=16, example="regular", help=_l("Empty: Regular employee, or unchanged.")),
    Column("hire_date", _l("Hire date"), DATE, width=12),
    Column("leave_date", _l("Leave date"), DATE, width=12),
    _enrolment("health_pension_insured", _l("Enrolled in health insurance and pension")),
    _enrolment("employment_insurance_insured", _l("Enrolled in employment insurance")),
]

EVENTS: list[Column] = [
    Column("type", _l("Event"), required=True, width=18, example="hire",
           help=_l("The event type's key (hire, leave, bonus…) or its name (入社, 退職…).")),
    Column("date", _l("Event date"), DATE, required=True, width=12, example_days_from_today=0,
           help=_l("The day of the hire, the leaving, the payment…: the steps' deadlines "
                   "count from it.")),
    Column("employee_number", _l("Employee number"), required=True, width=14, example="E0001",
           help=_l("An employee in the roster; a number not in it adds the employee from "
                   "the columns that follow.")),
    Column("employee_name", _l("Employee name"), width=20, example="山田　太郎",
           help=_l("For an employee not yet in the roster; otherwise ignored.")),
    Column("employee_kana", _l("Name in katakana"), width=20, example="ヤマダ　タロウ",
           help=_l("In katakana; for an employee not yet in the roster.")),
    Column("division", _l("Division"), width=16, example="営業部",
           help=_l("Where they work in the company; for an employee not yet in the roster.")),
    Column("employment_type", _l("Employment type"), CHOICE, choices=EMPLOYMENT_TYPE,
           width=14, example="regular",
           help=_l("For an employee not yet in the roster. Empty: Regular employee.")),
    Column("health_pension_insured", _l("Enrolled in health insurance and pension"), CHOICE,
           choices=ENROLMENT, width=12, example=True,
           help=_l("Enrolled in 健康保険・厚生年金; for an employee not yet in the roster. "
                   "Empty: enrolled.")),
    Column("employment_insurance_insured", _l("Enrolled in employment insurance"), CHOICE,
           choices=ENROLMENT, width=12, example=True,
           help=_l("Enrolled in 雇用保険; for an employee not yet in the roster. Empty: enrolled.")),
    Column("note", _l("Note"), width=30),
]

SHEETS: dict[str, list[Column]] = {
    "tasks": TASKS,
    "owners": OWNERS,
    "absences": ABSENCES,
    "cost_profiles": COST_PROFILES,
    "completions": COMPLETIONS,
    "events": EVENTS,
    "employees": EMPLOYEES,
}
SHEET_TITLES = {
    "tasks": _l("Tasks"),
    "owners": _l("Owners"),
    "absences": _l("Absences"),
    "cost_profiles": _l("Cost profiles"),
    "completions": _l("Completions"),
    "events": _l("Events"),
    "employees": _l("Employees"),
}
