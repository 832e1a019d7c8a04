"""Owners, the cross-training matrix, key-person risk, absences' effect on
deadlines, workload and cross-training suggestions."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil
from typing import NamedTuple

from sqlalchemy import Select, and_, extract, func, or_, select
from sqlalchemy.orm import aliased, defaultload, lazyload, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from planner.calendar.operations import load_calendar
from planner.core import memo, settings
from planner.core.clock import org_today
from planner.core.errors import N_, Forbidden, Message, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.coverage import domain as rules
from planner.coverage.models.absence import Absence
from planner.coverage.models.training import TrainingPlan
from planner.people.access import scope_of
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments
from planner.signoff.domain import review_date, review_minutes
from planner.tasks.domain import LEVELS, OWNER_ROLES, QUALIFIED_LEVEL
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrence_service
from planner.work.models import Occurrence

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


# The one rule of who may be on a task, whatever the role (primary, backup or
# trainee) and whichever way they are put there (the owners form and API, the
# matrix, a training plan, an import): an active member of the task's
# department, so nobody is given a task they could not open.
NOT_A_MEMBER = N_("Choose an active member of the task's department.")


def members_of(department_ids: Iterable[int], only: Iterable[int] | None = None
               ) -> dict[int, User]:
    """The people who may own the departments' tasks: their active members
    (`only`: just those of these people)."""
    query = (select(User).join(user_departments, user_departments.c.user_id == User.id)
             .where(user_departments.c.department_id.in_(list(department_ids)),
                    User.active.is_(True)).order_by(User.reading_key, User.name))
    if only is not None:
        query = query.where(User.id.in_(list(only)))
    return {person.id: person for person in db.session.scalars(query).unique()}


def owner_errors(task: Task, entries: list[OwnerEntry], members: Mapping[int, User]
                 ) -> dict[str, list[Message]]:
    """What is wrong with a task's whole owner list, keyed owners-<index>-<field>."""
    errors: dict[str, list[Message]] = {}
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        prefix = f"owners-{index}"
        if entry.user_id not in members:
            errors[f"{prefix}-user_id"] = [NOT_A_MEMBER]
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
    qualified: dict[int, int]  # task id -> qualified people, whoever is on the page
    task_page: Page[Task] | None = None  # None: every task (the export)
    people_page: Page[User] | None = None

    def cell(self, task_id: int, user_id: int) -> TaskOwner | None:
        return self.cells.get((task_id, user_id))

    def rows(self, entered: Mapping[str, str] | None = None
             ) -> Iterator[tuple[Task, int, list[MatrixCell]]]:
        """Each task with its qualified count and its cells, one per person:
        the saved level, or what was `entered` for that cell (a form sent
        back with errors). Built here rather than in the template, where the
        same look-ups cost several times more for each of hundreds of cells."""
        entered = entered or {}
        names = [person.name for person in self.people]
        for task in self.tasks:
            cells = []
            for person, person_name in zip(self.people, names, strict=True):
                owner = self.cells.get((task.id, person.id))
                name = matrix_cell_name(task.id, person.id)
                value = entered.get(name, owner.level if owner else "")
                cells.append(MatrixCell(name, value, owner is not None and owner.role == "primary",
                                        f"{person_name} · {task.title}"))
            yield task, self.qualified[task.id], cells


class MatrixCell(NamedTuple):
    name: str  # the form field's
    value: int | str  # the level, "" for nobody on the task, or what was entered
    primary: bool
    label: str  # person · task, for screen readers


def _matrix_people(department_id: int):  # noqa: ANN202
    """The matrix's columns: the department's active members and anyone else
    (another department, or no longer active) who owns one of its active
    tasks; active people first, by name."""
    members = select(user_departments.c.user_id).where(
        user_departments.c.department_id == department_id)
    owners = (select(TaskOwner.user_id).join(Task, Task.id == TaskOwner.task_id)
              .where(Task.department_id == department_id, Task.archived_at.is_(None)))
    is_member = User.active.is_(True) & User.id.in_(members)
    return (select(User).where(is_member | User.id.in_(owners))
            .order_by(User.active.desc(), User.reading_key, User.id))


