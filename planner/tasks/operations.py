"""The task registry's use cases, shared by the HTML views, the API and the CLI."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.orm.exc import StaleDataError

from planner.calendar.recurrence import Schedule
from planner.calendar.recurrence import validate as validate_schedule
from planner.core import memo
from planner.core.audit import last_change
from planner.core.clock import org_today
from planner.core.codes import check_code
from planner.core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.kana import READING_MAX, reading_to_keep
from planner.core.pagination import Page, count, paginate
from planner.core.readings import contains, search_matches
from planner.core.roles import Scope
from planner.core.types import utcnow
from planner.people.access import get_visible, scope_of
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments
from planner.tasks.domain import (
    CRITICALITIES,
    DEADLINE_BASES,
    REVIEW_DAYS_MAX,
    WORK_BY_BUFFER_MAX_DAYS,
)
from planner.tasks.models import Task, TaskOwner
from planner.tasks.signals import task_archived, task_restored, task_saved


@dataclass
class TaskData:
    """The editable fields of a task, already parsed by a form or the API."""
    title: str
    department_id: int
    category: str
    # フリガナ; empty: suggested from the title.
    reading: str = ""
    criticality: str = "medium"
    code: str | None = None
    procedure: str = ""
    legal_basis: str = ""
    effort_minutes: int = 0
    primary_owner_id: int | None = None
    schedule: Schedule | None = None
    deadline_basis: str = "internal"
    work_by_buffer_days: int = 0
    review_required: bool = False
    review_days_before: int = 0
    # The version the editor started from (None: do not check).
    version: int | None = None
    # The catalogue entry a new task is started from; None leaves the task's as it is.
    catalogue_key: str | None = None

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> TaskData:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @classmethod
    def of(cls, task: Task) -> TaskData:
        """A task's fields as they are now; every field but the primary owner is
        the task's attribute of the same name."""
        primary = task.primary_owner
        return cls(primary_owner_id=primary.id if primary else None,
                   **{f.name: getattr(task, f.name) for f in fields(cls)
                      if f.name != "primary_owner_id"})


@dataclass(frozen=True)
class TaskFilters:
    q: str = ""
    department_id: int | None = None
    category: str | None = None
    criticality: str | None = None
    owner_id: int | None = None
    status: str = "active"  # active / archived / all
    sort: str = "title"


def _criticality_order():
    return case({c: i for i, c in enumerate(CRITICALITIES)}, value=Task.criticality)


_SORTS = {
    # "title" is 五十音 order: by the reading's sort key (core.kana.gojuon_key).
    "title": lambda: (Task.reading_key.asc(),),
    "-title": lambda: (Task.reading_key.desc(),),
    "criticality": lambda: (_criticality_order().asc(), Task.reading_key.asc()),
    "-criticality": lambda: (_criticality_order().desc(), Task.reading_key.asc()),
    "department": lambda: (Department.name.asc(), Task.reading_key.asc()),
    "effort": lambda: (Task.effort_minutes.asc(), Task.reading_key.asc()),
    "-effort": lambda: (Task.effort_minutes.desc(), Task.reading_key.asc()),
    "updated": lambda: (Task.updated_at.asc(),),
    "-updated": lambda: (Task.updated_at.desc(),),
    "code": lambda: (Task.code.asc(), Task.reading_key.asc()),
}


def task_query(scope: Scope, filters: TaskFilters) -> Select:
    query = select(Task).join(Task.department)
    departments = scope.restrict([filters.department_id] if filters.department_id else None)
    if departments is not None:
        query = query.where(Task.department_id.in_(departments))
    if filters.status == "active":
        query = query.where(Task.archived_at.is_(None))
    elif filters.status == "archived":
        query = query.where(Task.archived_at.is_not(None))
    if filters.category:
        query = query.where(Task.category == filters.category)
    if filters.criticality:
        query = query.where(Task.criticality == filters.criticality)
    if filters.owner_id:
        query = query.where(
            Task.id.in_(select(TaskOwner.task_id).where(TaskOwner.user_id == filters.owner_id))
        )
    if q := filters.q.strip():
        pattern = contains(q)
        query = query.where(
            # The title and its reading: げんせん, ｹﾞﾝｾﾝ and 源泉 alike.
            or_(search_matches(Task, q),
                *(column.ilike(pattern, escape="\\")
                  for column in (Task.code, Task.legal_basis, Task.procedure)))
        )
    order = _SORTS.get(filters.sort, _SORTS["title"])()
    return query.options(
        # The department from the join above, not from a second one under an alias.
        contains_eager(Task.department),
        # Lists show the owners' names; their departments (User.departments loads
        # them by default, in another query) nobody reads here.
        selectinload(Task.owners).joinedload(TaskOwner.user).lazyload(User.departments),
    ).order_by(*order, Task.id)


