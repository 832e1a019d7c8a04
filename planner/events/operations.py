"""Procedure runs: recording an event opens one occurrence per step that
applies to the employee, each given to the person best placed to do it;
cancelling the event cancels what is still open. Flushes, never commits."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from planner.calendar.domain import STATUTORY_CALENDAR, Deadline
from planner.calendar.operations import load_calendar
from planner.core.clock import org_today
from planner.core.dates import in_range
from planner.core.errors import N_, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.coverage import domain as coverage_rules
from planner.coverage.operations import (
    absences_between,
    capacity_of,
    default_capacity,
    workload_grid,
)
from planner.employees.models import Employee
from planner.events import domain
from planner.events.event_types import event_type
from planner.events.models import EVENT_SOURCES, EVENT_STATUSES, Event
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments
from planner.tasks.domain import LEGAL_BASIS_MAX, QUALIFIED_LEVEL, TITLE_MAX
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence
from planner.work.operations import ensure_month_open
from planner.work.signals import occurrences_rescheduled

UNKNOWN_TYPE = N_("Choose one of the event types.")
NOTE_MAX = 500


@dataclass
class PlannedStep:
    """A step as recording the event would open it: nothing written yet."""
    step: domain.StepTemplate
    due_date: date
    work_by: date
    task: Task | None  # None: the step's task is made when the event is recorded
    proposed: User | None
    candidates: list[User] = field(default_factory=list)

    @property
    def statutory(self) -> bool:
        return is_statutory(self.step)


@dataclass
class RunStep:
    """A step of a recorded run, as its page and the API show it."""
    occurrence: Occurrence
    key: str

    @property
    def owner(self) -> User | None:
        return self.occurrence.assignee or self.occurrence.task.primary_owner


@dataclass
class Run:
    event: Event
    steps: list[RunStep]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.occurrence.status in ("done", "skipped"))

    @property
    def total(self) -> int:
        return sum(1 for s in self.steps if s.occurrence.status != "cancelled")


def is_statutory(step: domain.StepTemplate) -> bool:
    """A step whose deadline the law sets moves on the authorities' calendar
    and is worked to the company's last business day before it."""
    return step.deadline.statutory


def step_key(type_key: str, step: domain.StepTemplate) -> str:
    return f"{type_key}:{step.key}"


# --- Roles ---------------------------------------------------------------------


def may_record(actor: User) -> bool:
    return Role(actor.role).at_least(Role.MANAGER)


def _require_recorder(actor: User) -> None:
    if not may_record(actor):
        raise Forbidden(N_("Only managers and administrators can record or cancel events."))


# --- Step tasks ----------------------------------------------------------------


def _department(code: str) -> Department:
    found = db.session.scalar(select(Department).where(Department.code == code))
    if found is None:
        # The shipped event types name the departments the planner starts
        # with; a company that renamed one must say where the step goes.
        raise ValidationError.single("type", N_(
            "The step's department %(code)s does not exist: add it, or rename one to it.",
            code=code))
    return found


def _step_tasks(type_key: str) -> dict[str, Task]:
    """The tasks already carrying this event type's steps, by step key, with
    their owners (one query)."""
    prefix = f"{type_key}:"
    tasks = db.session.scalars(
        select(Task).where(Task.event_step.startswith(prefix, autoescape=True))
        .options(selectinload(Task.owners)))
    return {task.event_step[len(prefix):]: task for task in tasks if task.event_step}


def ensure_step_task(type_key: str, step: domain.StepTemplate,
                     known: dict[str, Task] | None = None) -> Task:
    """The task that carries a step, made on first use. Its owners are then
    managed like any task's (the cross-training matrix)."""
    task = (known or {}).get(step.key) or db.session.scalar(
        select(Task).where(Task.event_step == step_key(type_key, step)))
    if task is not None:
        if task.archived_at is not None:
            task.archived_at = None  # a step the event type still has is work again
        return task
    department = _department(step.department)
    today = org_today()
    task = Task(
        title=step.title_ja[:TITLE_MAX], department_id=department.id, category=step.category,
        criticality="high" if is_statutory(step) else "medium",
        legal_basis=(step.legal_basis_ja or "")[:LEGAL_BASIS_MAX],
        effort_minutes=step.effort_minutes or 0,
        schedule_kind="event", dtstart=today, shift="none", lead_days=[7, 1, 0],
        deadline_basis="statutory" if is_statutory(step) else "internal",
        event_step=step_key(type_key, step))
    try:
        # Two first events of a type at once: the second takes the first's task.
        with db.session.begin_nested():
            db.session.add(task)
    except IntegrityError:
        found = db.session.scalar(select(Task).where(Task.event_step == step_key(type_key, step)))
        if found is None:
            raise
        return found
    return task


