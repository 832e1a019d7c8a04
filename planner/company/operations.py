"""The company profile's use cases: read it, preview what a change moves, save
it and move the open future occurrences of the tasks started from the catalogue."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from planner.calendar import operations as calendar_service
from planner.calendar.recurrence import PresetInput, next_occurrences, schedule_from_preset
from planner.company import domain
from planner.company.domain import PROFILE_FIELDS, Profile
from planner.company.signals import profile_saved
from planner.core import settings
from planner.core.clock import org_today
from planner.core.errors import N_, Forbidden, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.people.models.user import User
from planner.tasks import catalogue
from planner.tasks.models import Task
from planner.tasks.signals import task_saved
from planner.work.models import Occurrence
from planner.work.operations import deadline_of

# Dates of each task a preview shows: enough to see a year's return move.
PREVIEW_DATES = 3


def get_profile() -> Profile:
    return Profile(**{name: settings.get(name) for name in PROFILE_FIELDS})


def changed_profile(values: dict[str, Any]) -> Profile:
    """The stored profile with `values` in place of its fields (unknown names ignored)."""
    return replace(get_profile(), **{k: v for k, v in values.items() if k in PROFILE_FIELDS})


def _require_admin(actor: User) -> None:
    if Role(actor.role) is not Role.ADMIN:
        raise Forbidden(N_("Only an administrator can change the company profile."))


def check(profile: Profile) -> None:
    if errors := domain.problems(profile):
        raise ValidationError(errors)


@dataclass(frozen=True)
class Move:
    """One date of a task started from the catalogue that the new profile moves."""
    task: Task
    old: date | None
    new: date | None


@dataclass(frozen=True)
class _Plan:
    task: Task
    fields: dict[str, Any]


def _fiscal_tasks() -> list[Task]:
    keys = [entry["key"] for entry in catalogue.ENTRIES if entry["fiscal"]]
    return list(db.session.scalars(
        select(Task).where(Task.catalogue_key.in_(keys), Task.archived_at.is_(None))
        .order_by(Task.title, Task.id)))


def _schedule(task: Task, fields: dict[str, Any]):  # noqa: ANN202 - a recurrence Schedule
    return schedule_from_preset(
        PresetInput(fields["preset"], day=fields["day"], month=fields["month"],
                    rrule=fields["rrule"]),
        dtstart=task.dtstart, shift=task.shift, lead_days=tuple(task.lead_days or ()))


def _plans(profile: Profile) -> list[_Plan]:
    """The catalogue tasks whose schedule the profile changes."""
    plans = []
    for task in _fiscal_tasks():
        entry = catalogue.get(task.catalogue_key or "")
        if entry is None:
            continue
        fields = domain.fiscal_schedule(entry["fiscal"], profile)
        if _schedule(task, fields) != task.schedule:
            plans.append(_Plan(task, fields))
    return plans


def preview(profile: Profile, today: date | None = None) -> list[Move]:
    """What saving `profile` would move: each task's next open dates, old and new
    (legal dates on the statutory calendar for a statutory task). Writes nothing."""
    check(profile)
    today = today or org_today()
    company = calendar_service.load_calendar()
    plans = _plans(profile)
    open_dates: dict[int, list[date]] = defaultdict(list)
    for task_id, due in db.session.execute(  # every task's open dates in one query
            select(Occurrence.task_id, Occurrence.due_date)
            .where(Occurrence.task_id.in_([plan.task.id for plan in plans]),
                   Occurrence.status == "open", Occurrence.due_date >= today)
            .order_by(Occurrence.task_id, Occurrence.due_date)):
        open_dates[task_id].append(due)
    moves: list[Move] = []
    for plan in plans:
        calendar = deadline_of(plan.task).calendar(company)
        old = open_dates[plan.task.id][:PREVIEW_DATES]
        new = [o.due for o in next_occurrences(_schedule(plan.task, plan.fields), calendar,
                                                today, PREVIEW_DATES)]
        for index in range(max(len(old), len(new))):
            before = old[index] if index < len(old) else None
            after = new[index] if index < len(new) else None
            if before != after:
                moves.append(Move(plan.task, before, after))
    return moves


def save_profile(actor: User, profile: Profile) -> list[Task]:
    """Store the profile and move the tasks started from the catalogue whose
    dates follow the fiscal year; returns them. Done and skipped occurrences
    stay where they are (work re-materialises only the open future ones)."""
    _require_admin(actor)
    check(profile)
    before = get_profile().as_dict()
    for name, value in profile.as_dict().items():
        settings.put(name, value)
    moved = []
    for plan in _plans(profile):
        plan.task.schedule = _schedule(plan.task, plan.fields)
        db.session.flush()
        task_saved.send(plan.task, actor=actor, created=False, schedule_changed=True,
                        procedure_changed=False)
        moved.append(plan.task)
    profile_saved.send(None, changed=frozenset(
        name for name, value in profile.as_dict().items() if before[name] != value))
    return moved


@dataclass(frozen=True)
class CatalogueEntry:
    """A catalogue entry as this company sees it."""
    key: str
    title: str
    legal_basis: str
    description: str
    applies: bool
    next_due: list[date]
    entry: dict[str, Any]


@lru_cache(maxsize=4096)
def _legal_due_dates(key: str, profile: Profile, today: date) -> tuple[date, ...]:
    """An entry's next legal dates: they follow from the shipped entry, the
    profile and the day alone, so each process computes them once a day per
    profile instead of on every view of the catalogue (its slowest part)."""
    return tuple(domain.legal_due_dates(catalogue.get(key), profile, today))


def company_catalogue(language: str, profile: Profile | None = None,
                      today: date | None = None) -> list[CatalogueEntry]:
    """Every catalogue entry, with whether it applies and its next legal dates."""
    profile = profile or get_profile()
    today = today or org_today()
    return [
        CatalogueEntry(
            key=entry["key"],
            title=domain.title_for(entry["title"][language], language, profile),
            legal_basis=entry["legal_basis"][language],
            description=entry["description"][language],
            applies=domain.applies(entry["applies_when"], profile, today),
            next_due=list(_legal_due_dates(entry["key"], profile, today)),
            entry=entry,
        )
        for entry in catalogue.ENTRIES
    ]


def entry_schedule(key: str, profile: Profile | None = None) -> dict[str, Any] | None:
    """A catalogue entry's schedule fields for this company, or None if unknown."""
    entry = catalogue.get(key)
    if entry is None:
        return None
    return domain.schedule_fields(entry, profile or get_profile())