def matrix(actor: User, department_id: int, page: int = 1, per_page: int | None = None,
           people_page: int = 1, people_per_page: int | None = None) -> Matrix:
    """People × active tasks of a department, in a fixed number of queries.
    A large department is read a window at a time: `per_page` tasks (rows) by
    `people_per_page` people (columns); None reads them all (the export)."""
    department = db.session.get(Department, department_id)
    if department is None or not scope_of(actor).covers(department_id):
        raise NotFound()
    task_query = (select(Task).where(Task.department_id == department_id,
                                     Task.archived_at.is_(None))
                  .order_by(Task.reading_key, Task.title, Task.id))
    people_query = _matrix_people(department_id)
    if not (per_page and people_per_page):  # the export: everything, in order
        tasks = list(db.session.scalars(task_query))
        people = list(db.session.scalars(people_query))
        cells = {(o.task_id, o.user_id): o for o in db.session.scalars(select(TaskOwner).where(
            TaskOwner.task_id.in_(task_query.with_only_columns(Task.id).order_by(None))))}
        return Matrix(department, tasks, people, cells, qualified_counts([t.id for t in tasks]))
    # The department's order of rows and columns, and every row's qualified
    # count, are kept between views (memo): a page then reads only its window.
    def layout() -> tuple[tuple[int, ...], tuple[int, ...], dict[int, int]]:
        rows = tuple(db.session.scalars(task_query.with_only_columns(Task.id)))
        columns = tuple(db.session.scalars(people_query.with_only_columns(User.id)))
        return rows, columns, qualified_counts(list(rows))

    task_ids, person_ids, qualified = memo.remember(("matrix", department_id), layout)
    task_page = _window(Task, task_ids, page, per_page)
    people_page_ = _window(User, person_ids, people_page, people_per_page)
    cells = {(o.task_id, o.user_id): o for o in db.session.scalars(select(TaskOwner).where(
        TaskOwner.task_id.in_([t.id for t in task_page.items]),
        TaskOwner.user_id.in_([p.id for p in people_page_.items])))} if (
        task_page.items and people_page_.items) else {}
    return Matrix(department, task_page.items, people_page_.items, cells,
                  {t.id: qualified.get(t.id, 0) for t in task_page.items}, task_page,
                  people_page_)


def _window(model: type[Task] | type[User], ordered: tuple[int, ...], page: int,
            per_page: int) -> Page:
    """One page of rows whose order is known: loaded by id, put back in order."""
    ids = ordered[(page - 1) * per_page: page * per_page]
    found = {row.id: row for row in db.session.scalars(
        select(model).where(model.id.in_(ids)))} if ids else {}
    return Page([found[i] for i in ids if i in found], len(ordered), page, per_page)


def _qualified_owners():  # noqa: ANN202
    """(task id, user id) of every qualified owner: the domain's rule
    (OwnerLevel.qualified) as a query, for counting without loading owners."""
    return (select(TaskOwner.task_id, TaskOwner.user_id)
            .join(User, User.id == TaskOwner.user_id)
            .where(TaskOwner.level >= QUALIFIED_LEVEL, User.active.is_(True)))


def _qualified_by_task(task_ids: list[int] | Select) -> defaultdict[int, set[int]]:
    """The qualified people of each task, read as rows."""
    qualified: defaultdict[int, set[int]] = defaultdict(set)
    for task_id, user_id in db.session.execute(
            _qualified_owners().where(TaskOwner.task_id.in_(task_ids))):
        qualified[task_id].add(user_id)
    return qualified


def qualified_counts(task_ids: list[int]) -> dict[int, int]:
    if not task_ids:
        return {}
    query = _qualified_owners().where(TaskOwner.task_id.in_(task_ids)).subquery()
    counts = dict(db.session.execute(
        select(query.c.task_id, func.count()).group_by(query.c.task_id)).all())
    return {task_id: counts.get(task_id, 0) for task_id in task_ids}


def matrix_cell_name(task_id: int, user_id: int) -> str:
    return f"level-{task_id}-{user_id}"


def save_matrix(actor: User, department_id: int, values: Mapping[str, str]) -> int:
    """Apply the submitted cells in one go, or nothing: every cell is checked
    first and each bad one is reported by its name. Returns cells changed.
    Only cells of the department's active tasks and the matrix's people count;
    a page of a large matrix submits its own window of cells."""
    _require_manager(actor, department_id)
    wanted: dict[str, tuple[int, int]] = {}
    for name in values:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "level" and parts[1].isdigit() and parts[2].isdigit():
            wanted[name] = (int(parts[1]), int(parts[2]))
    task_ids = {task_id for task_id, _ in wanted.values()}
    tasks = {t.id: t for t in db.session.scalars(
        select(Task).where(Task.id.in_(task_ids), Task.department_id == department_id,
                           Task.archived_at.is_(None))
        .options(selectinload(Task.owners)))} if task_ids else {}
    people = {p.id: p for p in db.session.scalars(_matrix_people(department_id).where(
        User.id.in_({user_id for _, user_id in wanted.values()})))} if tasks else {}
    # Columns also show owners from outside the department (moved, or gone):
    # their levels may change, but only a member may join a task.
    members = members_of([department_id], only=people) if people else {}
    errors: dict[str, list[Message]] = {}
    changes: list[tuple[Task, User, int | None]] = []
    for name, (task_id, user_id) in sorted(wanted.items()):
        task, person = tasks.get(task_id), people.get(user_id)
        if task is None or person is None:
            continue
        raw = values[name].strip()
        owner = next((o for o in task.owners if o.user_id == user_id), None)
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
        if owner is None and level is not None and user_id not in members:
            errors[name] = [NOT_A_MEMBER]
            continue
        current = owner.level if owner is not None else None
        if level != current:
            changes.append((task, person, level))
    if errors:
        raise ValidationError(errors, N_("Nothing was saved: correct the marked cells."))
    for task, person, level in changes:
        owner = next((o for o in task.owners if o.user_id == person.id), None)
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
    departments: list[tuple[Department, rules.DepartmentCoverage]]
    spof: Page[TaskRisk]  # single points of failure, highest risk first, a page of them
    at_risk: list[AtRisk]  # the first AT_RISK_SHOWN, soonest first
    at_risk_total: int
    planned: frozenset[tuple[int, int]]  # (task, trainee) of the page's planned training

    @property
    def single_points_of_failure(self) -> list[TaskRisk]:
        return self.spof.items


