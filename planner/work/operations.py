"""Occurrences: materialised ahead from each task's schedule, then completed,
skipped or reopened by people."""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from operator import itemgetter

from dateutil.relativedelta import relativedelta
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    bindparam,
    func,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import aliased, contains_eager, defaultload, joinedload

from planner.calendar.domain import INTERNAL, BusinessCalendar, Deadline
from planner.calendar.operations import load_calendar
from planner.calendar.recurrence import InvalidSchedule, Schedule, dated_occurrences
from planner.core.bulk import insert_ignoring_duplicates, insert_rows
from planner.core.clock import org_today
from planner.core.errors import N_, Conflict, Forbidden, Message, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.people.access import get_visible, scope_of
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.tasks.signals import task_saved
from planner.work import domain as effort_rules
from planner.work.models import Occurrence
from planner.work.signals import (
    closed_months,
    month_changing,
    occurrence_changing,
    occurrence_closed,
    occurrence_prepared,
    occurrence_preparing,
)

log = logging.getLogger(__name__)

HORIZON_MONTHS = 13
# A nominal date shortly before today can still be due after it (moved to the
# next business day), so the window looks back this far.
LOOKBACK_DAYS = 31
_CHUNK = 1000  # task ids in one IN (...) list


@dataclass
class MaterialiseResult:
    tasks: int = 0
    created: int = 0
    moved: int = 0
    cancelled: int = 0
    invalid_tasks: list[int] = field(default_factory=list)
    # Dates not made or moved because their department's month is closed (締め).
    skipped_closed: int = 0


class ScheduleDates:
    """The occurrences each schedule wants in one window (from today to the
    horizon), computed once per distinct rule: a company has some hundreds
    of distinct schedules over tens of thousands of tasks (the 10th of each
    month, moved to the next business day...), and the dates were most of
    the time of materialising them. Lead times do not change the dates; the
    deadline basis and buffer do, and are part of what is remembered."""

    # Dates remembered at most (some 10 MB); past it the memory starts again,
    # so a file of all-different daily rules does not grow without bound.
    _KEEP = 100_000

    def __init__(self, today: date | None = None, horizon_months: int = HORIZON_MONTHS,
                 calendar: BusinessCalendar | None = None) -> None:
        self.today = today or org_today()
        self.calendar = calendar or load_calendar()
        self.start = self.today - timedelta(days=LOOKBACK_DAYS)
        self.end = self.today + relativedelta(months=horizon_months)
        self._known: dict[tuple[Schedule, Deadline], dict[date, tuple[date, date]] | None] = {}
        self._kept = 0

    def wanted(self, schedule: Schedule, deadline: Deadline = INTERNAL
               ) -> dict[date, tuple[date, date]] | None:
        """Nominal date -> (due date, work-by date) of the occurrences due
        from today to the horizon; None when the schedule is invalid. Shared:
        do not change it."""
        key = replace(schedule, lead_days=())
        if key.kind != "rrule":
            # Only an RRULE's phase (every other week...) depends on DTSTART
            # before the window; the other kinds start at the later of the two.
            key = replace(key, dtstart=max(key.dtstart, self.start))
        if (key, deadline) in self._known:
            return self._known[(key, deadline)]
        try:
            found: dict[date, tuple[date, date]] | None = {
                o.nominal: (o.due, o.work_by)
                for o in dated_occurrences(key, self.calendar, self.start, self.end, deadline)
                if o.due >= self.today}
        except InvalidSchedule:
            found = None
        if self._kept >= self._KEEP:
            self._known.clear()
            self._kept = 0
        self._known[(key, deadline)] = found
        self._kept += len(found or ()) + 1
        return found


