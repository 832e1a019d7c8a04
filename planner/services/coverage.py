"""Owners, the cross-training matrix, key-person risk, absences' effect on
deadlines, workload and cross-training suggestions."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from planner.domain import coverage as rules
from planner.domain.errors import N_, Forbidden, Message, NotFound, ValidationError
from planner.domain.roles import Role
from planner.domain.tasks import LEVELS, OWNER_ROLES, QUALIFIED_LEVEL
from planner.extensions import db
from planner.models import (
    Absence,
    Department,
    Occurrence,
    Task,
    TaskOwner,
    TrainingPlan,
    User,
)
from planner.models.types import utcnow
from planner.models.user import user_departments
from planner.services import settings
from planner.services.access import scope_of
from planner.services.calendar import load_calendar, org_today

AT_RISK_DAYS = 60
HEADROOM_MONTHS = 3


def default_capacity() -> int:
    return int(settings.get("capacity_hours"))


def capacity_of(person: User, default: int) -> int:
    return person.capacity_hours if person.capacity_hours is not None else default


def _require_manager(actor: User, department_id: int) -> None:
    scope = scope_of(actor)
    if not scope.covers(department_id):
        raise NotFound()
    if not Role(actor.role).at_least(Role.MANAGER):
        raise Forbidden()


# --- Owners and the matrix --------------------------------------------------


@dataclass(frozen=True)
class OwnerEntry:
    user_id: int
    role: str
    level: int


def members_of(department_ids: Iterable[int]) -> dict[int, User]:
    query = (select(User).join(user_departments, user_departments.c.user_id == User.id)
             .where(user_departments.c.department_id.in_(list(department_ids)),
                    User.active.is_(True)).order_by(User.name))
    return {person.id: person for person in db.session.scalars(query).unique()}


def owner_errors(task: Task, entries: list[OwnerEntry], members: Mapping[int, User]
                 ) -> dict[str, list[Message]]:
    """What is wrong with a task's whole owner list, keyed owners-<index>-<field>."""
    errors: dict[str, list[Message]] = {}
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        prefix = f"owners-{index}"
        if entry.user_id not in members:
            errors[f"{prefix}-user_id"] = [
                N_("Choose an active member of the task's department.")]
        elif entry.user_id in seen:
            errors[f"{prefix}-user_id"] = [N_("This person is listed twice.")]
        seen.add(entry.user_id)
        if entry.role not in OWNER_ROLES:
            errors[f"{prefix}-role"] = [N_("Unknown role.")]
        if entry.level not in LEVELS:
            errors[f"{prefix}-level"] = [N_("Levels go from 0 to 4.")]
    primaries = sum(1 for e in entries if e.role == "primary")
    if task.archived_at is None and primaries != 1:
        errors["owners"] = [N_("An active task has exactly one primary owner.")]
    return errors


def set_owners(actor: User, task: Task, entries: list[OwnerEntry],
               members: Mapping[int, User] | None = None) -> Task:
    """Replace a task's owners as a whole; every active task keeps one primary."""
    _require_manager(actor, task.department_id)
    if members is None:
        members = members_of([task.department_id])
    if errors := owner_errors(task, entries, members):
        raise ValidationError(errors)
    current = {owner.user_id: owner for owner in task.owners}
    wanted = {entry.user_id: entry for entry in entries}
    for user_id, owner in list(current.items()):
        if user_id not in wanted:
            task.owners.remove(owner)
    for user_id, entry in wanted.items():
        owner = current.get(user_id)
        if owner is None:
            task.owners.append(TaskOwner(user_id=user_id, role=entry.role, level=entry.level))
        else:
            owner.role, owner.level = entry.role, entry.level
    db.session.flush()
    _complete_training([task.id])
    return task


@dataclass
class Matrix:
    department: Department
    tasks: list[Task]
    people: list[User]
    cells: dict[tuple[int, int], TaskOwner]

    def cell(self, task_id: int, user_id: int) -> TaskOwner | None:
        return self.cells.get((task_id, user_id))


def matrix(actor: User, department_id: int) -> Matrix:
    """People × active tasks of a department, in a fixed number of queries."""
    department = db.session.get(Department, department_id)
    if department is None or not scope_of(actor).covers(department_id):
        raise NotFound()
    tasks = list(db.session.scalars(
        select(Task).where(Task.department_id == department_id, Task.archived_at.is_(None))
        .options(selectinload(Task.owners)).order_by(Task.code, Task.title)))
    people = members_of([department_id])
    cells = {(o.task_id, o.user_id): o for t in tasks for o in t.owners}
    outsiders = {o.user_id for o in cells.values()} - set(people)
    if outsiders:
        people.update({u.id: u for u in db.session.scalars(
            select(User).where(User.id.in_(outsiders)))})
    ordered = sorted(people.values(), key=lambda u: (not u.active, u.name))
    return Matrix(department, tasks, ordered, cells)


