"""The demo back office that `make run` loads into an empty database."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any

from sqlalchemy import select

from planner.calendar.operations import install_default_closures, load_calendar
from planner.calendar.recurrence import Schedule
from planner.checklists import operations as checklists
from planner.core import settings
from planner.core.clock import org_timezone, org_today
from planner.core.extensions import db
from planner.core.setting import Setting
from planner.core.types import utcnow
from planner.costing.assessment import ANSWER_FIELDS, save_assessment
from planner.costing.models.suggestion import Suggestion, SuggestionDecision
from planner.costing.operations import save_department_defaults
from planner.coverage.models.absence import Absence
from planner.employees import demo as demo_roster
from planner.employees import operations as roster
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData
from planner.events import event_types
from planner.events import operations as events
from planner.events.domain import RelativeDeadline, StepTemplate
from planner.events.shipped import shipped_types
from planner.evidence.models import Evidence
from planner.evidence.operations import new_key
from planner.evidence.storage import storage
from planner.notifications import operations as notifications
from planner.people import operations as users
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.periods import domain as period_rules
from planner.periods import operations as periods
from planner.signoff import operations as signoff
from planner.signoff.domain import APPROVE
from planner.signoff.models import OccurrenceReview
from planner.tasks import catalogue
from planner.tasks.domain import QUALIFIED_LEVEL
from planner.tasks.models import Task, TaskOwner
from planner.tasks.operations import TaskData, create_task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

# Not a secret: printed in the README and on the login page while demo data is loaded.
DEMO_PASSWORD = "planner-demo"
DEMO_FLAG = "demo_data"

# A task's fields, in this order. TOML has no null: the file leaves out whichever of rrule and
# business_day the task does not use, and it reads as None.
TASK_FIELDS: tuple[str, ...] = (
    "code", "title", "department", "category", "criticality", "legal_basis", "effort_minutes",
    "rrule", "business_day", "shift", "lead_days", "procedure", "owners", "catalogue_key",
    "reading",
)
# A reading is given only where pykakasi's suggestion misreads the title.
_OPTIONAL = frozenset({"rrule", "business_day", "catalogue_key", "reading"})


def _task(raw: dict[str, Any]) -> dict[str, Any]:
    """One task with all its fields, owners as (email, role, level); a misspelt or missing
    key in the hand-edited file fails here rather than halfway through seeding."""
    unknown, missing = raw.keys() - set(TASK_FIELDS), set(TASK_FIELDS) - _OPTIONAL - raw.keys()
    if unknown or missing:
        raise ValueError(f"demo.toml, task {raw.get('code')!r}: unknown fields "
                         f"{sorted(unknown)}, missing fields {sorted(missing)}")
    task = {name: raw.get(name) for name in TASK_FIELDS}
    task["owners"] = [(o["email"], o["role"], o["level"]) for o in raw["owners"]]
    return task


def load(text: str) -> tuple[
    list[dict[str, str]], list[dict[str, Any]], list[dict[str, Any]], tuple[str, ...],
    dict[str, Any]
]:
    """Departments, people, tasks (in file order), the codes of the tasks left overdue and
    what the estimates start from (company volumes, department costs, assessments,
    measured minutes, a realised decision), of a demo.toml text."""
    data = tomllib.loads(text)
    estimates = {name: data[name] for name in ESTIMATE_TABLES}
    return (data["departments"], data["people"], [_task(raw) for raw in data["tasks"]],
            tuple(data["overdue_codes"]), estimates)


ESTIMATE_TABLES: tuple[str, ...] = ("company", "department_costs", "assessments", "measured",
                                    "realised")
# Parsed once, at import: a few milliseconds; the login page needs PEOPLE anyway.
DEPARTMENTS, PEOPLE, TASKS, OVERDUE_CODES, ESTIMATES = load(
    files("planner.demo").joinpath("demo.toml").read_text(encoding="utf-8"))

def own_step(spec: dict[str, Any]) -> StepTemplate:
    """A step of demo.toml's [[own_event_steps]], as the event types' page would save it."""
    return StepTemplate(
        key=spec["key"], title_ja=spec["title_ja"], title_en=spec["title_en"],
        legal_basis_ja="", legal_basis_en="", department=spec["department"],
        category=spec["category"], effort_minutes=spec["effort_minutes"],
        deadline=RelativeDeadline(**spec["deadline"]), when=None, source="", url="",
        seen_on=None)


@dataclass(frozen=True)
class DemoEvents:
    recorder: str
    own_types: list[dict[str, Any]]
    own_steps: list[tuple[str, StepTemplate]]
    step_owners: list[dict[str, Any]]
    in_flight: list[dict[str, Any]]


def load_events(text: str) -> DemoEvents:
    """Who records the demo's events, the company's own types and steps, the
    owners of the step tasks and the events in flight, of a demo.toml text; a
    step or a type the event types do not have fails here rather than halfway
    through seeding."""
    data = tomllib.loads(text)
    own_steps = [(spec["type"], own_step(spec)) for spec in data["own_event_steps"]]
    known = {(kind.key, step.key) for kind in shipped_types() for step in kind.steps}
    known |= {(type_key, step.key) for type_key, step in own_steps}
    type_keys = {kind.key for kind in shipped_types()} | {
        spec["key"] for spec in data["own_event_types"]}
    for spec in data["event_step_owners"]:
        if (spec["type"], spec["step"]) not in known:
            raise ValueError(f"demo.toml: no step {spec['step']!r} in event type "
                             f"{spec['type']!r}")
    for spec in data["events"]:
        if spec["type"] not in type_keys or ("employee" in spec) == ("new_employee" in spec):
            raise ValueError(f"demo.toml, event {spec}: a known type, and either employee "
                             "or new_employee")
    return DemoEvents(data["event_recorder"], data["own_event_types"], own_steps,
                      data["event_step_owners"], data["events"])


DEMO_EVENTS = load_events(files("planner.demo").joinpath("demo.toml").read_text(encoding="utf-8"))
# Recorded minutes vary from one occurrence to the next around what the work takes.
MEASURED_SPREAD: tuple[Decimal, ...] = tuple(Decimal(f) for f in (
    "1", "0.9", "1.1", "1.05", "0.95", "1", "1.15", "0.85"))


def database_is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None


def demo_accounts() -> list[dict[str, str]]:
    """The accounts to show on the login page, or none once the demo is gone."""
    flag = db.session.get(Setting, DEMO_FLAG)
    if flag is None or not flag.value:
        return []
    emails = [p["email"] for p in PEOPLE[:4]]
    found = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    return [{"email": e, "name": found[e].name, "role": found[e].role,
             "password": DEMO_PASSWORD} for e in emails if e in found and found[e].active]


HISTORY_DAYS = 60
# Payroll and tax go out checked by a second person (ダブルチェック), see _checked.
REVIEW_CATEGORIES = frozenset({"payroll", "tax"})
# The payroll run this month: handed over, then returned with what to fix.
RETURNED_CODE = "PAY-002"
RETURN_COMMENT = "残業手当の単価が改定前のままです。4月改定後の単価で再計算してください。"


def _schedule(spec: dict, dtstart) -> Schedule:  # noqa: ANN001
    if spec["business_day"] is not None:
        return Schedule("business_day", dtstart, business_day=spec["business_day"],
                        lead_days=tuple(spec["lead_days"]))
    return Schedule("rrule", dtstart, rrule=spec["rrule"], shift=spec["shift"],
                    lead_days=tuple(spec["lead_days"]))


def seed_demo() -> str:
    install_default_closures()
    today = org_today()
    start = today - timedelta(days=HISTORY_DAYS)
    departments = {}
    for spec in DEPARTMENTS:
        department = Department(code=spec["code"], name=spec["name"])
        db.session.add(department)
        departments[spec["code"]] = department
    db.session.flush()

    people: dict[str, User] = {}
    admin = None
    for spec in PEOPLE:
        person = users.create_person(
            users.PersonData(
                email=spec["email"], name=spec["name"], reading=spec.get("reading", ""),
                role=spec["role"],
                language=spec["language"],
                department_ids=[departments[c].id for c in spec["departments"]],
            ),
            DEMO_PASSWORD,
        )
        people[spec["email"]] = person
        if spec["role"] == "admin" and admin is None:
            admin = person

    for spec in TASKS:
        task = create_task(admin, TaskData(
            code=spec["code"], title=spec["title"], reading=spec["reading"] or "",
            department_id=departments[spec["department"]].id, category=spec["category"],
            criticality=spec["criticality"], legal_basis=spec["legal_basis"],
            effort_minutes=spec["effort_minutes"], procedure=spec["procedure"],
            schedule=_schedule(spec, start), catalogue_key=spec["catalogue_key"],
            deadline_basis=(catalogue.get(spec["catalogue_key"])["deadline_basis"]
                            if spec["catalogue_key"] else "internal"),
            review_required=_checked(spec),
        ))
        for email, role, level in spec["owners"]:
            task.owners.append(TaskOwner(user_id=people[email].id, role=role, level=level))
    db.session.flush()
    _history(people, start, today)
    _returned(today)
    _absences(people, today)
    _reviews(today)
    _estimates(admin, departments)
    employees = _employees(today)
    recorded = _events_in_flight(admin, people, employees, today)
    _last_month_closed(admin, people, departments, today)
    _first_messages(people)
    db.session.add(Setting(key=DEMO_FLAG, value=True))
    db.session.flush()
    count = db.session.scalar(select(db.func.count(Task.id)))
    return (f"{len(departments)} departments, {len(people)} people, {count} tasks, "
            f"{len(employees)} employees, {recorded} events in flight")


def _events_in_flight(admin: User, people: dict[str, User], employees: list[Employee],
                      today: date) -> int:
    """The step tasks of a hire, a leaving and a bonus with their owners, then a
    few hires and leavers recorded by the 人事労務 manager: their steps go to
    the freest qualified owner, as on the page; those due before today were done."""
    for spec in DEMO_EVENTS.own_types:
        event_types.add_event_type(admin, spec["key"], spec["title_ja"], spec["title_en"])
    for type_key, step in DEMO_EVENTS.own_steps:
        event_types.add_step(admin, type_key, step)
    for spec in DEMO_EVENTS.step_owners:
        step = event_types.event_type(spec["type"]).step(spec["step"])
        task = events.ensure_step_task(spec["type"], step)
        for owner in spec["owners"]:
            task.owners.append(TaskOwner(user_id=people[owner["email"]].id, role=owner["role"],
                                         level=owner["level"]))
    db.session.flush()
    recorder = people[DEMO_EVENTS.recorder]
    for spec in DEMO_EVENTS.in_flight:
        day = today + timedelta(days=spec["days"])
        if "employee" in spec:
            employee = employees[spec["employee"]]
            if spec["type"] == "leave":
                employee.leave_date = day
        else:
            employee, _ = roster.find_or_create(recorder, EmployeeData(
                **spec["new_employee"], hire_date=day if spec["type"] == "hire" else None))
        chosen = {step: people[email].id for step, email in spec.get("owners", {}).items()}
        event = events.record_event(recorder, spec["type"], day, employee,
                                    note=spec.get("note", ""), owners=chosen)
        for step in events.run_of(event).steps:
            occurrence = step.occurrence
            if occurrence.due_date < today:  # done, and so its reminders cancelled
                occurrences.complete(admin, occurrence, completed_by=step.owner,
                                     completed_at=datetime.combine(
                                         occurrence.due_date, time(16), org_timezone()))
    db.session.flush()
    return len(DEMO_EVENTS.in_flight)


def _history(people: dict[str, User], start, today) -> None:  # noqa: ANN001
    """Two months of past occurrences, done by their primary owners but a few."""
    calendar = load_calendar()
    occurrences.materialise(today=start, calendar=calendar)
    past = db.session.scalars(
        select(Occurrence).join(Occurrence.task)
        .where(Occurrence.due_date < today, Occurrence.status == "open"))
    now = utcnow()
    measured = {spec["code"]: spec["minutes"] for spec in ESTIMATES["measured"]}
    for index, occurrence in enumerate(past):
        if occurrence.task.code in OVERDUE_CODES:
            continue
        primary = occurrence.task.primary_owner
        occurrence.status = "done"
        occurrence.completed_by_id = primary.id if primary else None
        occurrence.completed_at = now - timedelta(days=(today - occurrence.due_date).days)
        if occurrence.task.code in measured:
            occurrence.minutes_taken = _spread(measured[occurrence.task.code], index)
        if occurrence.task.review_required:
            _approved(occurrence)


# The demo opens as if it had run for these days: their reminders, overdue
# notices and escalations are in the inbox, and their e-mails wait for the
# first dispatch (which `planner run` does before anything else).
MESSAGE_DAYS = 10  # longer than any run of closed days (New Year's and a weekend)


def _first_messages(people: dict[str, User]) -> None:
    now = utcnow()
    notifications.plan(now=now - timedelta(days=MESSAGE_DAYS))
    notifications.deliver_inbox(now)
    for spec in PEOPLE[:4]:  # the accounts the sign-in page offers
        notifications.deliver_digest_to_inbox(people[spec["email"]], now)


def _checked(spec: dict[str, Any]) -> bool:
    """Payroll and tax work is checked by a second person wherever there is one
    qualified: a task only one person can do stays a single point of failure
    on the risk dashboard rather than an occurrence nobody can ever approve."""
    qualified = sum(level >= QUALIFIED_LEVEL for _email, _role, level in spec["owners"])
    return spec["category"] in REVIEW_CATEGORIES and qualified >= 2


def _approved(occurrence: Occurrence) -> None:
    """Past payroll and tax work: prepared by its owner, checked by another qualified one."""
    preparer = occurrence.completed_by_id
    reviewer = next((o.user_id for o in occurrence.task.owners
                     if o.level >= QUALIFIED_LEVEL and o.user_id != preparer), None)
    if preparer is None or reviewer is None:
        return
    occurrence.prepared_by_id, occurrence.prepared_at = preparer, occurrence.completed_at
    occurrence.reviewed_by_id = reviewer
    occurrence.reviewed_at = occurrence.completed_at
    db.session.add(OccurrenceReview(occurrence=occurrence, decision=APPROVE, comment="",
                                    reviewer_id=reviewer, decided_at=occurrence.completed_at))


def _returned(today: date) -> None:
    """This month's payroll run came back to its preparer with what to fix."""
    task = db.session.scalar(select(Task).where(Task.code == RETURNED_CODE))
    occurrence = db.session.scalar(
        select(Occurrence).where(Occurrence.task_id == task.id, Occurrence.status == "open",
                                 Occurrence.due_date >= today)
        .order_by(Occurrence.due_date).limit(1))
    preparer = task.primary_owner
    reviewer = next(o.user for o in task.owners
                    if o.level >= QUALIFIED_LEVEL and o.user_id != preparer.id)
    for item in checklists.checklist(occurrence):  # worked through before handing it over
        checklists.tick(preparer, occurrence, item.number)
    signoff.prepare(preparer, occurrence, note="計算結果を確認お願いします。", minutes=180)
    signoff.review(reviewer, occurrence, "return", RETURN_COMMENT)