def materialise(tasks: Sequence[Task] | None = None, today: date | None = None,
                horizon_months: int = HORIZON_MONTHS,
                calendar: BusinessCalendar | None = None,
                dates: ScheduleDates | None = None) -> MaterialiseResult:
    """Bring open occurrences in line with the schedules, from today to the horizon.

    Idempotent and safe in several processes at once: new rows are inserted
    with ON CONFLICT DO NOTHING on (task, nominal date), and updates write the
    same values whoever computes them. Done and skipped occurrences are never
    touched; open ones the schedule no longer produces are cancelled.
    `dates` (which then sets today, the horizon and the calendar) carries the
    computed dates from one call to the next, e.g. over an import's batches.
    """
    dates = dates or ScheduleDates(today, horizon_months, calendar)
    today, start, end = dates.today, dates.start, dates.end
    if tasks is None:
        tasks = list(db.session.scalars(select(Task).where(Task.archived_at.is_(None))))
    tasks = [t for t in tasks if t.archived_at is None]
    result = MaterialiseResult(tasks=len(tasks))
    if not tasks:
        return result

    existing: dict[int, dict[date, tuple[int, date, date, str]]] = defaultdict(dict)
    query = select(Occurrence.id, Occurrence.task_id, Occurrence.nominal_date,
                   Occurrence.due_date, Occurrence.work_by, Occurrence.status,
                   ).where(Occurrence.nominal_date >= start,
                           # A procedure run's steps come from its event, not the schedule.
                           Occurrence.run_key == 0)
    if len(tasks) <= _CHUNK:
        query = query.where(Occurrence.task_id.in_([t.id for t in tasks]))
    for row in db.session.execute(query):
        existing[row.task_id][row.nominal_date] = (row.id, row.due_date, row.work_by, row.status)

    inserts: list[dict] = []
    changes: list[dict] = []
    closed = closed_months_of({t.department_id for t in tasks})
    for task in tasks:
        wanted = dates.wanted(task.schedule, deadline_of(task))
        if wanted is None:
            _invalid(result, task.id)
            continue
        have = existing.get(task.id, {})
        refused = []
        for nominal, (due, work_by) in wanted.items():
            found = have.get(nominal)
            if (task.department_id, due.replace(day=1)) in closed and (
                    found is None or found[3] == "cancelled"
                    or (found[3] == "open" and found[1] != due)):
                # A closed month (締め) takes no new or moved work: the date
                # waits until an administrator reopens the month.
                refused.append(due)
                continue
            if found is None:
                inserts.append({"task_id": task.id, "nominal_date": nominal, "due_date": due,
                                "work_by": work_by, "status": "open", "note": ""})
            elif found[3] == "open" and (found[1], found[2]) != (due, work_by):
                changes.append({"row_id": found[0], "new_due": due, "new_work_by": work_by,
                                "new_status": "open"})
                result.moved += 1
            elif found[3] == "cancelled":
                changes.append({"row_id": found[0], "new_due": due, "new_work_by": work_by,
                                "new_status": "open"})
        for nominal, (row_id, due, work_by, status) in have.items():
            beyond_window = nominal > end  # rows materialised with a longer horizon stay
            if nominal not in wanted and status == "open" and due >= today and not beyond_window:
                changes.append({"row_id": row_id, "new_due": due, "new_work_by": work_by,
                                "new_status": "cancelled"})
                result.cancelled += 1
        _skipped_closed(result, task.id, refused)
    result.created = insert_ignoring_duplicates(Occurrence, inserts,
                                                ["task_id", "nominal_date", "run_key"])
    if changes:
        db.session.execute(
            update(Occurrence.__table__)
            .where(Occurrence.__table__.c.id == bindparam("row_id"))
            .values(due_date=bindparam("new_due"), work_by=bindparam("new_work_by"),
                    status=bindparam("new_status")),
            changes,
        )
    # Bulk statements bypass the identity map: reload anything already loaded.
    db.session.expire_all()
    return result


def deadline_of(task: Task) -> Deadline:
    return Deadline(statutory=task.deadline_basis == "statutory",
                    buffer_days=task.work_by_buffer_days or 0)