def matrix_cell_name(task_id: int, user_id: int) -> str:
    return f"level-{task_id}-{user_id}"


def save_matrix(actor: User, department_id: int, values: Mapping[str, str]) -> int:
    """Apply the submitted grid in one go, or nothing: every cell is checked
    first and each bad one is reported by its name. Returns cells changed."""
    _require_manager(actor, department_id)
    grid = matrix(actor, department_id)
    errors: dict[str, list[Message]] = {}
    changes: list[tuple[Task, User, int | None]] = []
    for task in grid.tasks:
        for person in grid.people:
            name = matrix_cell_name(task.id, person.id)
            if name not in values:
                continue
            raw = values[name].strip()
            owner = grid.cell(task.id, person.id)
            try:
                level = None if raw == "" else int(raw)
            except ValueError:
                errors[name] = [N_("Levels go from 0 to 4.")]
                continue
            if level is not None and level not in LEVELS:
                errors[name] = [N_("Levels go from 0 to 4.")]
                continue
            if owner is not None and owner.role == "primary" and level is None:
                errors[name] = [N_("The primary owner stays on the task; change the primary "
                                   "on the task page first.")]
                continue
            current = owner.level if owner is not None else None
            if level != current:
                changes.append((task, person, level))
    if errors:
        raise ValidationError(errors, N_("Nothing was saved: correct the marked cells."))
    for task, person, level in changes:
        owner = grid.cell(task.id, person.id)
        if level is None:
            task.owners.remove(owner)
        elif owner is None:
            role = "backup" if level >= QUALIFIED_LEVEL else "trainee"
            task.owners.append(TaskOwner(user_id=person.id, role=role, level=level))
        else:
            owner.level = level
            if owner.role == "trainee" and level >= QUALIFIED_LEVEL:
                owner.role = "backup"
    db.session.flush()
    _complete_training([task.id for task, _, _ in changes])
    return len(changes)


def _complete_training(task_ids: list[int]) -> None:
    """A training plan is done once its trainee reaches the target level."""
    if not task_ids:
        return
    plans = db.session.scalars(select(TrainingPlan).where(
        TrainingPlan.task_id.in_(task_ids), TrainingPlan.status == "planned"))
    levels = {(o.task_id, o.user_id): o.level for o in db.session.scalars(
        select(TaskOwner).where(TaskOwner.task_id.in_(task_ids)))}
    for plan in plans:
        if levels.get((plan.task_id, plan.trainee_id), 0) >= plan.target_level:
            plan.status = "done"
            plan.completed_at = utcnow()
    db.session.flush()


# --- Coverage and risk ------------------------------------------------------


@dataclass
class TaskRisk:
    task: Task
    coverage: rules.TaskCoverage
    candidates: list[tuple[User, rules.Candidate, float]] = field(default_factory=list)


@dataclass
class AtRisk:
    occurrence: Occurrence
    absent: list[User]
    qualified: list[User]


@dataclass
class Dashboard:
    tasks: list[TaskRisk]
    departments: list[tuple[Department, rules.DepartmentCoverage]]
    at_risk: list[AtRisk]
    people: dict[int, User]
    plans: list[TrainingPlan]

    @property
    def single_points_of_failure(self) -> list[TaskRisk]:
        return [t for t in self.tasks if t.coverage.single_point_of_failure]


def _scoped_tasks(actor: User, department_id: int | None) -> list[Task]:
    scope = scope_of(actor)
    departments = scope.restrict([department_id] if department_id else None)
    query = (select(Task).where(Task.archived_at.is_(None))
             .options(selectinload(Task.owners)).order_by(Task.id))
    if departments is not None:
        query = query.where(Task.department_id.in_(departments))
    return list(db.session.scalars(query))


def occurrences_per_year(task_ids: list[int], today: date) -> dict[int, int]:
    """Occurrences in the 12 months from today, per task (one query)."""
    if not task_ids:
        return {}
    query = (select(Occurrence.task_id, func.count())
             .where(Occurrence.due_date >= today,
                    Occurrence.due_date < today + timedelta(days=365),
                    Occurrence.status != "cancelled")
             .group_by(Occurrence.task_id))
    if len(task_ids) <= 1000:  # beyond that, one scan beats a huge IN list
        query = query.where(Occurrence.task_id.in_(task_ids))
    wanted = set(task_ids)
    return {task_id: count for task_id, count in db.session.execute(query)
            if task_id in wanted}


def task_coverage(tasks: list[Task], today: date) -> dict[int, rules.TaskCoverage]:
    frequency = occurrences_per_year([t.id for t in tasks], today)
    return {
        task.id: rules.TaskCoverage(
            task.id,
            rules.qualified_people(rules.OwnerLevel(o.user_id, o.role, o.level, o.user.active)
                                   for o in task.owners),
            task.criticality,
            frequency.get(task.id, 0),
        )
        for task in tasks
    }


