"""The event types in force: the shipped file (shipped.py) with the
administrators' changes on top — their own types and steps (a PC return, an
account deletion), their version of a shipped step, a step no longer opened.

Like the price book, the shipped data stays as it is and a change is a row
of its own, so "back to the shipped step" is deleting the row, and a new
release's corrected sources reach every step nobody changed. Events already
recorded keep their steps and dates; a change applies to the events
recorded after it. A step's task follows the step's titles, department and
effort. Flushes, never commits."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from planner.core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.events import domain
from planner.events.models import EventStepSetting, EventTypeSetting
from planner.events.shipped import shipped_type, shipped_types
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.domain import CATEGORIES
from planner.tasks.models import Task

TYPE_TITLE_MAX = 100


# --- Reading --------------------------------------------------------------------


def _type_setting(row: EventTypeSetting) -> domain.TypeSetting:
    return domain.TypeSetting(key=row.key, title_ja=row.title_ja, title_en=row.title_en,
                              archived=row.archived)


def _step_setting(row: EventStepSetting) -> domain.StepSetting:
    rule = domain.RelativeDeadline(kind=row.kind, n=row.n, day=row.day,
                                   counts_event_day=row.counts_event_day,
                                   statutory=row.statutory)
    step = domain.StepTemplate(
        key=row.key, title_ja=row.title_ja, title_en=row.title_en,
        legal_basis_ja=row.legal_basis_ja, legal_basis_en=row.legal_basis_en,
        department=row.department, category=row.category, effort_minutes=row.effort_minutes,
        deadline=rule, when=row.applies_when, source=row.source, url=row.url,
        seen_on=row.updated_at.date() if row.updated_at else None)
    return domain.StepSetting(type_key=row.type_key, step=step, position=row.position,
                              disabled=row.disabled)


def all_event_types() -> list[domain.EventType]:
    """Every type, put away or not (an old event still needs its title): two queries."""
    types = db.session.scalars(select(EventTypeSetting).order_by(EventTypeSetting.id))
    steps = db.session.scalars(select(EventStepSetting).order_by(EventStepSetting.id))
    return domain.with_settings(shipped_types(), [_type_setting(row) for row in types],
                                [_step_setting(row) for row in steps])


def event_types() -> list[domain.EventType]:
    """The types an event can be recorded with."""
    return [each for each in all_event_types() if not each.archived]


def event_types_by_key() -> dict[str, domain.EventType]:
    """Every type by key, for a page naming many events' types at once."""
    return {each.key: each for each in all_event_types()}


def event_type(key: str) -> domain.EventType | None:
    """The type with this key as in force, put away or not; None when unknown."""
    return event_types_by_key().get(key)


# --- Changing ---------------------------------------------------------------------


def may_edit(actor: User) -> bool:
    return Role(actor.role) is Role.ADMIN


def _require_admin(actor: User) -> None:
    if not may_edit(actor):
        raise Forbidden(N_("Only administrators can change event types."))


def _known(key: str) -> domain.EventType:
    found = event_type(key)
    if found is None:
        raise NotFound(N_("There is no event type %(key)s.", key=key))
    return found


def _titles(title_ja: str, title_en: str) -> tuple[str, str]:
    errors = {}
    titles = {"title_ja": (title_ja or "").strip(), "title_en": (title_en or "").strip()}
    for name, value in titles.items():
        if not value:
            errors[name] = [N_("Enter a title.")]
        elif len(value) > TYPE_TITLE_MAX:
            errors[name] = [N_("Write at most %(max)d characters.", max=TYPE_TITLE_MAX)]
    if errors:
        raise ValidationError(errors)
    return titles["title_ja"], titles["title_en"]


def _type_row(key: str) -> EventTypeSetting | None:
    return db.session.scalar(select(EventTypeSetting).where(EventTypeSetting.key == key))


