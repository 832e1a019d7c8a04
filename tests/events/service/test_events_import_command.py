"""`planner import events FILE --dry-run`: under each row (its number, the
employee, the type and the date), one indented line per step the event
would open, with its due date and proposed owner; the summary after the
rows; nothing saved."""
from __future__ import annotations

from datetime import date

from conftest import PASSWORD, workbook_bytes
from sqlalchemy import func, select

from planner.calendar.domain import STATUTORY_CALENDAR
from planner.calendar.operations import load_calendar
from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events import domain
from planner.events import operations as events
from planner.events.event_types import event_type
from planner.events.models import Event
from planner.people.models.department import Department
from planner.people.operations import PersonData, create_person
from planner.tasks.models import TaskOwner

HEADER = ["type", "date", "employee_number", "employee_name", "employee_kana",
          "employment_type", "health_pension_insured", "employment_insurance_insured"]
ROWS = [["hire", date(2026, 12, 1), "H0001", "新入　太郎", "シンニュウ　タロウ", "regular",
         "Enrolled", "Enrolled"],
        ["入社", date(2026, 12, 14), "H0002", "新入　花子", "シンニュウ　ハナコ", "part_time",
         "Enrolled", "Not enrolled"]]


def _setup(app) -> None:  # noqa: ANN001
    """人事 and 総務; 伊藤, qualified primary on every 人事 step of a hire, so
    those are proposed to her; 総務's step has nobody yet."""
    with app.app_context():
        hr = Department(code="hr", name="人事")
        db.session.add_all([hr, Department(code="general", name="総務")])
        db.session.flush()
        ito = create_person(PersonData(email="ito@example.com", name="伊藤 さくら", role="staff",
                                       language="ja", department_ids=[hr.id]), PASSWORD)
        for step in event_type("hire").steps:
            task = events.ensure_step_task("hire", step)
            if task.department_id == hr.id:
                task.owners.append(TaskOwner(user_id=ito.id, role="primary", level=4))
        db.session.commit()


def _expected(event_date: date, employment_insured: bool) -> list[tuple[str, str, str]]:
    """(due date, step key, owner) of each step, from the event type itself."""
    with_owner = {"hr": "伊藤 さくら"}
    facts = domain.EmployeeFacts(employment_insurance_insured=employment_insured)
    return [(due.isoformat(), step.key, with_owner.get(step.department, "-"))
            for step, due in domain.plan(event_type("hire"), event_date, facts,
                                         STATUTORY_CALENDAR, load_calendar())]


def test_the_dry_run_prints_each_rows_steps_with_due_dates_and_owners(app, runner, world,
                                                                      tmp_path):
    _setup(app)
    path = tmp_path / "hires.xlsx"
    path.write_bytes(workbook_bytes(HEADER, ROWS).getvalue())
    result = runner.invoke(args=["import", "events", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()

    with app.app_context():
        expected = {2: _expected(date(2026, 12, 1), True),
                    3: _expected(date(2026, 12, 14), False)}
    headers = {2: "row 2\tH0001 新入　太郎\thire\t2026-12-01\tcreate",
               3: "row 3\tH0002 新入　花子\thire\t2026-12-14\tcreate"}
    for row, header in headers.items():
        start = lines.index(header)
        steps = []
        for line in lines[start + 1:]:
            if not line.startswith("  "):
                break
            due, key, title, owner = line.strip().split("\t")
            assert title  # the step's Japanese title (the app's language)
            steps.append((due, key, owner))
        assert steps == expected[row], (row, result.output)
    # No 雇用保険 step for the part-timer who is not enrolled; 伊藤 is proposed
    # for the 人事 steps, nobody yet for 総務's.
    assert "employment-insurance-enrolment" not in {key for _, key, _ in expected[3]}
    assert {owner for _, _, owner in expected[2]} == {"伊藤 さくら", "-"}
    # The summary follows every row and step; the dry run's last word stays.
    assert lines[-2:] == ["2 new, 0 changed, 0 unchanged, 0 rejected",
                          "dry run: nothing saved; add --commit to apply"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0
        assert db.session.scalar(select(func.count(Employee.id))) == 0


def test_the_same_file_applied_opens_the_steps_it_listed(app, runner, world, tmp_path):
    _setup(app)
    path = tmp_path / "hires.xlsx"
    path.write_bytes(workbook_bytes(HEADER, ROWS[:1]).getvalue())
    listed = runner.invoke(args=["import", "events", str(path)]).output  # a dry run by default
    applied = runner.invoke(args=["import", "events", str(path), "--commit"])
    assert applied.exit_code == 0 and applied.output.splitlines()[-1] == "committed"
    with app.app_context():
        event = db.session.scalar(select(Event))
        opened = sorted((step.occurrence.due_date.isoformat(), step.key,
                         step.owner.name if step.owner else "-")
                        for step in events.run_of(event).steps)
    printed = sorted(tuple(line.strip().split("\t")[i] for i in (0, 1, 3))
                     for line in listed.splitlines() if line.startswith("  "))
    assert printed == opened


def test_dry_run_and_commit_together_is_a_usage_error(app, runner, world, tmp_path):
    path = tmp_path / "hires.xlsx"
    path.write_bytes(workbook_bytes(HEADER, ROWS).getvalue())
    result = runner.invoke(args=["import", "events", str(path), "--dry-run", "--commit"])
    assert result.exit_code == 2
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0