def coverage_list(actor: User, department_id: int | None = None,
                  today: date | None = None) -> list[tuple[Task, rules.TaskCoverage]]:
    today = today or org_today()
    tasks = _scoped_tasks(actor, department_id)
    computed = task_coverage(tasks, today)
    return sorted(((t, computed[t.id]) for t in tasks),
                  key=lambda pair: (-pair[1].risk_score, pair[0].title))


def dashboard(actor: User, department_id: int | None = None,
              today: date | None = None) -> Dashboard:
    """Everything the risk dashboard shows, in a bounded number of queries."""
    today = today or org_today()
    tasks = _scoped_tasks(actor, department_id)
    computed = task_coverage(tasks, today)
    by_department: dict[int, list[rules.TaskCoverage]] = defaultdict(list)
    for task in tasks:
        by_department[task.department_id].append(computed[task.id])
    departments = {d.id: d for d in db.session.scalars(
        select(Department).where(Department.id.in_(list(by_department))))}
    people = members_of(list(by_department)) if by_department else {}
    people.update({o.user_id: o.user for t in tasks for o in t.owners})

    calendar = load_calendar()
    horizon = today + timedelta(days=AT_RISK_DAYS)
    task_by_id = {t.id: t for t in tasks}
    upcoming = [o for o in db.session.scalars(
        select(Occurrence).where(Occurrence.status == "open", Occurrence.due_date >= today,
                                 Occurrence.due_date <= horizon)
        .order_by(Occurrence.due_date)) if o.task_id in task_by_id]
    leaves = absences_between(today - timedelta(days=200), horizon)
    at_risk = []
    for occurrence in upcoming:
        task = task_by_id[occurrence.task_id]
        qualified = computed[task.id].qualified
        window = rules.occurrence_risk(occurrence.due_date, task.lead_days or [0], qualified,
                                       leaves, calendar, today)
        if window.at_risk:
            at_risk.append(AtRisk(occurrence, [people[i] for i in window.absent if i in people],
                                  [people[i] for i in qualified if i in people]))

    risks = [TaskRisk(t, computed[t.id]) for t in tasks]
    risks.sort(key=lambda r: (-r.coverage.risk_score, r.task.title))
    load = planned_load(list(people), today)
    capacity = default_capacity()
    for risk in risks:
        if risk.coverage.single_point_of_failure:
            risk.candidates = _candidates(risk, people, load, capacity)
    plans = list(db.session.scalars(
        select(TrainingPlan).where(TrainingPlan.status == "planned",
                                   TrainingPlan.task_id.in_(list(task_by_id)))))
    return Dashboard(
        tasks=risks,
        departments=[(departments[d], rules.department_coverage(c))
                     for d, c in sorted(by_department.items())],
        at_risk=at_risk,
        people=people,
        plans=plans,
    )


def planned_load(person_ids: list[int], today: date) -> dict[int, float]:
    """Average planned hours a month over the next three months, per person."""
    end = today + timedelta(days=30 * HEADROOM_MONTHS)
    cells = rules.workload(_work_items(today, end))
    totals: dict[int, float] = defaultdict(float)
    for (person_id, _), cell in cells.items():
        totals[person_id] += cell.minutes / 60
    return {p: totals.get(p, 0.0) / HEADROOM_MONTHS for p in person_ids}


def _candidates(risk: TaskRisk, people: dict[int, User], load: dict[int, float],
                capacity: int) -> list[tuple[User, rules.Candidate, float]]:
    task = risk.task
    levels = {o.user_id: o.level for o in task.owners}
    found = []
    for person in people.values():
        if not person.active or person.id in risk.coverage.qualified:
            continue
        candidate = rules.Candidate(
            person.id, levels.get(person.id, 0), task.department_id in person.department_ids,
            capacity_of(person, capacity) - load.get(person.id, 0.0))
        found.append(candidate)
    ranked = rules.rank_candidates(found)[:3]
    return [(people[c.user_id], c, rules.training_hours(c.level, task.effort_minutes))
            for c in ranked]


# --- Training plans ---------------------------------------------------------