def materialise_new(tasks: Sequence[tuple[int, Schedule, Deadline]], dates: ScheduleDates
                    ) -> MaterialiseResult:
    """materialise() for tasks inserted in this transaction, as (id,
    schedule, deadline):
    they have no occurrences, and no other process can see them to make any
    before the commit, so there is nothing to read, compare or skip; the rows
    go straight in (COPY on PostgreSQL). An import creates 700,000 of them
    for 50,000 tasks."""
    result = MaterialiseResult(tasks=len(tasks))
    inserts: list[dict] = []
    closed = closed_months_of(None)
    department_of = _departments_of([t[0] for t in tasks], {d for d, _ in closed})
    for task_id, schedule, deadline in tasks:
        wanted = dates.wanted(schedule, deadline)
        if wanted is None:
            _invalid(result, task_id)
            continue
        department_id = department_of.get(task_id)
        refused = [due for due, _ in wanted.values()
                   if (department_id, due.replace(day=1)) in closed]
        inserts.extend({"task_id": task_id, "nominal_date": nominal, "due_date": due,
                        "work_by": work_by, "status": "open", "note": ""}
                       for nominal, (due, work_by) in wanted.items()
                       if (department_id, due.replace(day=1)) not in closed)
        _skipped_closed(result, task_id, refused)
    # In date order: the indexes that lead with status or person and then the
    # date take the batch's rows page after page, instead of all over them.
    inserts.sort(key=itemgetter("due_date"))
    insert_rows(Occurrence, inserts)
    result.created = len(inserts)
    return result


def _departments_of(task_ids: list[int], departments: set[int]) -> dict[int, int]:
    """The department of each task that is in one of `departments` (those
    with a closed month): none to read when no month is closed."""
    if not departments or not task_ids:
        return {}
    wanted = set(task_ids)
    return {task_id: department_id for task_id, department_id in db.session.execute(
        select(Task.id, Task.department_id).where(Task.department_id.in_(departments)))
        if task_id in wanted}


def _skipped_closed(result: MaterialiseResult, task_id: int, days: list[date]) -> None:
    if not days:
        return
    result.skipped_closed += len(days)
    log.warning("task %s: %d occurrence(s) not made or moved: their month is closed (%s)",
                task_id, len(days), ", ".join(sorted({f"{d:%Y-%m}" for d in days})))


def _invalid(result: MaterialiseResult, task_id: int) -> None:
    result.invalid_tasks.append(task_id)
    log.warning("task %s has an invalid schedule; not materialised", task_id)


