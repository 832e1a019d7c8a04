"""Handover (引き継ぎ): when a person leaves or is away for months, a manager
sees every task they own, who should take each one, and applies it in one
transaction; and the handover document of a person or a task."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.core.clock import org_today
from planner.core.errors import N_, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.coverage import absences
from planner.coverage import operations as coverage_service
from planner.coverage.domain import training_hours
from planner.coverage.models.training import TrainingPlan
from planner.coverage.operations import OwnerEntry
from planner.handover import domain as rules
from planner.handover.models import HANDOVER_REASONS, Handover, HandoverLine
from planner.notifications import operations as notifications
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.tasks.domain import QUALIFIED_LEVEL
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence
from planner.work.operations import of_task


@dataclass
class HandoverItem:
    task: Task
    role: str
    level: int
    open_in_window: list[Occurrence]
    proposals: list[tuple[User, rules.Proposal]]
    change: rules.TaskChange

    @property
    def successor(self) -> User | None:
        return next((u for u, p in self.proposals
                     if p.successor.person_id == self.change.successor_id), None)

    @property
    def reviewer(self) -> User | None:
        """Who checks the task after the handover (a task that requires review)."""
        return next((u for u, p in self.proposals
                     if p.successor.person_id == self.change.reviewer_id), None)


@dataclass
class HandoverPlan:
    person: User
    reason: str
    start: date
    end: date
    items: list[HandoverItem] = field(default_factory=list)
    to_close: list[Occurrence] = field(default_factory=list)  # theirs, due before they go

    @property
    def uncovered(self) -> list[int]:
        return rules.uncovered(i.change for i in self.items)


def person_in_scope(actor: User, person_id: int) -> User:
    person = db.session.get(User, person_id)
    scope = scope_of(actor)
    if person is None or not (scope.all_departments or person.department_ids & scope.department_ids):
        raise NotFound()
    if not Role(actor.role).may_read(Role.MANAGER):
        raise Forbidden()
    return person


def _check_window(reason: str, start: date, end: date) -> None:
    errors = {}
    if reason not in HANDOVER_REASONS:
        errors["reason"] = [N_("Unknown reason.")]
    if end < start:
        errors["end_date"] = [N_("The end must not be before the start.")]
    if errors:
        raise ValidationError(errors)


def plan(actor: User, person_id: int, reason: str, start: date, end: date,
         successors: Mapping[int, int | None] | None = None) -> HandoverPlan:
    """What the handover would do: each task the person owns (in the actor's
    departments) with the proposed successor, or the one the manager chose."""
    person = person_in_scope(actor, person_id)
    _check_window(reason, start, end)
    scope = scope_of(actor)
    today = org_today()
    tasks = [t for t in db.session.scalars(
        select(Task).join(TaskOwner).where(TaskOwner.user_id == person.id,
                                           Task.archived_at.is_(None))
        .options(selectinload(Task.owners)).order_by(Task.code, Task.title))
        if scope.covers(t.department_id)]
    result = HandoverPlan(person, reason, start, end)
    if not tasks:
        return result
    task_ids = [t.id for t in tasks]
    per_year = coverage_service.occurrences_per_year(task_ids, today)
    members = {d: coverage_service.members_of([d]) for d in {t.department_id for t in tasks}}
    everyone = {p.id: p for group in members.values() for p in group.values()}
    for task in tasks:
        everyone.update({o.user_id: o.user for o in task.owners})
    load = coverage_service.planned_load(list(everyone), today)
    capacity = coverage_service.default_capacity()
    window = _open_occurrences(task_ids, start, end)
    for task in tasks:
        mine = next(o for o in task.owners if o.user_id == person.id)
        levels = {o.user_id: o.level for o in task.owners}
        candidates = {p.id: p for p in members[task.department_id].values() if p.active}
        candidates.update({o.user_id: o.user for o in task.owners if o.user.active})
        hours_per_month = per_year.get(task.id, 0) * task.effort_minutes / 60 / 12
        ranked = rules.rank_successors(
            (rules.Successor(p.id, levels.get(p.id, 0),
                             coverage_service.capacity_of(p, capacity) - load.get(p.id, 0.0))
             for p in candidates.values()),
            person.id, task.effort_minutes, hours_per_month)
        proposals = [(everyone[p.successor.person_id], p) for p in ranked]
        chosen = (successors or {}).get(task.id, _UNSET)
        successor_id = (proposals[0][1].successor.person_id if proposals else None) \
            if chosen is _UNSET else chosen
        if successor_id is not None and successor_id not in candidates:
            raise ValidationError.single(f"successor_{task.id}", N_(
                "Choose an active member of the task's department."))
        others = frozenset(o.user_id for o in task.owners if o.user_id != person.id
                           and o.level >= QUALIFIED_LEVEL and o.user.active)
        reviewer = None
        if task.review_required:
            # Whoever prepares after the handover cannot check their own work.
            primary = next((o.user_id for o in task.owners if o.role == "primary"), None)
            preparer = successor_id if mine.role == "primary" or primary in (None, person.id) \
                else primary
            reviewer = rules.pick_reviewer(ranked, preparer, successor_id, others)
        change = rules.TaskChange(task.id, mine.role, others, successor_id,
                                  levels.get(successor_id, 0) if successor_id else 0,
                                  task.review_required,
                                  reviewer.person_id if reviewer else None,
                                  levels.get(reviewer.person_id, 0) if reviewer else 0)
        result.items.append(HandoverItem(task, mine.role, mine.level, window.get(task.id, []),
                                         proposals, change))
    result.to_close = [o for o in db.session.scalars(
        select(Occurrence).where(Occurrence.task_id.in_(
            [i.task.id for i in result.items if i.role == "primary"]),
            Occurrence.status == "open", Occurrence.due_date < start)
        .order_by(Occurrence.due_date))]
    return result


_UNSET = object()


def _open_occurrences(task_ids: list[int], start: date, end: date) -> dict[int, list[Occurrence]]:
    found: dict[int, list[Occurrence]] = {}
    for occurrence in db.session.scalars(
            select(Occurrence).where(Occurrence.task_id.in_(task_ids),
                                     Occurrence.status == "open",
                                     Occurrence.due_date >= start, Occurrence.due_date <= end)
            .order_by(Occurrence.due_date)):
        found.setdefault(occurrence.task_id, []).append(occurrence)
    return found


def apply(actor: User, person_id: int, reason: str, start: date, end: date,
          successors: Mapping[int, int | None], accept_uncovered: bool = False,
          note: str = "") -> Handover:
    """Owners change, reminders follow the new owners, training plans are made
    where a successor is not yet qualified, and the handover is recorded; all
    in the caller's one transaction. Refused (nothing written) when a task
    would be left without anyone qualified, unless the manager accepts it."""
    proposed = plan(actor, person_id, reason, start, end, successors)
    rules.check([i.change for i in proposed.items], accept_uncovered)
    today = org_today()
    record = Handover(person_id=person_id, reason=reason, start_date=start, end_date=end,
                      applied_by_id=actor.id, note=note.strip()[:1000])
    db.session.add(record)
    for item in proposed.items:
        task, change = item.task, item.change
        entries = {o.user_id: OwnerEntry(o.user_id, o.role, o.level) for o in task.owners
                   if o.user_id != person_id}
        training = False
        if change.successor_id is not None:
            current = entries.get(change.successor_id)
            role = item.role if item.role != "trainee" else (current.role if current else "trainee")
            if current is not None and _rank(current.role) < _rank(role):
                role = current.role
            if role == "primary":
                entries = {uid: OwnerEntry(uid, "backup", e.level) if e.role == "primary" else e
                           for uid, e in entries.items()}
            entries[change.successor_id] = OwnerEntry(
                change.successor_id, role, current.level if current else 0)
            if change.needs_training:
                training = _plan_training(task, change.successor_id, change.successor_level,
                                          change, start, today, proposed.person)
        if change.reviewer_id is not None and change.reviewer_id != change.successor_id:
            # The check (ダブルチェック) is handed over too: the reviewer owns
            # the task (a backup), and learns it when not yet qualified.
            if change.reviewer_id not in entries:
                entries[change.reviewer_id] = OwnerEntry(change.reviewer_id, "backup",
                                                         change.reviewer_level)
            if change.reviewer_needs_training:
                training = _plan_training(task, change.reviewer_id, change.reviewer_level,
                                          change, start, today, proposed.person) or training
        coverage_service.set_owners(actor, task, list(entries.values()))
        record.lines.append(HandoverLine(task_id=task.id, previous_role=item.role,
                                         previous_level=item.level,
                                         successor_id=change.successor_id,
                                         training_planned=training))
    if reason == "long_leave":
        absences.create_absence(actor, absences.AbsenceData(
            person_id, start, end, "other", "handover"))
    db.session.flush()
    # The departing person's pending reminders stop; the successors' are planned.
    notifications.plan(task_ids=[i.task.id for i in proposed.items])
    return record


def _rank(role: str) -> int:
    return {"primary": 0, "backup": 1, "trainee": 2}[role]


def _plan_training(task: Task, trainee_id: int, level: int, change: rules.TaskChange,
                   start: date, today: date, departing: User) -> bool:
    """The successor (or the new reviewer) learns the task: from a qualified
    colleague, or from the departing person while they are still here."""
    existing = db.session.scalar(select(TrainingPlan.id).where(
        TrainingPlan.task_id == task.id, TrainingPlan.trainee_id == trainee_id,
        TrainingPlan.status == "planned"))
    if existing is not None:
        return True
    trainer = min(change.qualified_others - {trainee_id}, default=None)
    if trainer is None and start > today:
        trainer = departing.id
    db.session.add(TrainingPlan(
        task_id=task.id, trainee_id=trainee_id, trainer_id=trainer,
        target_level=QUALIFIED_LEVEL,
        due_date=start if start > today else today + timedelta(days=30),
        estimated_hours=training_hours(level, task.effort_minutes)))
    return True


def to_close_for(person: User, today: date | None = None) -> list[Occurrence]:
    """Open occurrences of tasks the person handed over, due before their
    handover starts: theirs to finish (shown on their "my work")."""
    today = today or org_today()
    lines = select(HandoverLine.task_id).join(Handover).where(
        Handover.person_id == person.id, Handover.start_date > today,
        HandoverLine.previous_role == "primary")
    starts = select(Handover.start_date).where(Handover.person_id == person.id,
                                               Handover.start_date > today)
    last_start = max(db.session.scalars(starts), default=None)
    if last_start is None:
        return []
    return list(db.session.scalars(
        select(Occurrence).where(Occurrence.task_id.in_(lines), Occurrence.status == "open",
                                 Occurrence.due_date < last_start)
        .order_by(Occurrence.due_date)))


# --- The handover document ----------------------------------------------------


@dataclass
class TaskDocument:
    task: Task
    upcoming: list[Occurrence]
    recent: list[Occurrence]
    ask: list[TaskOwner]  # qualified owners, best first


def task_document(actor: User, task: Task) -> TaskDocument:
    if not scope_of(actor).covers(task.department_id):
        raise NotFound()
    upcoming, recent = of_task(task, upcoming=6, past=5)
    ask = sorted((o for o in task.owners if o.level >= QUALIFIED_LEVEL and o.user.active),
                 key=lambda o: (o.role != "primary", -o.level, o.user.name))
    return TaskDocument(task, upcoming, recent, ask)


def person_document(actor: User, person_id: int) -> tuple[User, list[TaskDocument]]:
    """Every task the person owns (in the actor's departments)."""
    person = db.session.get(User, person_id)
    scope = scope_of(actor)
    if person is None or not (scope.all_departments or person.department_ids & scope.department_ids
                              or person.id == actor.id):
        raise NotFound()
    tasks = db.session.scalars(
        select(Task).join(TaskOwner).where(TaskOwner.user_id == person.id,
                                           Task.archived_at.is_(None))
        .options(selectinload(Task.owners)).order_by(Task.code, Task.title))
    return person, [task_document(actor, t) for t in tasks if scope.covers(t.department_id)]


def history(person: User) -> list[Handover]:
    return list(db.session.scalars(select(Handover).where(Handover.person_id == person.id)
                                   .order_by(Handover.applied_at.desc())))
