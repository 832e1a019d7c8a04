"""Procedure runs (service tier): recording an event opens its steps as
occurrences given to the person best placed; preview, idempotency, cancelling,
and the steps on their person's work, reminders and risk."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from event_runs_support import step_departments
from sqlalchemy import func, select

from planner.calendar.domain import STATUTORY_CALENDAR
from planner.calendar.operations import load_calendar
from planner.core.audit_entry import AuditEntry
from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.coverage import operations as coverage
from planner.coverage.models.absence import Absence
from planner.employees import operations as roster
from planner.employees.models import Employee
from planner.events import domain
from planner.events import operations as events
from planner.events.models import Event
from planner.events.shipped import shipped_type
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as work
from planner.work.models import Occurrence

LEAVING = date(2026, 12, 15)  # a Tuesday, two weeks after the frozen today (1 December)
LEAVE_STEPS = {"employment-insurance-loss", "separation-certificate", "withholding-slip-leaver",
               "resident-tax-transfer"}


class Office:
    """The world plus an HR team (two qualified clerks on the leave's steps)
    and an employee who leaves."""

    def __init__(self, world) -> None:  # noqa: ANN001
        self.world = world
        self.hr = step_departments(world.manager)
        self.manager = db.session.get(User, world.manager)
        self.ito = self.person("ito@example.com", "伊藤 さくら")
        self.kato = self.person("kato@example.com", "加藤 健")
        self.employee = Employee(number="E1001", name="山田 太郎", name_kana="ヤマダ タロウ",
                                 hire_date=date(2020, 4, 1), leave_date=LEAVING)
        db.session.add(self.employee)
        db.session.flush()

    def person(self, email: str, name: str) -> User:
        return create_person(PersonData(email=email, name=name, role="staff", language="ja",
                                        department_ids=[self.hr.id]), "a long enough password")

    def staff_leave_steps(self) -> dict[str, Task]:
        """Both clerks qualified on every HR step of a leaver (Ito primary)."""
        kind = shipped_type("leave")
        tasks = {}
        for step in kind.steps:
            task = events.ensure_step_task("leave", step)
            if task.department_id == self.hr.id:
                task.owners.append(TaskOwner(user_id=self.ito.id, role="primary", level=4))
                task.owners.append(TaskOwner(user_id=self.kato.id, role="backup", level=3))
            tasks[step.key] = task
        db.session.flush()
        return tasks


@pytest.fixture
def office(ctx, world) -> Office:  # noqa: ANN001
    return Office(world)


def _run(event: Event) -> dict[str, Occurrence]:
    return {step.key: step.occurrence for step in events.run_of(event).steps}


def test_preview_gives_each_step_its_dates_and_writes_nothing(office):
    before = db.session.scalar(select(func.count()).select_from(Occurrence))
    tasks_before = db.session.scalar(select(func.count()).select_from(Task))
    planned = events.preview_event(office.manager, "leave", LEAVING, office.employee)
    expected = domain.plan(shipped_type("leave"), LEAVING, domain.EmployeeFacts(),
                           STATUTORY_CALENDAR, load_calendar())
    assert [(p.step.key, p.due_date) for p in planned] == [(s.key, d) for s, d in expected]
    assert LEAVE_STEPS <= {p.step.key for p in planned}
    by_key = {p.step.key: p for p in planned}
    # 雇用保険被保険者資格喪失届: within 10 days of the day after leaving, on the
    # authorities' calendar; the company works to its last business day before it.
    loss = by_key["employment-insurance-loss"]
    assert loss.statutory and loss.work_by <= loss.due_date
    assert all(p.proposed is None for p in planned)  # no step task has owners yet
    assert db.session.scalar(select(func.count()).select_from(Occurrence)) == before
    assert db.session.scalar(select(func.count()).select_from(Task)) == tasks_before


def test_record_opens_one_occurrence_per_step_on_its_task(office):
    event = events.record_event(office.manager, "leave", LEAVING, office.employee, note="自己都合")
    run = _run(event)
    planned = {p.step.key: p for p in events.preview_event(office.manager, "leave", LEAVING,
                                                           office.employee)}
    assert set(run) == set(planned)
    for key, occurrence in run.items():
        assert occurrence.event_id == event.id and occurrence.run_key == event.id
        assert (occurrence.due_date, occurrence.work_by) == (planned[key].due_date,
                                                             planned[key].work_by)
        assert occurrence.task.event_step == f"leave:{key}"
        assert occurrence.task.schedule_kind == "event"
        assert occurrence.status == "open"
    statutory = run["employment-insurance-loss"].task
    assert statutory.deadline_basis == "statutory" and statutory.legal_basis
    assert statutory.title == shipped_type("leave").steps[
        [s.key for s in shipped_type("leave").steps].index("employment-insurance-loss")].title_ja
    assert (event.status, event.source, event.note, event.recorded_by_id) == (
        "open", "web", "自己都合", office.manager.id)


def test_a_second_event_reuses_the_step_tasks(office):
    events.record_event(office.manager, "leave", LEAVING, office.employee)
    tasks = db.session.scalar(select(func.count()).select_from(Task))
    other = Employee(number="E1002", name="佐々木 次郎", hire_date=date(2021, 4, 1))
    db.session.add(other)
    second = events.record_event(office.manager, "leave", LEAVING, other)
    assert db.session.scalar(select(func.count()).select_from(Task)) == tasks
    assert len(_run(second)) == len(shipped_type("leave").steps)


def test_steps_for_the_employment_insurance_only_when_enrolled(office):
    office.employee.employment_insurance_insured = False
    event = events.record_event(office.manager, "leave", LEAVING, office.employee)
    keys = set(_run(event))
    assert "employment-insurance-loss" not in keys and "separation-certificate" not in keys
    assert {"withholding-slip-leaver", "resident-tax-transfer"} <= keys


def test_the_same_message_twice_records_one_event(office):
    first = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                source="api", message_id="msg-1")
    again = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                source="api", message_id="msg-1")
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1
    assert db.session.scalar(select(func.count()).select_from(Occurrence).where(
        Occurrence.event_id == first.id)) == len(_run(first))


@pytest.mark.parametrize(("type_key", "day", "with_employee", "field"), [
    ("resignation", LEAVING, True, "type"),
    (None, LEAVING, True, "type"),
    ("leave", None, True, "date"),
    ("leave", LEAVING, False, "employee_id"),
])
def test_bad_input_is_refused_by_field_and_writes_nothing(office, type_key, day, with_employee,
                                                          field):
    with pytest.raises(ValidationError) as refused:
        events.record_event(office.manager, type_key, day,
                            office.employee if with_employee else None)
    assert field in refused.value.fields
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_staff_cannot_record_or_cancel(office):
    with pytest.raises(Forbidden):
        events.record_event(office.ito, "leave", LEAVING, office.employee)
    event = events.record_event(office.manager, "leave", LEAVING, office.employee)
    with pytest.raises(Forbidden):
        events.cancel_event(office.ito, event)


def test_the_freer_qualified_owner_is_proposed(office):
    tasks = office.staff_leave_steps()
    # Ito, primary on every HR step, already carries a big December job.
    busy = Task(title="年末調整", department_id=office.hr.id, category="payroll",
                effort_minutes=100 * 60, schedule_kind="once", dtstart=date(2026, 12, 1),
                once_date=date(2026, 12, 20))
    busy.owners.append(TaskOwner(user_id=office.ito.id, role="primary", level=4))
    db.session.add(busy)
    db.session.flush()
    work.materialise([busy])
    planned = {p.step.key: p for p in events.preview_event(office.manager, "leave", LEAVING,
                                                           office.employee)}
    loss = planned["employment-insurance-loss"]
    assert loss.proposed.id == office.kato.id
    assert [c.id for c in loss.candidates] == [office.kato.id, office.ito.id]
    assert tasks["withholding-slip-leaver"].owners == []  # payroll: nobody set up
    assert planned["withholding-slip-leaver"].proposed is None


def test_someone_away_before_the_work_by_date_is_not_proposed(office):
    office.staff_leave_steps()
    db.session.add(Absence(user_id=office.kato.id, start_date=date(2026, 12, 7),
                           end_date=date(2026, 12, 11), kind="annual_leave"))
    db.session.flush()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee)
    assert _run(event)["employment-insurance-loss"].assignee_id == office.ito.id


def test_nobody_qualified_and_present_falls_back_to_the_primary_owner(office):
    office.staff_leave_steps()
    for person in (office.ito, office.kato):
        db.session.add(Absence(user_id=person.id, start_date=date(2026, 12, 2),
                               end_date=date(2026, 12, 31), kind="annual_leave"))
    db.session.flush()
    planned = {p.step.key: p for p in events.preview_event(office.manager, "leave", LEAVING,
                                                           office.employee)}
    assert planned["separation-certificate"].proposed.id == office.ito.id
    assert planned["separation-certificate"].candidates == []


def test_the_recorder_may_give_a_step_to_someone_else(office):
    office.staff_leave_steps()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                owners={"separation-certificate": office.kato.id})
    assert _run(event)["separation-certificate"].assignee_id == office.kato.id


def test_a_step_cannot_go_to_someone_outside_its_department(office):
    office.staff_leave_steps()
    with pytest.raises(ValidationError) as refused:
        events.record_event(office.manager, "leave", LEAVING, office.employee,
                            owners={"separation-certificate": office.world.other_staff})
    assert "owners.separation-certificate" in refused.value.fields
    with pytest.raises(ValidationError) as unknown:
        events.record_event(office.manager, "leave", LEAVING, office.employee,
                            owners={"no-such-step": office.kato.id})
    assert "owners.no-such-step" in unknown.value.fields


def test_a_step_is_on_its_assignees_work_only(office):
    office.staff_leave_steps()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                owners={"separation-certificate": office.kato.id,
                                        "employment-insurance-loss": office.ito.id})
    run = _run(event)

    def keys(person: User) -> set[int]:
        found = work.my_work(person)
        return {o.id for group in (found.overdue, found.past_work_by, found.today,
                                   found.this_week, found.next_30_days) for o in group}

    assert run["separation-certificate"].id in keys(office.kato)
    assert run["separation-certificate"].id not in keys(office.ito)
    assert run["employment-insurance-loss"].id in keys(office.ito)
    assert run["employment-insurance-loss"].id not in keys(office.kato)
    assert run["separation-certificate"].id in {o.id for o in work.for_feed(office.kato)}


def test_materialising_leaves_run_steps_alone(office):
    office.staff_leave_steps()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee)
    work.materialise()
    assert {o.status for o in _run(event).values()} == {"open"}


def test_reminders_go_to_the_assignee(office):
    office.staff_leave_steps()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                owners={"separation-certificate": office.kato.id})
    step = _run(event)["separation-certificate"]
    notifications.plan(task_ids=[step.task_id])
    recipients = set(db.session.scalars(
        select(Notification.recipient_id).where(Notification.occurrence_id == step.id,
                                                Notification.kind == "reminder")))
    assert recipients == {office.kato.id}


def test_cancelling_cancels_the_open_steps_and_their_reminders(office):
    office.staff_leave_steps()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee)
    run = _run(event)
    work.complete(office.manager, run["resident-tax-transfer"])
    notifications.plan()
    pending = select(func.count()).select_from(Notification).where(
        Notification.occurrence_id.in_([o.id for o in run.values()]),
        Notification.status == "pending")
    assert db.session.scalar(pending) > 0
    events.cancel_event(office.manager, event)
    statuses = {key: o.status for key, o in _run(event).items()}
    assert statuses.pop("resident-tax-transfer") == "done"
    assert set(statuses.values()) == {"cancelled"}
    assert (event.status, event.cancelled_by_id) == ("cancelled", office.manager.id)
    assert isinstance(event.cancelled_at, datetime)
    assert db.session.scalar(pending) == 0
    assert db.session.get(Event, event.id) is not None  # the record stays


def test_a_step_is_at_risk_when_its_assignee_is_away(office):
    office.staff_leave_steps()
    event = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                owners={"separation-certificate": office.kato.id})
    step = _run(event)["separation-certificate"]
    at_risk = {item.occurrence.id for item in coverage.dashboard(office.manager).at_risk}
    assert step.id not in at_risk
    db.session.add(Absence(user_id=office.kato.id, start_date=date(2026, 12, 1),
                           end_date=step.due_date, kind="sick"))
    db.session.flush()
    dashboard = coverage.dashboard(office.manager, today=date(2026, 12, 1))
    assert step.id in {item.occurrence.id for item in dashboard.at_risk}


def test_the_assignees_workload_carries_the_step(office):
    tasks = office.staff_leave_steps()
    tasks["separation-certificate"].effort_minutes = 600
    event = events.record_event(office.manager, "leave", LEAVING, office.employee,
                                owners={"separation-certificate": office.kato.id})
    due = _run(event)["separation-certificate"].due_date
    month = f"{due.year}-{due.month:02d}"
    grid = coverage.workload_grid([office.ito, office.kato], date(due.year, due.month, 1), 1)
    kato = grid.cells[(office.kato.id, month)].hours
    ito = grid.cells.get((office.ito.id, month))
    assert kato >= 10
    assert ito is None or ito.hours < kato


def test_list_filters_and_progress(office):
    office.staff_leave_steps()
    first = events.record_event(office.manager, "leave", LEAVING, office.employee)
    other = Employee(number="E2001", name="新人 花子", hire_date=date(2027, 1, 5))
    db.session.add(other)
    db.session.flush()
    hire = events.record_event(office.manager, "hire", date(2027, 1, 5), other)
    events.cancel_event(office.manager, hire)
    page = events.list_events(office.ito, 1, 20)
    assert [e.id for e in page.items] == [hire.id, first.id]
    assert [e.id for e in events.list_events(office.ito, 1, 20, type="leave").items] == [first.id]
    assert [e.id for e in events.list_events(office.ito, 1, 20, status="cancelled").items] == [
        hire.id]
    assert [e.id for e in events.list_events(office.ito, 1, 20,
                                             employee_id=other.id).items] == [hire.id]
    work.complete(office.manager, _run(first)["resident-tax-transfer"])
    done, total = events.progress([first])[first.id]
    assert (done, total) == (1, len(_run(first)))
    with pytest.raises(ValidationError):
        events.list_events(office.ito, 1, 20, type="party")


def test_an_employees_data_names_their_events_and_anonymising_removes_the_notes(office):
    admin = db.session.get(User, office.world.admin)
    event = events.record_event(office.manager, "leave", date(2026, 11, 20), office.employee,
                                note="自己都合・転居先は大阪")
    office.employee.leave_date = date(2026, 11, 20)
    db.session.flush()
    data = roster.personal_data(admin, office.employee)
    assert [(e["id"], e["note"]) for e in data["events"]] == [(event.id, "自己都合・転居先は大阪")]
    roster.anonymise(admin, office.employee)
    db.session.expire_all()
    assert db.session.get(Event, event.id).note == ""
    trail = db.session.scalars(select(AuditEntry.changes).where(
        AuditEntry.entity_type == "Event", AuditEntry.entity_id == str(event.id))).all()
    assert trail and "大阪" not in repr(trail)
    assert len(_run(event)) > 0  # the procedures stay