def _last_month_closed(admin: User, people: dict[str, User],
                       departments: dict[str, Department], today: date) -> None:
    """Last month is closed (締め) by each department's manager, its checked
    payroll and tax work with the files it was checked on (small generated
    ones, kept in the evidence store like any upload); a department whose
    overdue work is still open stays unclosed, and its period page says why."""
    last_day = today.replace(day=1) - timedelta(days=1)
    month = last_day.replace(day=1)
    checked = db.session.scalars(
        select(Occurrence).join(Occurrence.task)
        .where(Task.review_required.is_(True), Occurrence.status == "done",
               Occurrence.due_date.between(month, last_day))
        .order_by(Occurrence.due_date, Occurrence.id))
    for occurrence in checked:
        for name, content_type, data in _evidence_files(occurrence, month):
            key = new_key()
            storage().put(key, data, content_type)
            db.session.add(Evidence(
                occurrence_id=occurrence.id, file_name=name, content_type=content_type,
                size=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_key=key,
                uploaded_by_id=occurrence.prepared_by_id or occurrence.completed_by_id,
                uploaded_at=occurrence.completed_at, version=1))
    db.session.flush()
    for code, department in departments.items():
        closer = next((people[spec["email"]] for spec in PEOPLE
                       if spec["role"] == "manager" and code in spec["departments"]), admin)
        try:
            periods.close(closer, department.id, period_rules.label(month))
        except periods.Blocked:
            continue