def accept_suggestion(actor: User, task: Task, trainee_id: int, due_date: date | None = None
                      ) -> TrainingPlan:
    """Turn a cross-training suggestion into a plan: the trainee joins the task
    as a trainee (if not an owner yet), the primary trains them."""
    _require_manager(actor, task.department_id)
    trainee = db.session.get(User, trainee_id)
    if trainee is None or not trainee.active:
        raise ValidationError.single("trainee_id", N_("Choose an active person."))
    existing = db.session.scalar(select(TrainingPlan).where(
        TrainingPlan.task_id == task.id, TrainingPlan.trainee_id == trainee_id,
        TrainingPlan.status == "planned"))
    if existing is not None:
        return existing
    owner = next((o for o in task.owners if o.user_id == trainee_id), None)
    level = owner.level if owner else 0
    if level >= QUALIFIED_LEVEL:
        raise ValidationError.single("trainee_id", N_("This person is already qualified."))
    if owner is None:
        task.owners.append(TaskOwner(user_id=trainee_id, role="trainee", level=1))
    primary = task.primary_owner
    plan = TrainingPlan(
        task_id=task.id, trainee_id=trainee_id, trainer_id=primary.id if primary else None,
        target_level=QUALIFIED_LEVEL, due_date=due_date or org_today() + timedelta(days=90),
        estimated_hours=rules.training_hours(level, task.effort_minutes))
    db.session.add(plan)
    db.session.flush()
    return plan


def training_of(person: User) -> list[TrainingPlan]:
    return list(db.session.scalars(
        select(TrainingPlan).where(
            TrainingPlan.status == "planned",
            (TrainingPlan.trainee_id == person.id) | (TrainingPlan.trainer_id == person.id))
        .order_by(TrainingPlan.due_date)))


# --- Absences ---------------------------------------------------------------


def absences_between(start: date, end: date) -> list[rules.Leave]:
    rows = db.session.execute(select(Absence.user_id, Absence.start_date, Absence.end_date)
                              .where(Absence.end_date >= start, Absence.start_date <= end))
    return [rules.Leave(user_id, first, last) for user_id, first, last in rows]


def at_risk_for_task(task: Task, today: date | None = None) -> list[AtRisk]:
    today = today or org_today()
    horizon = today + timedelta(days=AT_RISK_DAYS)
    qualified = task_coverage([task], today)[task.id].qualified
    calendar = load_calendar()
    leaves = absences_between(today - timedelta(days=200), horizon)
    people = {o.user_id: o.user for o in task.owners}
    found = []
    for occurrence in db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == task.id, Occurrence.status == "open",
            Occurrence.due_date.between(today, horizon)).order_by(Occurrence.due_date)):
        window = rules.occurrence_risk(occurrence.due_date, task.lead_days or [0], qualified,
                                       leaves, calendar, today)
        if window.at_risk:
            found.append(AtRisk(occurrence, [people[i] for i in window.absent if i in people],
                                [people[i] for i in qualified if i in people]))
    return found


# --- Workload ---------------------------------------------------------------


def _work_items(start: date, end: date, task_ids: list[int] | None = None
                ) -> list[rules.WorkItem]:
    primaries = select(TaskOwner.task_id, TaskOwner.user_id).where(
        TaskOwner.role == "primary").subquery()
    query = (select(Occurrence.due_date, Task.effort_minutes, primaries.c.user_id,
                    Occurrence.completed_by_id)
             .join(Task, Task.id == Occurrence.task_id)
             .outerjoin(primaries, primaries.c.task_id == Task.id)
             .where(Occurrence.due_date >= start, Occurrence.due_date <= end,
                    Occurrence.status.in_(("open", "done")), Task.archived_at.is_(None)))
    if task_ids is not None:
        query = query.where(Task.id.in_(task_ids))
    return [rules.WorkItem(due, effort, primary, done_by)
            for due, effort, primary, done_by in db.session.execute(query)]


@dataclass
class WorkloadGrid:
    months: list[str]
    people: list[User]
    cells: dict[tuple[int, str], rules.PersonMonth]
    capacity: dict[int, int]

    def row(self, person_id: int) -> list[rules.PersonMonth]:
        return rules.per_month(self.cells, person_id, self.months)

    def overloaded(self, person_id: int, month: str) -> bool:
        cell = self.cells.get((person_id, month))
        return cell is not None and rules.overloaded(cell.hours, self.capacity[person_id])


def workload_grid(people: list[User], first_month: date, months: int = 12) -> WorkloadGrid:
    labels = rules.months_between(first_month, months)
    last_year, last_month = (int(x) for x in labels[-1].split("-"))
    end = (date(last_year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1))
    items = _work_items(first_month.replace(day=1), end)
    wanted = {p.id for p in people}
    cells = {key: cell for key, cell in rules.workload(items).items() if key[0] in wanted}
    default = default_capacity()
    return WorkloadGrid(labels, people, cells, {p.id: capacity_of(p, default) for p in people})


def department_workload(actor: User, department_id: int, first_month: date | None = None,
                        months: int = 12) -> WorkloadGrid:
    if not scope_of(actor).covers(department_id):
        raise NotFound()
    people = sorted(members_of([department_id]).values(), key=lambda u: u.name)
    return workload_grid(people, first_month or org_today(), months)