AT_RISK_SHOWN = 20  # like the reviews due: the soonest, and how many there are


@dataclass(frozen=True)
class _TaskFacts:
    """What coverage needs of a task, read as plain rows: a department has
    thousands of tasks, and only the page shown needs the Task itself."""
    task_id: int
    department_id: int
    title: str
    lead_days: tuple[int, ...]
    coverage: rules.TaskCoverage
    review_days_before: int = 0

    @property
    def order(self) -> tuple[int, str, int]:
        return (-self.coverage.risk_score, self.title, self.task_id)


def _coverage_facts(departments: frozenset[int] | None, today: date) -> list[_TaskFacts]:
    """Every active task of the departments (None: all), with its qualified
    people and occurrences a year: three queries, no Task objects."""
    tasks = select(Task.id, Task.department_id, Task.title, Task.criticality,
                   Task.lead_days, Task.review_required, Task.review_days_before
                   ).where(Task.archived_at.is_(None))
    if departments is not None:
        tasks = tasks.where(Task.department_id.in_(departments))
    task_ids = tasks.with_only_columns(Task.id)
    qualified = _qualified_by_task(task_ids)
    frequency = _occurrences_per_year_of(task_ids, today)
    return [_TaskFacts(task_id, department, title, tuple(lead_days or ()), rules.TaskCoverage(
                task_id, frozenset(qualified.get(task_id, ())), criticality,
                frequency.get(task_id, 0), review), review_days)
            for task_id, department, title, criticality, lead_days, review, review_days
            in db.session.execute(tasks)]


@dataclass(frozen=True)
class _Figures:
    """The department-wide part of coverage, as plain data (kept by memo)."""
    ranked: tuple[_TaskFacts, ...]  # every active task, highest risk first
    spof: tuple[_TaskFacts, ...]  # the single points of failure among them
    departments: tuple[tuple[int, rules.DepartmentCoverage], ...]
    at_risk: tuple[tuple[int, date, frozenset[int], frozenset[int]], ...]  # the first shown
    at_risk_total: int
    load: dict[int, float]  # planned hours a month, per active member


def _figures(actor: User, department_id: int | None, today: date) -> _Figures:
    departments = scope_of(actor).restrict([department_id] if department_id else None)
    return memo.remember(("coverage", departments, today),
                         lambda: _compute_figures(departments, today))


def _compute_figures(departments: frozenset[int] | None, today: date) -> _Figures:
    ranked = sorted(_coverage_facts(departments, today), key=lambda f: f.order)
    by_department: dict[int, list[rules.TaskCoverage]] = defaultdict(list)
    for fact in ranked:
        by_department[fact.department_id].append(fact.coverage)
    at_risk, at_risk_total = _deadlines_at_risk(ranked, today)
    members = select(user_departments.c.user_id).join(
        User, User.id == user_departments.c.user_id).where(User.active.is_(True))
    if departments is not None:
        members = members.where(user_departments.c.department_id.in_(departments))
    return _Figures(
        ranked=tuple(ranked),
        spof=tuple(f for f in ranked if f.coverage.single_point_of_failure),
        departments=tuple((d, rules.department_coverage(c))
                          for d, c in sorted(by_department.items())),
        at_risk=tuple(at_risk), at_risk_total=at_risk_total,
        load=planned_load(list(set(db.session.scalars(members))), today))


def _tasks_by_id(task_ids: list[int], *options: ORMOption) -> dict[int, Task]:
    return {t.id: t for t in db.session.scalars(
        select(Task).where(Task.id.in_(task_ids)).options(*options))}


def occurrences_per_year(task_ids: list[int], today: date) -> dict[int, int]:
    """Occurrences in the 12 months from today, per task (one query)."""
    if not task_ids:
        return {}
    if len(task_ids) <= 1000:
        return _occurrences_per_year_of(task_ids, today)
    # Beyond that, one scan of the year beats a huge IN list.
    wanted = set(task_ids)
    return {task_id: count for task_id, count in _occurrences_per_year_of(None, today).items()
            if task_id in wanted}