def _evidence_files(occurrence: Occurrence, month: date) -> list[tuple[str, str, bytes]]:
    """What the preparer checked the work on: a register as CSV and a one-page PDF."""
    label = period_rules.label(month)
    register = (f"業務,{occurrence.task.title}\n期限,{occurrence.due_date.isoformat()}\n"
                "社員番号,氏名,金額\n1001,佐藤 花子,251300\n1002,鈴木 一郎,318750\n")
    pdf = (b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n"
           + f"% {occurrence.task.code} {label}\n".encode() + b"trailer <<>>\n%%EOF\n")
    return [(f"{occurrence.task.code}_{label}.csv", "text/csv", register.encode("utf-8-sig")),
            (f"{occurrence.task.code}_{label}_控.pdf", "application/pdf", pdf)]


def _spread(minutes: int, index: int) -> int:
    return int((minutes * MEASURED_SPREAD[index % len(MEASURED_SPREAD)]).to_integral_value())


def _estimates(admin: User, departments: dict[str, Department]) -> None:
    """What the estimates start from: the company's volumes, the departments'
    hourly costs, the owners' automation assessments, and last year's
    automation of the weekly joiners-and-leavers check, measured before and after."""
    for key, value in ESTIMATES["company"].items():
        settings.put(key, value)
    for spec in ESTIMATES["department_costs"]:
        save_department_defaults({"hourly_cost": spec["hourly_cost"]},
                                 departments[spec["department"]].id)
    tasks = {t.code: t for t in db.session.scalars(select(Task))}
    for spec in ESTIMATES["assessments"]:
        answers = {name: spec.get(name) for name in ANSWER_FIELDS}
        answers["rule_based_share"] = Decimal(str(spec["rule_based_share"]))
        save_assessment(admin, tasks[spec["code"]], answers)
    _realised(tasks[ESTIMATES["realised"]["code"]], ESTIMATES["realised"])