# --- Owners --------------------------------------------------------------------


def _facts(employee: Employee) -> domain.EmployeeFacts:
    return domain.EmployeeFacts(health_pension_insured=employee.health_pension_insured,
                                employment_insurance_insured=employee.employment_insurance_insured)


def _absent_before(people: list[int], work_by: date, today: date,
                   leaves: list[coverage_rules.Leave], calendar) -> set[int]:  # noqa: ANN001
    """Those of `people` away on a business day from today to the work-by date."""
    days = list(calendar.business_days_between(today, max(today, work_by)))
    return {leave.user_id for leave in leaves if leave.user_id in people
            and any(leave.start <= day <= leave.end for day in days)}


def _propose(task: Task | None, due: date, work_by: date, today: date,
             leaves: list[coverage_rules.Leave], free: dict[tuple[int, str], float],
             calendar) -> tuple[User | None, list[User]]:  # noqa: ANN001
    """The qualified owner present until the work-by date with the most free
    hours in the due month (and the others, best first); else the primary owner."""
    if task is None:
        return None, []
    owners = [o for o in task.owners if o.user.active and o.level >= QUALIFIED_LEVEL]
    away = _absent_before([o.user_id for o in owners], work_by, today, leaves, calendar)
    month = f"{due.year:04d}-{due.month:02d}"
    present = sorted((o for o in owners if o.user_id not in away),
                     key=lambda o: (-free.get((o.user_id, month), 0.0), o.user.name, o.user_id))
    candidates = [o.user for o in present]
    if candidates:
        return candidates[0], candidates
    return task.primary_owner, candidates


def _free_hours(tasks: list[Task], months: set[date]) -> dict[tuple[int, str], float]:
    """(person, "YYYY-MM") -> capacity less planned load, for the owners of these tasks."""
    people = {o.user_id: o.user for t in tasks for o in t.owners if o.user.active}
    if not people or not months:
        return {}
    first = min(months)
    span = (max(months).year - first.year) * 12 + max(months).month - first.month + 1
    grid = workload_grid(list(people.values()), first, span)
    default = default_capacity()
    return {(person_id, month): capacity_of(person, default) - (
                grid.cells[(person_id, month)].hours if (person_id, month) in grid.cells else 0)
            for person_id, person in people.items() for month in grid.months}


def _check_owner_choice(owners: dict[str, int], planned: list[PlannedStep],
                        tasks: dict[str, Task]) -> None:
    """A chosen owner is an active member of the step's department."""
    wanted = {p.step.key: p for p in planned}
    errors = {}
    for key, user_id in owners.items():
        if key not in wanted:
            errors[f"owners.{key}"] = [N_("This event type has no such step.")]
            continue
        if user_id is None:
            continue
        step = wanted[key].step
        department_id = (tasks[key].department_id if key in tasks
                         else _department(step.department).id)
        member = db.session.scalar(
            select(User.id).join(user_departments, user_departments.c.user_id == User.id)
            .where(User.id == user_id, User.active.is_(True),
                   user_departments.c.department_id == department_id))
        if member is None:
            errors[f"owners.{key}"] = [N_("Choose an active member of the step's department.")]
    if errors:
        raise ValidationError(errors)


# --- Preview and record --------------------------------------------------------


def _checked(type_key: str | None, event_date: date | None, employee: Employee | None
             ) -> domain.EventType:
    errors: dict[str, list] = {}
    kind = event_type(type_key) if type_key else None
    if kind is None or kind.archived:
        errors["type"] = [UNKNOWN_TYPE]
    elif not kind.steps:
        errors["type"] = [N_("This event type has no steps yet: an administrator adds them "
                             "on the event types page.")]
    if not isinstance(event_date, date) or not in_range(event_date):
        errors["date"] = [N_("Enter the date of the event (YYYY-MM-DD).")]
    if employee is None:
        errors["employee_id"] = [N_("Choose an employee from the roster.")]
    if errors:
        raise ValidationError(errors)
    assert kind is not None
    return kind