def cancel_future(task: Task, today: date | None = None) -> int:
    """An archived task's future open occurrences are cancelled."""
    today = today or org_today()
    result = db.session.execute(
        update(Occurrence)
        .where(Occurrence.task_id == task.id, Occurrence.status == "open",
               Occurrence.due_date >= today)
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# --- People acting on occurrences ------------------------------------------


def get_occurrence(actor: User, occurrence_id: int) -> Occurrence:
    return get_visible(actor, Occurrence, occurrence_id, lambda o: o.task.department_id)


def _may_tick(actor: User, occurrence: Occurrence) -> bool:
    if Role(actor.role).at_least(Role.MANAGER):
        return True  # within scope, checked by get_occurrence
    if occurrence.assignee_id == actor.id:
        return True  # the step of a run given to them
    return any(owner.user_id == actor.id for owner in occurrence.task.owners)


def _require_tick(actor: User, occurrence: Occurrence) -> None:
    if not _may_tick(actor, occurrence):
        raise Forbidden(N_("Only the task's owners and managers can change this occurrence."))


def period_closed(occurrence: Occurrence) -> Message | None:
    """Why the occurrence may not change (its month is closed), or None."""
    return next((message for _receiver, message in occurrence_changing.send(occurrence)
                 if message is not None), None)


def ensure_open_period(occurrence: Occurrence) -> None:
    """The one check every change of an occurrence, its checklist and its
    evidence goes through, whatever the path (page, API, import)."""
    ensure_month_open(occurrence.task.department_id, occurrence.due_date)


def ensure_month_open(department_id: int, day: date) -> None:
    """Refuse (409) work of the department made, moved or changed on `day`
    when its month is closed; otherwise hold the month until the commit, so
    a close of it waits for this change and then sees it."""
    message = next((message for _receiver, message in month_changing.send(
        None, department_id=department_id, day=day) if message is not None), None)
    if message is not None:
        raise Conflict(message)


def closed_months_of(department_ids: Collection[int] | None
                     ) -> frozenset[tuple[int, date]]:
    """(department id, month's first day) of the closed months (None: of
    every department)."""
    found: set[tuple[int, date]] = set()
    for _receiver, months in closed_months.send(None, department_ids=department_ids):
        found |= months
    return frozenset(found)


MINUTES_MIN, MINUTES_MAX = 1, 1440  # a day's work at most (the column's check says so too)


def check_minutes(minutes: int | None) -> None:
    """Minutes taken are optional; given, they are whole minutes of one day."""
    if minutes is None:
        return
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not (
            MINUTES_MIN <= minutes <= MINUTES_MAX):
        raise ValidationError.single("minutes", N_(
            "Enter the minutes it took as a whole number from %(min)d to %(max)d, or leave "
            "it empty.", min=MINUTES_MIN, max=MINUTES_MAX))


def complete(actor: User, occurrence: Occurrence, note: str = "", minutes: int | None = None,
             *, completed_by: User | None = None, completed_at: datetime | None = None
             ) -> Occurrence:
    """Mark done, with the minutes it took when the person says so.
    `completed_by` and `completed_at`: who did it and when, when that was
    someone else and earlier (an import of past completions). Work of a task
    that requires review is prepared instead: done only once someone else
    approves it."""
    _require_tick(actor, occurrence)
    ensure_open_period(occurrence)
    check_minutes(minutes)
    if occurrence.status == "cancelled":
        raise ValidationError({}, N_("This occurrence was cancelled."))
    if occurrence.task.review_required and completed_by is None:
        return prepare(actor, occurrence, note, minutes)
    occurrence.status = "done"
    occurrence.completed_by_id = (completed_by or actor).id
    occurrence.completed_at = completed_at or utcnow()
    occurrence.note = (note or "").strip()[:500]
    occurrence.minutes_taken = minutes
    db.session.flush()
    occurrence_closed.send(occurrence)
    return occurrence


def prepare(actor: User, occurrence: Occurrence, note: str = "", minutes: int | None = None
            ) -> Occurrence:
    """Hand open work over for review (ダブルチェック). Whatever another feature
    says stops it (a checklist step not ticked…) refuses it, all at once."""
    _require_tick(actor, occurrence)
    ensure_open_period(occurrence)
    check_minutes(minutes)
    if occurrence.status != "open":
        raise Conflict(N_("Only open work can be prepared for review."))
    stops: list[Message] = [message for _receiver, messages
                            in occurrence_preparing.send(occurrence) for message in messages or ()]
    if stops:
        raise ValidationError({"preparing": stops},
                              N_("This occurrence cannot be handed over for review yet."))
    occurrence.status = "prepared"
    occurrence.prepared_by_id = actor.id
    occurrence.prepared_at = utcnow()
    # A decision belongs to one handing-over: the last return stays in the history.
    occurrence.reviewed_by_id = occurrence.reviewed_at = None
    occurrence.note = (note or "").strip()[:500]
    occurrence.minutes_taken = minutes
    db.session.flush()
    occurrence_prepared.send(occurrence)
    return occurrence


def skip(actor: User, occurrence: Occurrence, reason: str) -> Occurrence:
    _require_tick(actor, occurrence)
    ensure_open_period(occurrence)
    if not (reason or "").strip():
        raise ValidationError.single("reason", N_("Say why this occurrence is skipped."))
    if occurrence.status == "cancelled":
        raise ValidationError({}, N_("This occurrence was cancelled."))
    occurrence.status = "skipped"
    occurrence.completed_by_id = actor.id
    occurrence.completed_at = utcnow()
    occurrence.note = reason.strip()[:500]
    db.session.flush()
    occurrence_closed.send(occurrence)
    return occurrence


def tick_off_of(occurrence: Occurrence) -> effort_rules.TickOff:
    """What the last tick-off left on the occurrence: done (who, when) or
    prepared for review (who handed it over, when)."""
    if occurrence.status == "prepared":
        return effort_rules.TickOff("prepared", occurrence.prepared_by_id, occurrence.prepared_at)
    return effort_rules.TickOff(occurrence.status, occurrence.completed_by_id,
                                occurrence.completed_at)


def may_undo(actor: User, occurrence: Occurrence, remembered: effort_rules.TickOff) -> bool:
    """Whether "undo" is still on offer (its period open too)."""
    return (effort_rules.undo_allowed(tick_off_of(occurrence), remembered, actor.id, utcnow())
            and period_closed(occurrence) is None)


def undo_tick_off(actor: User, occurrence: Occurrence, remembered: effort_rules.TickOff
                  ) -> Occurrence:
    """Take back one's own "done" (or hand-over for review) of a moment ago:
    the occurrence is open again, without the note and minutes that came with
    it. Refused once anything changed since; the change is audited like any
    other write."""
    _require_tick(actor, occurrence)
    ensure_open_period(occurrence)
    if not effort_rules.undo_allowed(tick_off_of(occurrence), remembered, actor.id, utcnow()):
        raise Conflict(N_("This can no longer be undone: it changed since, or it was more "
                          "than ten minutes ago. Reopen it from its page instead."))
    _back_to_open(occurrence)
    occurrence.note = ""
    db.session.flush()
    return occurrence


def _back_to_open(occurrence: Occurrence) -> None:
    occurrence.status = "open"
    occurrence.completed_by_id = None
    occurrence.completed_at = None
    # Neither prepared nor checked any more; the decisions stay in their history.
    occurrence.prepared_by_id = occurrence.prepared_at = None
    occurrence.reviewed_by_id = occurrence.reviewed_at = None
    # Not done after all: its minutes no longer measure the task.
    occurrence.minutes_taken = None


def reopen(actor: User, occurrence: Occurrence) -> Occurrence:
    _require_tick(actor, occurrence)
    ensure_open_period(occurrence)
    if occurrence.status in ("done", "skipped", "prepared"):
        _back_to_open(occurrence)
        db.session.flush()
    return occurrence


# --- Measured effort ----------------------------------------------------------


def measured_samples(task_ids: Collection[int] | Select, *,
                     completed_before: datetime | None = None,
                     completed_after: datetime | None = None) -> dict[int, list[int]]:
    """Per task, the minutes of its latest done occurrences that have them,
    newest (by completed_at) first, at most MEASURED_WINDOW each; a task
    without any is absent. One query (per _CHUNK ids; a SELECT of task ids,
    e.g. a department's, is one query whatever its size): the window function
    ranks each task's rows in the database instead of reading its history.
    `completed_before` is exclusive, `completed_after` inclusive."""
    if isinstance(task_ids, Select):
        chunks: list[Collection[int] | Select] = [task_ids]
    else:
        ids = sorted(set(task_ids))
        chunks = [ids[start:start + _CHUNK] for start in range(0, len(ids), _CHUNK)]
    found: dict[int, list[int]] = {}
    for chunk in chunks:
        rank = func.row_number().over(
            partition_by=Occurrence.task_id,
            # The id breaks ties: two completions imported at the same instant.
            order_by=(Occurrence.completed_at.desc(), Occurrence.id.desc())).label("rank")
        ranked = select(Occurrence.task_id, Occurrence.minutes_taken, rank).where(
            Occurrence.task_id.in_(chunk), Occurrence.status == "done",
            Occurrence.minutes_taken.is_not(None), Occurrence.completed_at.is_not(None))
        if completed_before is not None:
            ranked = ranked.where(Occurrence.completed_at < completed_before)
        if completed_after is not None:
            ranked = ranked.where(Occurrence.completed_at >= completed_after)
        rows = ranked.subquery()
        query = (select(rows.c.task_id, rows.c.minutes_taken)
                 .where(rows.c.rank <= effort_rules.MEASURED_WINDOW)
                 .order_by(rows.c.task_id, rows.c.rank))
        for task_id, minutes in db.session.execute(query):
            found.setdefault(task_id, []).append(minutes)
    return found


def measured_efforts(task_ids: Collection[int] | Select, *,
                     completed_before: datetime | None = None,
                     completed_after: datetime | None = None) -> dict[int, int]:
    """The measured effort of each of these tasks that has one (one query),
    from the completions in the window `measured_samples` takes."""
    efforts = {task_id: effort_rules.measured_effort(samples)
               for task_id, samples in measured_samples(
                   task_ids, completed_before=completed_before,
                   completed_after=completed_after).items()}
    return {task_id: minutes for task_id, minutes in efforts.items() if minutes is not None}


@dataclass(frozen=True)
class Effort:
    """A task's effort per occurrence and where it comes from."""
    minutes: int
    source: str  # "measured" | "registered"
    samples: tuple[int, ...]  # the measurements, newest first (even when too few)

    @property
    def measured(self) -> bool:
        return self.source == "measured"


def effort_for(tasks: Iterable[Task]) -> dict[int, Effort]:
    """Each task's effort: the measured median once there are enough
    measurements, else its registered effort_minutes. One query."""
    tasks = list(tasks)
    samples = measured_samples([t.id for t in tasks])
    efforts = {}
    for task in tasks:
        own = tuple(samples.get(task.id, ()))
        measured = effort_rules.measured_effort(own)
        efforts[task.id] = (Effort(measured, "measured", own) if measured is not None
                            else Effort(task.effort_minutes or 0, "registered", own))
    return efforts


def may_adopt_effort(actor: User, task: Task) -> bool:
    return (Role(actor.role).at_least(Role.MANAGER)
            and scope_of(actor).covers(task.department_id))


def adopt_measured_effort(actor: User, task: Task) -> Task:
    """A manager makes the measured effort the task's registered one."""
    if not may_adopt_effort(actor, task):
        raise Forbidden(N_("Only a manager of the task's department can change its effort."))
    measured = effort_rules.measured_effort(measured_samples([task.id]).get(task.id, []))
    if measured is None:
        raise ValidationError.single("effort_minutes", N_(
            "There is no measured effort yet: it takes %(count)d completions with minutes.",
            count=effort_rules.MEASURED_MINIMUM))
    if task.effort_minutes != measured:
        task.effort_minutes = measured
        db.session.flush()  # audited like any task write (Task is __audited__)
        # Others (the cost proposals, procedures...) learn of a task write this way.
        task_saved.send(task, actor=actor, created=False, schedule_changed=False,
                        procedure_changed=False)
    return task


# --- Views of the work ------------------------------------------------------


def _with_task() -> Select:
    """Occurrences joined to their task, which the rows then load from that
    same join: left to its default (a joined eager load), the task was
    joined a second time under an alias, and PostgreSQL read the whole task
    table to match the two."""
    return select(Occurrence).join(Occurrence.task).options(contains_eager(Occurrence.task))


def _open(query: Select) -> Select:
    return query.where(Occurrence.status == "open", Task.archived_at.is_(None))


def theirs(person_id: int | BindParameter) -> ColumnElement[bool]:
    """The occurrences that are this person's work: a step of a procedure
    run given to them, else those of the tasks they own (scheduled work and
    steps given to nobody in particular)."""
    # Two lists joined, not an OR: each half uses its own index (the assignee;
    # the owner's tasks), where SQLite planned the OR as a pass over every task
    # of the company (a quarter of a second for my work with 20,000 tasks).
    occurrence = aliased(Occurrence)
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == person_id)
    return Occurrence.id.in_(union_all(
        select(occurrence.id).where(occurrence.assignee_id == person_id),
        select(occurrence.id).where(occurrence.assignee_id.is_(None),
                                    occurrence.task_id.in_(owned))))