def _realised(task: Task, spec: dict[str, Any]) -> None:
    """A decision carried out last fiscal year: the task's weekly runs before it,
    with the minutes they took, and the suggestion approved and done."""
    zone = org_timezone()
    decided = datetime.combine(spec["decided_on"], time(9), zone)
    completed = datetime.combine(spec["completed_on"], time(17), zone)
    for week in range(1, len(MEASURED_SPREAD) + 1):
        day = spec["decided_on"] - timedelta(weeks=week)
        db.session.add(Occurrence(
            task_id=task.id, nominal_date=day, due_date=day, status="done",
            completed_by_id=task.primary_owner.id, minutes_taken=_spread(
                spec["minutes_before"], week),
            completed_at=datetime.combine(day, time(16), zone)))
    manager = db.session.scalar(select(User).where(User.role == "manager").order_by(User.id))
    # The proposal the department's costs gave the task, as it was when decided.
    suggestion = db.session.scalar(select(Suggestion).where(Suggestion.task_id == task.id))
    if suggestion is None:
        suggestion = Suggestion(task_id=task.id)
        db.session.add(suggestion)
    suggestion.kind, suggestion.status, suggestion.note = spec["kind"], "done", spec["note"]
    suggestion.annual_saving = spec["planned_saving"]
    suggestion.owner_id, suggestion.due_date = task.primary_owner.id, spec["completed_on"]
    suggestion.decided_at, suggestion.completed_at = decided, completed
    db.session.flush()
    for action, at in (("approve", decided), ("done", completed)):
        db.session.add(SuggestionDecision(suggestion_id=suggestion.id, action=action,
                                          note=spec["note"], actor_id=manager.id, at=at))