def add_event_type(actor: User, key: str, title_ja: str, title_en: str) -> domain.EventType:
    """A type of the company's own; its steps are added next."""
    _require_admin(actor)
    key = (key or "").strip()
    errors = {}
    if not domain.KEY_PATTERN.fullmatch(key):
        errors["key"] = [N_("Use 1 to 40 lower-case letters, digits, hyphens or underscores, "
                            "starting and ending with a letter or digit.")]
    elif event_type(key) is not None:
        errors["key"] = [N_("An event type with this key exists already.")]
    try:
        titles = _titles(title_ja, title_en)
    except ValidationError as error:
        errors.update(error.fields)
    if errors:
        raise ValidationError(errors)
    db.session.add(EventTypeSetting(key=key, title_ja=titles[0], title_en=titles[1],
                                    archived=False, updated_by_id=actor.id))
    db.session.flush()
    return _known(key)


def change_event_type(actor: User, key: str, *, title_ja: str | None = None,
                      title_en: str | None = None, archived: bool | None = None
                      ) -> domain.EventType:
    """New titles, or putting the type away (or back); what is left out stays."""
    _require_admin(actor)
    current = _known(key)
    titles = _titles(current.title_ja if title_ja is None else title_ja,
                     current.title_en if title_en is None else title_en)
    row = _type_row(key)
    if row is None:
        row = EventTypeSetting(key=key, archived=False, updated_by_id=actor.id)
        db.session.add(row)
    row.title_ja, row.title_en = titles
    if archived is not None:
        row.archived = archived
    row.updated_by_id = actor.id
    db.session.flush()
    return _known(key)


def reset_event_type(actor: User, key: str) -> domain.EventType:
    """A shipped type's own titles back, and in use again. Its steps keep
    their changes (each goes back on its own)."""
    _require_admin(actor)
    _known(key)
    if shipped_type(key) is None:
        raise Conflict(N_("This event type is the company's own: there is nothing shipped to "
                          "go back to."))
    if (row := _type_row(key)) is not None:
        db.session.delete(row)
        db.session.flush()
    return _known(key)


def _step_row(type_key: str, key: str) -> EventStepSetting | None:
    return db.session.scalar(select(EventStepSetting).where(
        EventStepSetting.type_key == type_key, EventStepSetting.key == key))


def department_names() -> dict[str, str]:
    """Department code -> name, for choosing a step's department."""
    return dict(db.session.execute(select(Department.code, Department.name)
                                   .order_by(Department.name)).all())


def _department_codes() -> set[str]:
    return set(db.session.scalars(select(Department.code)))


def _check_step(step: domain.StepTemplate) -> None:
    errors = domain.step_problems(step)
    if step.category not in CATEGORIES:
        errors.setdefault("category", []).append(N_("Choose a category."))
    if step.department not in _department_codes():
        errors.setdefault("department", []).append(N_("Choose a department."))
    if errors:
        raise ValidationError(errors)


def _normalised(step: domain.StepTemplate) -> domain.StepTemplate:
    """Only what the deadline's kind uses is kept (a day means nothing to
    'within N days'); free text is trimmed."""
    rule = step.deadline
    rule = replace(rule, day=rule.day if rule.kind == "day_of_next_month" else None,
                   counts_event_day=rule.counts_event_day and rule.kind in (
                       "within_days", "within_months"))
    return replace(step, key=step.key.strip(), title_ja=step.title_ja.strip(),
                   title_en=step.title_en.strip(), legal_basis_ja=step.legal_basis_ja.strip(),
                   legal_basis_en=step.legal_basis_en.strip(), source=step.source.strip(),
                   url=step.url.strip(), when=step.when or None, deadline=rule)


def _write(row: EventStepSetting, step: domain.StepTemplate) -> None:
    rule = step.deadline
    row.title_ja, row.title_en = step.title_ja, step.title_en
    row.legal_basis_ja, row.legal_basis_en = step.legal_basis_ja, step.legal_basis_en
    row.department, row.category = step.department, step.category
    row.effort_minutes = step.effort_minutes
    row.kind, row.n, row.day = rule.kind, rule.n, rule.day
    row.counts_event_day, row.statutory = rule.counts_event_day, rule.statutory
    row.applies_when, row.source, row.url = step.when, step.source, step.url