@dataclass
class MyWork:
    """Open work by the date to do it by (the work-by date); overdue only once
    the deadline (for a statutory task the legal one) has passed, and past
    the work-by date but not yet the deadline in between, as a warning."""
    overdue: list[Occurrence]
    today: list[Occurrence]
    this_week: list[Occurrence]
    next_30_days: list[Occurrence]
    today_date: date
    past_work_by: list[Occurrence] = field(default_factory=list)


@cache
def _my_work_statement() -> Select:
    # Built once (every "my work", page and API, runs it), values bound later.
    return _open(
        _with_task()
        .where(theirs(bindparam("person_id")), Occurrence.work_by <= bindparam("end"))
        # The id last: titles repeat.
        .order_by(Occurrence.work_by, Occurrence.due_date, Task.title, Occurrence.id))


def my_work(person: User, today: date | None = None) -> MyWork:
    """The person's open occurrences, as the "my work" page groups them."""
    today = today or org_today()
    end = today + timedelta(days=30)
    week_end = today + timedelta(days=6 - today.weekday())
    work = MyWork([], [], [], [], today)
    for occurrence in db.session.scalars(_my_work_statement(),
                                         {"person_id": person.id, "end": end}):
        if occurrence.due_date < today:
            work.overdue.append(occurrence)
        elif occurrence.work_by < today:
            work.past_work_by.append(occurrence)
        elif occurrence.work_by == today:
            work.today.append(occurrence)
        elif occurrence.work_by <= week_end:
            work.this_week.append(occurrence)
        else:
            work.next_30_days.append(occurrence)
    return work