class StepPlanner:
    """Plans events' steps with their dates and proposed owners, writing
    nothing. The step tasks, the absences and the free capacity are read once
    per event type (and months) and reused for every event planned after, so
    an import's thousand rows cost what a few events do."""

    def __init__(self) -> None:
        self.company = load_calendar()
        self.today = org_today()
        self._tasks: dict[str, dict[str, Task]] = {}
        self._leaves: tuple[date, list[coverage_rules.Leave]] | None = None
        self._free: dict[tuple[str, frozenset[date]], dict[tuple[int, str], float]] = {}

    def plan(self, kind: domain.EventType, event_date: date, facts: domain.EmployeeFacts
             ) -> list[PlannedStep]:
        tasks = self._tasks.get(kind.key)
        if tasks is None:
            tasks = self._tasks[kind.key] = _step_tasks(kind.key)
        dated = [(step, due, Deadline(statutory=is_statutory(step)).work_by(due, self.company))
                 for step, due in domain.plan(kind, event_date, facts, STATUTORY_CALENDAR,
                                              self.company)]
        leaves = self._leaves_until(max([w for _, _, w in dated], default=self.today))
        months = frozenset(date(d.year, d.month, 1) for _, d, _ in dated)
        free = self._free.get((kind.key, months))
        if free is None:
            # Every owner of the type's steps, whichever apply to this employee:
            # the figures then serve the next employee too.
            free = self._free[(kind.key, months)] = _free_hours(list(tasks.values()), months)
        steps = []
        for step, due, work_by in dated:
            task = tasks.get(step.key)
            proposed, candidates = _propose(task, due, work_by, self.today, leaves, free,
                                            self.company)
            steps.append(PlannedStep(step, due, work_by, task, proposed, candidates))
        return steps

    def _leaves_until(self, horizon: date) -> list[coverage_rules.Leave]:
        """The absences from today to `horizon` (at least): the widest asked so far."""
        if self._leaves is None or self._leaves[0] < horizon:
            self._leaves = (horizon, absences_between(self.today, max(self.today, horizon)))
        return self._leaves[1]


def preview_event(actor: User, type_key: str | None, event_date: date | None,
                  employee: Employee | None) -> list[PlannedStep]:
    """The steps recording this event would open, their dates and proposed
    owners. Writes nothing."""
    kind = _checked(type_key, event_date, employee)
    assert event_date is not None and employee is not None
    return StepPlanner().plan(kind, event_date, _facts(employee))


def find_by_message(message_id: str | None) -> Event | None:
    if not message_id:
        return None
    return db.session.scalar(select(Event).where(Event.message_id == message_id))


def record_event(actor: User, type_key: str | None, event_date: date | None,
                 employee: Employee | None, *, source: str = "web",
                 message_id: str | None = None, note: str = "",
                 owners: dict[str, int | None] | None = None) -> Event:
    """Record the event and open its run: an occurrence per step that applies
    to the employee, due on the step's date and given to the proposed owner
    (or the one the recorder chose). The same message id twice: the event
    already recorded, unchanged."""
    return record_event_once(actor, type_key, event_date, employee, source=source,
                             message_id=message_id, note=note, owners=owners)[0]