def list_tasks(actor: User, filters: TaskFilters, page: int = 1, per_page: int = 25) -> Page[Task]:
    scope = scope_of(actor)
    query = task_query(scope, filters)
    if filters.q.strip():
        # A text search tests every task of the scope: count its matches on the way.
        return paginate(query, page, per_page, count_in_rows=True)
    # Otherwise the count of a filter is kept until the data changes: paging
    # through a list, or coming back to it, does not count it again.
    total = memo.remember(("tasks.count", scope, filters), lambda: count(query))
    return paginate(query, page, per_page, total=total)


def get_task(actor: User, task_id: int) -> Task:
    """A task the actor may see; another department's task is simply not found."""
    return get_visible(actor, Task, task_id, lambda t: t.department_id)


def departments_for(actor: User) -> list[Department]:
    """The active departments the actor may use, by id."""
    if not scope_of(actor).all_departments:
        # Their own, loaded with them already (in id order) for their scope.
        return [d for d in actor.departments if d.active]
    query = select(Department).where(Department.active.is_(True)).order_by(Department.id)
    return list(db.session.scalars(query))


def people_in(department_ids: list[int]) -> list[User]:
    """Active people who may own tasks of these departments."""
    members = select(user_departments.c.user_id).where(
        user_departments.c.department_id.in_(department_ids))
    # A subquery rather than JOIN … DISTINCT: PostgreSQL cannot compare JSON
    # columns for DISTINCT.
    query = select(User).where(User.active.is_(True), User.id.in_(members)).order_by(User.reading_key, User.id)
    return list(db.session.scalars(query))


def people_choices(department_ids: list[int]) -> list[tuple[int, str]]:
    """people_in() as (id, name), for a form's choices: a department has a
    couple of hundred people at a large company, and loading each as a User
    (then their departments, in a second query) cost more than the page's
    own list. Kept until the data changes: every registry view shows them."""

    def read() -> tuple[tuple[int, str], ...]:
        members = select(user_departments.c.user_id).where(
            user_departments.c.department_id.in_(department_ids))
        query = (select(User.id, User.name).where(User.active.is_(True), User.id.in_(members))
                 .order_by(User.reading_key, User.id))
        return tuple((row.id, row.name) for row in db.session.execute(query))

    return list(memo.remember(("people choices", frozenset(department_ids)), read))


def _check(actor: User, data: TaskData, task: Task | None) -> None:
    scope = scope_of(actor)
    if not scope.can_edit_tasks(data.department_id):
        raise Forbidden(N_("You cannot manage the tasks of this department."))
    errors: dict[str, list] = {}
    if message := check_code(data.code or ""):
        errors["code"] = [message]
    elif data.code:
        clash = db.session.scalar(select(Task.id).where(Task.code == data.code))
        if clash is not None and (task is None or clash != task.id):
            errors["code"] = [N_("This code is already used by another task.")]
    if data.primary_owner_id is not None:
        owner = db.session.get(User, data.primary_owner_id)
        if owner is None or not owner.active or data.department_id not in owner.department_ids:
            errors["primary_owner_id"] = [
                N_("The primary owner must be an active member of the task's department.")
            ]
    if len(data.reading or "") > READING_MAX:
        errors["reading"] = [N_("At most %(max)d characters.", max=READING_MAX)]
    if data.deadline_basis not in DEADLINE_BASES:
        errors["deadline_basis"] = [N_("Choose statutory or internal.")]
    if not 0 <= (data.work_by_buffer_days or 0) <= WORK_BY_BUFFER_MAX_DAYS:
        errors["work_by_buffer_days"] = [N_("Enter from 0 to %(max)d business days.",
                                            max=WORK_BY_BUFFER_MAX_DAYS)]
    if not 0 <= (data.review_days_before or 0) <= REVIEW_DAYS_MAX:
        errors["review_days_before"] = [N_("Enter from 0 to %(max)d business days.",
                                           max=REVIEW_DAYS_MAX)]
    if db.session.get(Department, data.department_id) is None:
        errors["department_id"] = [N_("Unknown department.")]
    if data.schedule is not None:
        try:
            validate_schedule(data.schedule)
        except ValidationError as error:
            errors.update(error.fields)
    if errors:
        raise ValidationError(errors)