def _occurrences_per_year_of(task_ids: list[int] | Select | None, today: date
                             ) -> dict[int, int]:
    query = (select(Occurrence.task_id, func.count())
             .where(Occurrence.due_date >= today,
                    Occurrence.due_date < today + timedelta(days=365),
                    Occurrence.status != "cancelled")
             .group_by(Occurrence.task_id))
    if task_ids is not None:
        query = query.where(Occurrence.task_id.in_(task_ids))
    return dict(db.session.execute(query).all())


def task_coverage(tasks: list[Task], today: date) -> dict[int, rules.TaskCoverage]:
    frequency = occurrences_per_year([t.id for t in tasks], today)
    return {
        task.id: rules.TaskCoverage(
            task.id,
            rules.qualified_people(rules.OwnerLevel(o.user_id, o.role, o.level, o.user.active)
                                   for o in task.owners),
            task.criticality,
            frequency.get(task.id, 0),
            task.review_required,
        )
        for task in tasks
    }


def risk_scores(tasks: list[Task], today: date) -> dict[int, int]:
    """Each task's risk score, its owners read as rows (the qualified ones by
    the rule in SQL) rather than loaded with the tasks: two queries."""
    task_ids = [t.id for t in tasks]
    qualified = _qualified_by_task(task_ids) if task_ids else defaultdict(set)
    frequency = occurrences_per_year(task_ids, today)
    # Read as rows too: lists load their tasks with only the columns they show.
    reviewed = set(db.session.scalars(select(Task.id).where(
        Task.id.in_(task_ids), Task.review_required.is_(True)))) if task_ids else set()
    return {task.id: rules.TaskCoverage(task.id, frozenset(qualified[task.id]), task.criticality,
                                        frequency.get(task.id, 0),
                                        task.id in reviewed).risk_score
            for task in tasks}


def coverage_list(actor: User, department_id: int | None = None, page: int = 1,
                  per_page: int = 50, today: date | None = None
                  ) -> Page[tuple[Task, rules.TaskCoverage]]:
    """Active tasks by key-person risk, highest first, a page at a time."""
    ranked = _figures(actor, department_id, today or org_today()).ranked
    chunk = ranked[(page - 1) * per_page: page * per_page]
    tasks = _tasks_by_id([f.task_id for f in chunk])
    return Page([(tasks[f.task_id], f.coverage) for f in chunk], len(ranked), page, per_page)


def dashboard(actor: User, department_id: int | None = None, today: date | None = None,
              page: int = 1, per_page: int = 20) -> Dashboard:
    """Everything the risk dashboard shows, in a bounded number of queries and
    with ORM objects only for what is shown, whatever the departments' size."""
    today = today or org_today()
    figures = _figures(actor, department_id, today)
    department_ids = [d for d, _ in figures.departments]
    departments = {d.id: d for d in db.session.scalars(
        select(Department).where(Department.id.in_(department_ids)))}
    shown = figures.spof[(page - 1) * per_page: page * per_page]
    candidates = memo.remember(
        ("candidates", frozenset(department_ids), today, page, per_page),
        lambda: _ranked_candidates(shown, department_ids, figures.load, today))
    tasks = _tasks_by_id([f.task_id for f in shown])
    wanted = ({c.user_id for found in candidates.values() for c, _ in found}
              | {i for item in figures.at_risk for i in (*item[2], *item[3])})
    # Only names are shown: each person's departments are not read.
    people = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_(wanted)).options(lazyload(User.departments)))
    } if wanted else {}
    risks = [TaskRisk(tasks[f.task_id], f.coverage,
                      [(people[c.user_id], c, hours) for c, hours in candidates[f.task_id]])
             for f in shown]
    occurrences = {o.id: o for o in db.session.scalars(
        select(Occurrence).where(Occurrence.id.in_([item[0] for item in figures.at_risk])))}
    planned = db.session.execute(
        select(TrainingPlan.task_id, TrainingPlan.trainee_id)
        .where(TrainingPlan.status == "planned",
               TrainingPlan.task_id.in_([f.task_id for f in shown]))) if shown else []
    return Dashboard(
        departments=[(departments[d], c) for d, c in figures.departments],
        spof=Page(risks, len(figures.spof), page, per_page),
        at_risk=[AtRisk(occurrences[occurrence_id], [people[i] for i in absent if i in people],
                        [people[i] for i in qualified if i in people])
                 for occurrence_id, _, absent, qualified in figures.at_risk],
        at_risk_total=figures.at_risk_total,
        planned=frozenset((task_id, trainee_id) for task_id, trainee_id in planned),
    )


@dataclass(frozen=True)
class CoverageSummary:
    gaps: int  # active tasks only one qualified person (or nobody) can do
    at_risk: int  # deadlines of the coming weeks nobody qualified is there for


def summary(actor: User, department_id: int | None = None, today: date | None = None
            ) -> CoverageSummary:
    """The risk page's two headline counts, for an overview (the same figures,
    kept by memo, so a page showing both computes them once)."""
    figures = _figures(actor, department_id, today or org_today())
    return CoverageSummary(len(figures.spof), figures.at_risk_total)