def record_event_once(actor: User, type_key: str | None, event_date: date | None,
                      employee: Employee | None, *, source: str = "web",
                      message_id: str | None = None, note: str = "",
                      owners: dict[str, int | None] | None = None) -> tuple[Event, bool]:
    """record_event(), and whether this call recorded the event (False: a
    delivery with the same message id had, perhaps a moment before in
    another transaction), so a receiver answers a repeat as a repeat."""
    _require_recorder(actor)
    if source not in EVENT_SOURCES:
        raise ValueError(f"unknown source {source!r}")
    message_id = (message_id or "").strip() or None
    if message_id and len(message_id) > 100:
        raise ValidationError.single("idempotency_key", N_(
            "Send an idempotency key of at most %(max)d characters.", max=100))
    if (existing := find_by_message(message_id)) is not None:
        return existing, False
    if len(note or "") > NOTE_MAX:
        raise ValidationError.single("note", N_(
            "Write at most %(max)d characters.", max=NOTE_MAX))
    planned = preview_event(actor, type_key, event_date, employee)
    assert employee is not None and event_date is not None and type_key is not None
    owners = owners or {}
    _check_owner_choice(owners, planned, {p.step.key: p.task for p in planned if p.task})
    for item in planned:
        # A step due in a closed month (締め) refuses the whole event, before
        # anything is written.
        ensure_month_open(item.task.department_id if item.task is not None
                          else _department(item.step.department).id, item.due_date)
    event = Event(type_key=type_key, date=event_date, employee_id=employee.id, status="open",
                  source=source, message_id=message_id, note=(note or "").strip(),
                  recorded_by_id=actor.id)
    try:
        # A savepoint: the same delivery arriving twice at once makes one event,
        # the second finding the first's row instead of failing the request.
        with db.session.begin_nested():
            db.session.add(event)
    except IntegrityError:
        if (existing := find_by_message(message_id)) is not None:
            return existing, False
        raise
    known = {p.step.key: p.task for p in planned if p.task is not None}
    for item in planned:
        task = ensure_step_task(type_key, item.step, known)
        if item.step.key in owners:
            assignee_id = owners[item.step.key]
        else:
            assignee_id = item.proposed.id if item.proposed else None
        db.session.add(Occurrence(
            task_id=task.id, nominal_date=item.due_date, due_date=item.due_date,
            work_by=item.work_by, status="open", note="", event_id=event.id, run_key=event.id,
            assignee_id=assignee_id))
    db.session.flush()
    # The reminders of the new steps are planned like those of a rescheduled task.
    occurrences_rescheduled.send(None, task_ids=sorted({o.task_id for o in _occurrences(event)}))
    return event, True


def cancel_event(actor: User, event: Event) -> Event:
    """The event did not happen after all: its open steps are cancelled (and
    with them their pending reminders); done ones and the record stay."""
    _require_recorder(actor)
    if event.status == "cancelled":
        return event
    event.status = "cancelled"
    event.cancelled_by_id = actor.id
    event.cancelled_at = utcnow()
    steps = _occurrences(event)
    for occurrence in steps:
        if occurrence.status == "open":
            occurrence.status = "cancelled"
    db.session.flush()
    occurrences_rescheduled.send(None, task_ids=sorted({o.task_id for o in steps}))
    return event


# --- Reading runs ----------------------------------------------------------------


def _occurrences(event: Event) -> list[Occurrence]:
    return list(db.session.scalars(
        select(Occurrence).where(Occurrence.event_id == event.id)
        .order_by(Occurrence.due_date, Occurrence.id)))


def list_events(actor: User, page: int, per_page: int, type: str | None = None,  # noqa: A002
                status: str | None = None, employee_id: int | None = None) -> Page[Event]:
    """Events, newest first; every signed-in person sees them (staff follow runs)."""
    errors = {}
    if type is not None and event_type(type) is None:
        errors["type"] = [UNKNOWN_TYPE]
    if status is not None and status not in EVENT_STATUSES:
        errors["status"] = [N_("Choose open or cancelled.")]
    if errors:
        raise ValidationError(errors)
    query = select(Event)
    if type:
        query = query.where(Event.type_key == type)
    if status:
        query = query.where(Event.status == status)
    if employee_id:
        query = query.where(Event.employee_id == employee_id)
    return paginate(query.order_by(Event.date.desc(), Event.id.desc()), page, per_page)


def get_event(actor: User, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound()
    return event


def run_of(event: Event) -> Run:
    """The run's steps with their task, owners, assignee and completer: three
    queries whatever the number of steps."""
    rows = db.session.scalars(
        select(Occurrence).where(Occurrence.event_id == event.id)
        .options(joinedload(Occurrence.assignee), joinedload(Occurrence.completed_by),
                 selectinload(Occurrence.task).selectinload(Task.owners).joinedload(
                     TaskOwner.user))
        .order_by(Occurrence.due_date, Occurrence.id)).unique()
    prefix = f"{event.type_key}:"
    return Run(event, [RunStep(o, (o.task.event_step or "").removeprefix(prefix)) for o in rows])


def progress(events: list[Event]) -> dict[int, tuple[int, int]]:
    """Per event, (steps done or skipped, steps not cancelled): one query."""
    if not events:
        return {}
    done = func.sum(case((Occurrence.status.in_(("done", "skipped")), 1), else_=0))
    live = func.sum(case((Occurrence.status != "cancelled", 1), else_=0))
    rows = db.session.execute(
        select(Occurrence.event_id, done, live)
        .where(Occurrence.event_id.in_([e.id for e in events]))
        .group_by(Occurrence.event_id))
    return {event_id: (int(d or 0), int(t or 0)) for event_id, d, t in rows}