def _overdue_query(actor: User, today: date | None) -> Select:
    query = _open(_with_task().where(Occurrence.due_date < (today or org_today())))
    scope = scope_of(actor)
    if not scope.all_departments:
        query = query.where(Task.department_id.in_(scope.department_ids))
    # The id last: tasks of the same title fall due on the same day in every
    # department, and a page boundary must not depend on the plan.
    return query.order_by(Occurrence.due_date, Task.title, Occurrence.id)


def overdue(actor: User, today: date | None = None) -> list[Occurrence]:
    """Overdue work across the departments the actor may see, with each
    task's owners (the page names the primary owner): in one more query, not
    one per task."""
    query = _overdue_query(actor, today).options(
        defaultload(Occurrence.task).selectinload(Task.owners).joinedload(TaskOwner.user)
        .lazyload(User.departments),
        joinedload(Occurrence.assignee).lazyload(User.departments))
    return list(db.session.scalars(query))


def past_work_by(actor: User, today: date | None = None) -> list[Occurrence]:
    """Open work past its work-by date whose legal deadline has not passed
    yet: not overdue, but the company's own margin is gone."""
    today = today or org_today()
    query = _open(_with_task().where(Occurrence.work_by < today, Occurrence.due_date >= today))
    scope = scope_of(actor)
    if not scope.all_departments:
        query = query.where(Task.department_id.in_(scope.department_ids))
    query = query.order_by(Occurrence.due_date, Task.title, Occurrence.id).options(
        defaultload(Occurrence.task).selectinload(Task.owners).joinedload(TaskOwner.user)
        .lazyload(User.departments),
        joinedload(Occurrence.assignee).lazyload(User.departments))
    return list(db.session.scalars(query))