def planned_training(actor: User, department_id: int | None = None) -> list[TrainingPlan]:
    """Training planned and not done yet on the actor's departments' active
    tasks, the soonest first."""
    department_ids = scope_of(actor).restrict([department_id] if department_id else None)
    query = (select(TrainingPlan).join(Task, Task.id == TrainingPlan.task_id)
             .where(TrainingPlan.status == "planned", Task.archived_at.is_(None))
             .order_by(TrainingPlan.due_date, TrainingPlan.id).options(*_plan_loads()))
    if department_ids is not None:
        query = query.where(Task.department_id.in_(department_ids))
    return list(db.session.scalars(query))


def _ranked_candidates(shown: Iterable[_TaskFacts], department_ids: list[int],
                       load: dict[int, float], today: date
                       ) -> dict[int, list[tuple[rules.Candidate, float]]]:
    """The best three people to train per task, with the training hours."""
    tasks = _tasks_by_id([f.task_id for f in shown], selectinload(Task.owners))
    people = members_of(department_ids) if department_ids else {}
    if missing := {o.user_id for t in tasks.values() for o in t.owners} - set(people):
        people.update({u.id: u for u in db.session.scalars(
            select(User).where(User.id.in_(missing)))})
    if unknown := [p for p in people if p not in load]:  # owners from other departments
        load = {**load, **planned_load(unknown, today)}
    capacity = default_capacity()
    departments_of = {p.id: p.department_ids for p in people.values()}
    found = {}
    for fact in shown:
        ranked = _candidates(TaskRisk(tasks[fact.task_id], fact.coverage), people, load,
                             capacity, departments_of)
        found[fact.task_id] = [(candidate, hours) for _, candidate, hours in ranked]
    return found


def _deadlines_at_risk(facts: Iterable[_TaskFacts], today: date
                       ) -> tuple[list[tuple[int, date, frozenset[int], frozenset[int]]], int]:
    """Open occurrences in the next AT_RISK_DAYS that nobody qualified is there
    for: (occurrence id, due, absent, qualified) of the first AT_RISK_SHOWN,
    soonest first, and how many there are. Only tasks that can be at risk are
    read: nobody qualified, or a qualified person away in the period."""
    horizon = today + timedelta(days=AT_RISK_DAYS)
    leaves = absences_between(today - timedelta(days=200), horizon)
    leaves_of: dict[int, list[rules.Leave]] = defaultdict(list)
    for leave in leaves:
        if leave.end >= today:
            leaves_of[leave.user_id].append(leave)
    facts = {f.task_id: f for f in facts}
    exposed = [task_id for task_id, f in facts.items()
               if f.coverage.uncovered or f.coverage.qualified & leaves_of.keys()]
    # A run's step given to someone is at risk when that person is away.
    away = list(leaves_of)
    if not exposed and not away:
        return [], 0
    calendar = load_calendar()
    found = []
    # From the tasks to their occurrences: SQLite would otherwise read every
    # open occurrence of the period and test each against the list.
    rows = db.session.execute(
        select(Occurrence.id, Occurrence.task_id, Occurrence.due_date, Occurrence.assignee_id,
               Occurrence.status, Occurrence.prepared_by_id)
        .select_from(Task).join(Occurrence, Occurrence.task_id == Task.id)
        .where(or_(and_(Task.id.in_(exposed), Occurrence.assignee_id.is_(None)),
                   Occurrence.assignee_id.in_(away)),
               Occurrence.status.in_(("open", "prepared")),
               Occurrence.due_date >= today, Occurrence.due_date <= horizon)
        .order_by(Occurrence.due_date, Occurrence.id))
    primaries = _primaries([t for t in exposed if facts[t].coverage.review_required])
    for occurrence_id, task_id, due, assignee_id, status, prepared_by in rows:
        fact = facts.get(task_id)
        if fact is None:
            continue  # a step given to someone away, in a department not shown
        qualified = frozenset({assignee_id}) if assignee_id else fact.coverage.qualified
        checkers = fact.coverage.qualified if fact.coverage.review_required else frozenset()
        relevant = [leave for person in qualified | checkers
                    for leave in leaves_of.get(person, ())]
        window = rules.signed_off_risk(
            due, review_date(due, fact.review_days_before, calendar)
            if fact.coverage.review_required else None, fact.lead_days or (0,), qualified,
            prepared_by or assignee_id or primaries.get(task_id), status == "prepared",
            relevant, calendar, today)
        if window.at_risk:
            found.append((occurrence_id, due, window.absent, qualified))
    return found[:AT_RISK_SHOWN], len(found)


def _primaries(task_ids: list[int]) -> dict[int, int]:
    """Each task's primary owner: who will prepare its work, so who cannot check it."""
    if not task_ids:
        return {}
    return dict(db.session.execute(select(TaskOwner.task_id, TaskOwner.user_id).where(
        TaskOwner.task_id.in_(task_ids), TaskOwner.role == "primary")).all())