def _set_primary(task: Task, user_id: int | None) -> None:
    if user_id is None:
        return
    current = next((o for o in task.owners if o.role == "primary"), None)
    if current is not None and current.user_id == user_id:
        return
    existing = next((o for o in task.owners if o.user_id == user_id), None)
    if current is not None:
        current.role = "backup"
    if existing is not None:
        existing.role = "primary"
    else:
        task.owners.append(TaskOwner(user_id=user_id, role="primary", level=3))


def apply_task_data(task: Task, data: TaskData) -> None:
    """Copy checked data onto a task (the form, the API and the import share it)."""
    title = data.title.strip()
    task.reading = reading_to_keep(data.reading, title, task.title, task.reading)
    task.title = title
    task.department_id = data.department_id
    task.category = data.category
    task.criticality = data.criticality
    task.code = (data.code or "").strip() or None
    task.procedure = data.procedure or ""
    task.legal_basis = (data.legal_basis or "").strip()
    task.effort_minutes = data.effort_minutes or 0
    task.deadline_basis = data.deadline_basis
    task.work_by_buffer_days = data.work_by_buffer_days or 0
    task.review_required = bool(data.review_required)
    task.review_days_before = data.review_days_before or 0
    if data.catalogue_key is not None:
        task.catalogue_key = data.catalogue_key
    if data.schedule is not None:
        task.schedule = data.schedule
    elif task.dtstart is None:
        task.schedule = Schedule("once", org_today())
    _set_primary(task, data.primary_owner_id)


def create_task(actor: User, data: TaskData) -> Task:
    _check(actor, data, None)
    task = Task()
    apply_task_data(task, data)
    db.session.add(task)
    db.session.flush()
    task_saved.send(task, actor=actor, created=True, schedule_changed=True,
                    procedure_changed=bool(task.procedure))
    return task


def update_task(actor: User, task: Task, data: TaskData) -> Task:
    scope = scope_of(actor)
    if not scope.can_edit_tasks(task.department_id):
        raise NotFound()
    if task.event_step:
        # Its dates come from the events it carries out: no rule replaces them.
        data = replace(data, schedule=task.schedule)
    _check(actor, data, task)
    if data.version is not None and data.version != task.version:
        raise _edited_meanwhile(task)
    # The basis and buffer move the dates as much as the rule does.
    before = (task.schedule, task.deadline_basis, task.work_by_buffer_days)
    procedure_before = task.procedure
    apply_task_data(task, data)
    try:
        db.session.flush()
    except StaleDataError:
        # Another transaction saved the task between our read and our write.
        db.session.rollback()
        raise Conflict(N_("Someone else saved this task while you were editing it. Reload "
                          "it and make your change again.")) from None
    task_saved.send(task, actor=actor, created=False, schedule_changed=before != (task.schedule, task.deadline_basis,
                                                         task.work_by_buffer_days),
                    procedure_changed=task.procedure != procedure_before)
    return task


def _edited_meanwhile(task: Task) -> Conflict:
    change = last_change(Task, task.id)
    if change is None:
        return Conflict(N_("Someone else saved this task while you were editing it. Reload "
                           "it and make your change again."))
    return Conflict(N_("%(name)s saved this task at %(time)s, after you opened it. Reload it "
                       "to see their change, then make yours again.",
                       name=change[0], time=change[1]))


def archive_task(actor: User, task: Task) -> Task:
    if not scope_of(actor).can_archive_tasks(task.department_id):
        raise Forbidden()
    if task.archived_at is None:
        task.archived_at = utcnow()
        db.session.flush()
        task_archived.send(task)
    return task


def restore_task(actor: User, task: Task) -> Task:
    if not scope_of(actor).can_archive_tasks(task.department_id):
        raise Forbidden()
    if task.archived_at is not None:
        task.archived_at = None
        db.session.flush()
        task_restored.send(task)
    return task