def _reviews(today) -> None:  # noqa: ANN001
    """Most procedures were reviewed in the past months; one in six not for over
    a year, so "my work" and the risk dashboard show overdue reviews at once."""
    for index, task in enumerate(db.session.scalars(select(Task).order_by(Task.code))):
        days = 400 + 7 * index if index % 6 == 0 else 20 + 4 * index
        task.procedure_reviewed_at = today - timedelta(days=days)


def _employees(today: date) -> list[Employee]:
    """The company's roster (demo_names.toml, picked by index): the people the
    hires, leavers and bonuses of the events feature are about."""
    return [roster.create_employee(None, EmployeeData(**spec))
            for spec in demo_roster.roster(today)]


def _absences(people: dict[str, User], today) -> None:  # noqa: ANN001
    """A few planned absences; one leaves a deadline without anyone qualified,
    so the risk dashboard has something to say from the first minute."""

    upcoming = db.session.scalars(
        select(Occurrence).join(Occurrence.task)
        .where(Occurrence.status == "open",
               Occurrence.due_date.between(today + timedelta(days=10),
                                           today + timedelta(days=50)))
        .order_by(Occurrence.due_date))
    for occurrence in upcoming:
        qualified = [o for o in occurrence.task.owners if o.level >= QUALIFIED_LEVEL]
        if len(qualified) == 1:
            lead = max(occurrence.task.lead_days or [0])
            db.session.add(Absence(
                user_id=qualified[0].user_id,
                start_date=occurrence.due_date - timedelta(days=lead + 1),
                end_date=occurrence.due_date + timedelta(days=2),
                kind="annual_leave", note="長期休暇（家族旅行）"))
            break
    # Covered by a qualified backup: shown, but no deadline at risk.
    db.session.add(Absence(user_id=people["sato.hanako@example.co.jp"].id,
                           start_date=today + timedelta(days=20),
                           end_date=today + timedelta(days=22), kind="annual_leave",
                           note="有給休暇"))
    db.session.flush()