def planned_load(person_ids: list[int], today: date) -> dict[int, float]:
    """Average planned hours a month over the next three months, per person."""
    end = today + timedelta(days=30 * HEADROOM_MONTHS)
    cells = rules.workload(_work_items(today, end, set(person_ids)))
    totals: dict[int, float] = defaultdict(float)
    for (person_id, _), cell in cells.items():
        totals[person_id] += cell.minutes / 60
    return {p: totals.get(p, 0.0) / HEADROOM_MONTHS for p in person_ids}


def _candidates(risk: TaskRisk, people: dict[int, User], load: dict[int, float],
                capacity: int, departments_of: dict[int, frozenset[int]]
                ) -> list[tuple[User, rules.Candidate, float]]:
    task = risk.task
    levels = {o.user_id: o.level for o in task.owners}
    found = [rules.Candidate(person.id, levels.get(person.id, 0),
                             task.department_id in departments_of[person.id],
                             capacity_of(person, capacity) - load.get(person.id, 0.0))
             for person in people.values()
             # members_of()'s rule, on people already loaded: a suggestion is
             # someone the manager can then make a trainee.
             if person.active and task.department_id in departments_of[person.id]
             and person.id not in risk.coverage.qualified]
    return [(people[c.user_id], c, rules.training_hours(c.level, task.effort_minutes))
            for c in rules.rank_candidates(found, 3)]


# --- Training plans ---------------------------------------------------------


def accept_suggestion(actor: User, task: Task, trainee_id: int, due_date: date | None = None
                      ) -> TrainingPlan:
    """Turn a cross-training suggestion into a plan: the trainee joins the task
    as a trainee (if not an owner yet), the primary trains them."""
    _require_manager(actor, task.department_id)
    if trainee_id not in members_of([task.department_id], only=[trainee_id]):
        raise ValidationError.single("trainee_id", NOT_A_MEMBER)
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
    """Planned training the person gives or receives."""
    return list(db.session.scalars(
        select(TrainingPlan).where(
            TrainingPlan.status == "planned",
            (TrainingPlan.trainee_id == person.id) | (TrainingPlan.trainer_id == person.id))
        .order_by(TrainingPlan.due_date).options(*_plan_loads())))


def _plan_loads():  # noqa: ANN202
    # Lists of plans show the task's title and the people's names: not the
    # departments of either (each person's would be one more query).
    return (defaultload(TrainingPlan.task).lazyload(Task.department),
            defaultload(TrainingPlan.trainee).lazyload(User.departments),
            defaultload(TrainingPlan.trainer).lazyload(User.departments))


# --- Absences ---------------------------------------------------------------


def absences_between(start: date, end: date) -> list[rules.Leave]:
    """The leaves that take someone away for whole days (not a half day off)."""
    rows = db.session.execute(select(Absence.user_id, Absence.start_date, Absence.end_date)
                              .where(Absence.end_date >= start, Absence.start_date <= end,
                                     Absence.kind.not_in(sorted(rules.HALF_DAY_KINDS))))
    return [rules.Leave(user_id, first, last) for user_id, first, last in rows]


def at_risk_for_task(task: Task, today: date | None = None) -> list[AtRisk]:
    today = today or org_today()
    horizon = today + timedelta(days=AT_RISK_DAYS)
    qualified = task_coverage([task], today)[task.id].qualified
    calendar = load_calendar()
    leaves = absences_between(today - timedelta(days=200), horizon)
    people = {o.user_id: o.user for o in task.owners}
    found = []
    primary = task.primary_owner
    for occurrence in db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == task.id, Occurrence.status.in_(("open", "prepared")),
            Occurrence.due_date.between(today, horizon)).order_by(Occurrence.due_date)):
        theirs = frozenset({occurrence.assignee_id}) if occurrence.assignee_id else qualified
        preparer = (occurrence.prepared_by_id or occurrence.assignee_id
                    or (primary.id if primary else None))
        window = rules.signed_off_risk(
            occurrence.due_date,
            review_date(occurrence.due_date, task.review_days_before, calendar)
            if task.review_required else None, task.lead_days or [0], theirs, preparer,
            occurrence.status == "prepared", leaves, calendar, today)
        if window.at_risk:
            found.append(AtRisk(occurrence, [people[i] for i in window.absent if i in people],
                                [people[i] for i in theirs if i in people]))
    return found


# --- Workload ---------------------------------------------------------------