def overdue_page(actor: User, page: int, per_page: int, today: date | None = None
                 ) -> Page[Occurrence]:
    """overdue(), a page at a time (the API): counted and cut in the database,
    not loaded whole for every page."""
    return paginate(_overdue_query(actor, today), page, per_page, count_in_rows=True)


def in_department_month(actor: User, department_id: int, year: int, month: int
                        ) -> list[Occurrence]:
    if not scope_of(actor).covers(department_id):
        raise NotFound()
    first = date(year, month, 1)
    last = first + relativedelta(months=1) - timedelta(days=1)
    query = (_with_task()
             .where(Task.department_id == department_id, Task.archived_at.is_(None),
                    Occurrence.status != "cancelled",
                    Occurrence.due_date.between(first, last))
             .order_by(Occurrence.due_date, Task.title, Occurrence.id))  # the id: titles repeat
    return list(db.session.scalars(query))


def of_task(task: Task, today: date | None = None, upcoming: int = 12, past: int = 6
            ) -> tuple[list[Occurrence], list[Occurrence]]:
    """The next open (or prepared, waiting for review) occurrences of a task
    and its latest finished ones."""
    today = today or org_today()
    ahead = db.session.scalars(
        select(Occurrence).where(Occurrence.task_id == task.id,
                                 Occurrence.status.in_(("open", "prepared")))
        .order_by(Occurrence.due_date).limit(upcoming))
    behind = db.session.scalars(
        select(Occurrence).where(Occurrence.task_id == task.id,
                                 Occurrence.status.in_(("done", "skipped")))
        .order_by(Occurrence.due_date.desc()).limit(past))
    return list(ahead), list(behind)