def _follow(type_key: str, step: domain.StepTemplate) -> None:
    """The step's task, if events made one, takes the step's new details:
    the work people see is the step they read on the type's page."""
    task = db.session.scalar(select(Task).where(Task.event_step == f"{type_key}:{step.key}"))
    if task is None:
        return
    department = db.session.scalar(select(Department).where(Department.code == step.department))
    task.title = step.title_ja
    task.legal_basis = step.legal_basis_ja
    task.category = step.category
    task.effort_minutes = step.effort_minutes
    task.deadline_basis = "statutory" if step.deadline.statutory else "internal"
    if department is not None:
        task.department_id = department.id


def add_step(actor: User, type_key: str, step: domain.StepTemplate) -> domain.StepTemplate:
    """A step of the company's own, after the type's other steps."""
    _require_admin(actor)
    kind = _known(type_key)
    step = _normalised(step)
    _check_step(step)
    shipped = shipped_type(type_key)
    if kind.step(step.key) is not None or _step_row(type_key, step.key) is not None or (
            shipped is not None and shipped.step(step.key) is not None):
        raise ValidationError.single("key", N_("This event type has a step with this key "
                                               "already."))
    last = db.session.scalar(select(func.max(EventStepSetting.position))
                             .where(EventStepSetting.type_key == type_key))
    row = EventStepSetting(type_key=type_key, key=step.key, position=(last or 0) + 1,
                           disabled=False, updated_by_id=actor.id)
    _write(row, step)
    db.session.add(row)
    _follow(type_key, step)
    db.session.flush()
    return _in_force(type_key, step.key)


def _in_force(type_key: str, key: str) -> domain.StepTemplate:
    found = _known(type_key).step(key)
    if found is None:
        raise NotFound(N_("This event type has no step %(key)s.", key=key))
    return found


def change_step(actor: User, type_key: str, key: str, step: domain.StepTemplate
                ) -> domain.StepTemplate:
    """A new version of a step (its key stays). For a shipped step, the
    company's version replaces the file's until it is reset."""
    _require_admin(actor)
    _in_force(type_key, key)
    step = _normalised(replace(step, key=key))
    _check_step(step)
    row = _step_row(type_key, key)
    if row is None:
        row = EventStepSetting(type_key=type_key, key=key, position=0, disabled=False,
                               updated_by_id=actor.id)
        db.session.add(row)
    _write(row, step)
    row.updated_by_id = actor.id
    _follow(type_key, step)
    db.session.flush()
    return _in_force(type_key, key)


def remove_step(actor: User, type_key: str, key: str) -> None:
    """Recording the event no longer opens the step. A shipped step is kept
    aside (it can be reset); the company's own goes. Steps already opened
    stay, and so does the step's task with its history."""
    _require_admin(actor)
    current = _in_force(type_key, key)
    shipped = shipped_type(type_key)
    row = _step_row(type_key, key)
    if shipped is not None and shipped.step(key) is not None:
        if row is None:
            row = EventStepSetting(type_key=type_key, key=key, position=0,
                                   updated_by_id=actor.id)
            _write(row, current)
            db.session.add(row)
        row.disabled = True
        row.updated_by_id = actor.id
    elif row is not None:
        db.session.delete(row)
    db.session.flush()


def reset_step(actor: User, type_key: str, key: str) -> domain.StepTemplate:
    """A shipped step as the file has it, opened again if it was removed."""
    _require_admin(actor)
    _known(type_key)
    shipped = shipped_type(type_key)
    original = shipped.step(key) if shipped is not None else None
    if original is None:
        raise NotFound(N_("This event type has no shipped step %(key)s.", key=key))
    if (row := _step_row(type_key, key)) is not None:
        db.session.delete(row)
    _follow(type_key, original)
    db.session.flush()
    return _in_force(type_key, key)


def removed_steps(type_key: str) -> list[domain.StepTemplate]:
    """The shipped steps of a type that the company no longer opens."""
    shipped = shipped_type(type_key)
    if shipped is None:
        return []
    keys = set(db.session.scalars(select(EventStepSetting.key).where(
        EventStepSetting.type_key == type_key, EventStepSetting.disabled.is_(True))))
    return [step for step in shipped.steps if step.key in keys]