def _work_items(start: date, end: date, person_ids: AbstractSet[int],
                measured: set[int] | None = None) -> list[rules.WorkItem]:
    """The work between two dates that falls to these people: one item per
    month, task primary and completer, its registered effort summed by the
    database, so the domain's attribution (rules.workload) sees a few thousand
    items instead of every occurrence. Driven by the people: only occurrences of
    tasks they are primary on, or that they completed, are read.

    A task with a measured effort counts that instead: its occurrences add an
    item of (measured − registered) × count, from one more query over those
    tasks only; steps given to one of them are read per task and counted at
    it directly. `measured`, when given, receives their ids (the page says so)."""
    if not person_ids:
        return []
    people = list(person_ids)
    year, month = extract("year", Occurrence.due_date), extract("month", Occurrence.due_date)
    in_window = (Occurrence.due_date >= start, Occurrence.due_date <= end,
                 Occurrence.status.in_(("open", "prepared", "done")), Task.archived_at.is_(None))
    # Occurrences of the tasks these people are primary on, read task by task
    # from their owner rows (the task's own index, not a scan of the window)...
    primary = aliased(TaskOwner)
    theirs = (select(year, month, primary.user_id, Occurrence.completed_by_id,
                     func.sum(Task.effort_minutes))
              .select_from(primary)
              .join(Occurrence, Occurrence.task_id == primary.task_id)
              .join(Task, Task.id == primary.task_id)
              .where(primary.role == "primary", primary.user_id.in_(people),
                     Occurrence.assignee_id.is_(None), *in_window)
              .group_by(year, month, primary.user_id, Occurrence.completed_by_id))
    # Steps of procedure runs given to one of them count as theirs, not as the
    # primary owner's; read per task, for the measured effort below.
    given = list(db.session.execute(
        select(year, month, Occurrence.assignee_id, Occurrence.completed_by_id, Task.id,
               Task.effort_minutes, func.count())
        .select_from(Occurrence).join(Task, Task.id == Occurrence.task_id)
        .where(Occurrence.assignee_id.in_(people), *in_window)
        .group_by(year, month, Occurrence.assignee_id, Occurrence.completed_by_id, Task.id,
                  Task.effort_minutes)))
    # ...and those they completed for someone else's work: few, so read plainly,
    # then their tasks (a join here made PostgreSQL scan every task).
    done = db.session.execute(
        select(year, month, Occurrence.task_id, Occurrence.assignee_id,
               Occurrence.completed_by_id, func.count())
        .where(Occurrence.completed_by_id.in_(people), Occurrence.due_date >= start,
               Occurrence.due_date <= end, Occurrence.status.in_(("open", "prepared", "done")))
        .group_by(year, month, Occurrence.task_id, Occurrence.assignee_id,
                  Occurrence.completed_by_id)).all()
    tasks = {task_id: (effort, primary_id) for task_id, effort, primary_id in db.session.execute(
        select(Task.id, Task.effort_minutes, primary.user_id)
        .outerjoin(primary, (primary.task_id == Task.id) & (primary.role == "primary"))
        .where(Task.id.in_({row[2] for row in done}), Task.archived_at.is_(None)))} if done else {}
    rows = list(db.session.execute(theirs))
    their_tasks = select(primary.task_id).where(primary.role == "primary",
                                                primary.user_id.in_(people))
    others = {row[2] for row in done} | {row[4] for row in given}
    efforts = occurrence_service.measured_efforts(
        select(Task.id).where(Task.id.in_(their_tasks) | Task.id.in_(others))
        if others else their_tasks)
    rows += [(y, m, assignee_id, done_by, efforts.get(task_id, registered) * count)
             for y, m, assignee_id, done_by, task_id, registered, count in given]
    # A completion already counted above (a step given to one of them, or
    # scheduled work of a task one of them is primary on) is not counted twice.
    rows += [(y, m, assignee_id or tasks[task_id][1], done_by,
              efforts.get(task_id, tasks[task_id][0]) * count)
             for y, m, task_id, assignee_id, done_by, count in done
             if task_id in tasks and (assignee_id or tasks[task_id][1]) not in person_ids]
    if efforts:
        # The difference the measured effort makes to the database's sums.
        rows += [(y, m, primary_id, done_by, (efforts[task_id] - registered) * count)
                 for y, m, primary_id, done_by, task_id, registered, count in db.session.execute(
                     select(year, month, primary.user_id, Occurrence.completed_by_id,
                            Task.id, Task.effort_minutes, func.count())
                     .select_from(primary)
                     .join(Occurrence, Occurrence.task_id == primary.task_id)
                     .join(Task, Task.id == primary.task_id)
                     .where(primary.role == "primary", primary.user_id.in_(people),
                            Occurrence.assignee_id.is_(None),
                            Task.id.in_(list(efforts)), *in_window)
                     .group_by(year, month, primary.user_id, Occurrence.completed_by_id,
                               Task.id, Task.effort_minutes))]
        if measured is not None:
            measured.update(efforts)
    items = [rules.WorkItem(date(int(y), int(m), 1), int(minutes), primary_id, done_by)
             for y, m, primary_id, done_by, minutes in rows]
    return items + _checking_items(people, year, month, in_window)