def next_dates(task_ids: list[int], today: date | None = None) -> dict[int, tuple[date, date]]:
    """Each task's next open occurrence from today, as (due date, work-by
    date), in one query for all of them."""
    if not task_ids:
        return {}
    today = today or org_today()
    upcoming = (Occurrence.task_id.in_(task_ids), Occurrence.status == "open",
                Occurrence.due_date >= today)
    first = (select(Occurrence.task_id, func.min(Occurrence.due_date).label("due"))
             .where(*upcoming).group_by(Occurrence.task_id).subquery())
    query = (select(Occurrence.task_id, Occurrence.due_date, func.min(Occurrence.work_by))
             .join(first, (first.c.task_id == Occurrence.task_id)
                   & (first.c.due == Occurrence.due_date))
             .where(*upcoming).group_by(Occurrence.task_id, Occurrence.due_date))
    return {task_id: (due, work_by) for task_id, due, work_by in db.session.execute(query)}


@dataclass(frozen=True)
class OccurrenceFilters:
    person_id: int | None = None
    department_id: int | None = None
    status: str | None = None
    due_from: date | None = None
    due_to: date | None = None


def occurrence_query(actor: User, filters: OccurrenceFilters) -> Select:
    scope = scope_of(actor)
    query = _with_task()
    departments = scope.restrict([filters.department_id] if filters.department_id else None)
    if departments is not None:
        query = query.where(Task.department_id.in_(departments))
    if filters.person_id:
        query = query.where(theirs(filters.person_id))
    if filters.status:
        query = query.where(Occurrence.status == filters.status)
    if filters.due_from:
        query = query.where(Occurrence.due_date >= filters.due_from)
    if filters.due_to:
        query = query.where(Occurrence.due_date <= filters.due_to)
    return query.order_by(Occurrence.due_date, Occurrence.id)


def list_occurrences(actor: User, filters: OccurrenceFilters, page: int, per_page: int
                     ) -> Page[Occurrence]:
    return paginate(occurrence_query(actor, filters), page, per_page)


def for_feed(person: User, today: date | None = None) -> list[Occurrence]:
    """Open occurrences of the person's tasks for their calendar feed."""
    today = today or org_today()
    query = _open(
        _with_task()
        .where(theirs(person.id),
               Occurrence.due_date >= today - timedelta(days=LOOKBACK_DAYS))
        .order_by(Occurrence.due_date))
    return list(db.session.scalars(query))