def _checking_items(people: list[int], year, month, in_window) -> list[rules.WorkItem]:  # noqa: ANN001
    """The checks of review-required tasks these people do: a quarter of the
    task's registered effort (signoff.domain.review_minutes) per occurrence,
    on whoever approved it, or for work not done yet on the task's checker to
    be: its best qualified owner other than the primary (highest level, then
    the first registered). Counted as covering: work on a task someone else
    is primary on."""
    rank = func.row_number().over(partition_by=TaskOwner.task_id,
                                  order_by=(TaskOwner.level.desc(), TaskOwner.id)).label("rank")
    ranked = (select(TaskOwner.task_id, TaskOwner.user_id, rank)
              .join(Task, Task.id == TaskOwner.task_id)
              .where(Task.review_required.is_(True), TaskOwner.role != "primary",
                     TaskOwner.level >= QUALIFIED_LEVEL).subquery())
    to_check = (select(year, month, ranked.c.user_id, Task.effort_minutes, func.count())
                .select_from(ranked).join(Occurrence, Occurrence.task_id == ranked.c.task_id)
                .join(Task, Task.id == ranked.c.task_id)
                .where(ranked.c.rank == 1, ranked.c.user_id.in_(people),
                       Occurrence.status.in_(("open", "prepared")), *in_window)
                .group_by(year, month, ranked.c.user_id, Task.id, Task.effort_minutes))
    checked = (select(year, month, Occurrence.reviewed_by_id, Task.effort_minutes, func.count())
               .select_from(Occurrence).join(Task, Task.id == Occurrence.task_id)
               .where(Occurrence.reviewed_by_id.in_(people), Occurrence.status == "done",
                      *in_window)
               .group_by(year, month, Occurrence.reviewed_by_id, Task.id, Task.effort_minutes))
    return [rules.WorkItem(date(int(y), int(m), 1), review_minutes(effort or 0) * count, None,
                           checker)
            for query in (to_check, checked)
            for y, m, checker, effort, count in db.session.execute(query)]


@dataclass
class WorkloadGrid:
    months: list[str]
    people: list[User]
    cells: dict[tuple[int, str], rules.PersonMonth]
    capacity: dict[int, int]
    people_page: Page[User] | None = None  # None: everyone asked for
    measured_tasks: int = 0  # tasks counted at their measured effort, not the registered one

    def row(self, person_id: int) -> list[rules.PersonMonth]:
        return rules.per_month(self.cells, person_id, self.months)

    def overloaded(self, person_id: int, month: str) -> bool:
        cell = self.cells.get((person_id, month))
        return cell is not None and rules.overloaded(cell.hours, self.capacity[person_id])

    def heat_rows(self, people: Iterable[User]) -> Iterator[tuple[User, int, list[HeatCell]]]:
        """Each person with their capacity and a cell a month, as the heatmap
        shows them (built here: a page has hundreds of cells)."""
        for person in people:
            capacity = self.capacity[person.id]
            cells = []
            for month in self.months:
                found = self.cells.get((person.id, month))
                hours = found.hours if found else 0
                heat = min(ceil(hours / capacity * 5), 6) if capacity else 0
                cells.append(HeatCell(month, hours, heat,
                                      found is not None and rules.overloaded(hours, capacity)))
            yield person, capacity, cells


class HeatCell(NamedTuple):
    month: str  # "2026-04"
    hours: float
    heat: int  # 0 (nothing) to 5 (at capacity), 6 over it
    overloaded: bool


def workload_grid(people: list[User], first_month: date, months: int = 12,
                  people_page: Page[User] | None = None) -> WorkloadGrid:
    labels = rules.months_between(first_month, months)
    last_year, last_month = (int(x) for x in labels[-1].split("-"))
    end = (date(last_year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1))
    wanted = {p.id for p in people}
    start = first_month.replace(day=1)

    def compute() -> tuple[dict[tuple[int, str], rules.PersonMonth], int]:
        measured: set[int] = set()
        items = _work_items(start, end, wanted, measured)
        return ({key: cell for key, cell in rules.workload(items).items() if key[0] in wanted},
                len(measured))

    cells, measured_tasks = memo.remember(("workload", frozenset(wanted), start, end), compute)
    default = default_capacity()
    return WorkloadGrid(labels, people, cells, {p.id: capacity_of(p, default) for p in people},
                        people_page, measured_tasks)


def department_workload(actor: User, department_id: int, first_month: date | None = None,
                        months: int = 12, page: int = 1, per_page: int | None = None
                        ) -> WorkloadGrid:
    """The department's active members' workload; `per_page` people at a time
    (None: all of them, as the export wants)."""
    if not scope_of(actor).covers(department_id):
        raise NotFound()
    query = (select(User).join(user_departments, user_departments.c.user_id == User.id)
             .where(user_departments.c.department_id == department_id, User.active.is_(True))
             .order_by(User.reading_key, User.id))
    listed = paginate(query, page, per_page) if per_page else None
    people = listed.items if listed else list(db.session.scalars(query))
    return workload_grid(people, first_month or org_today(), months, listed)
