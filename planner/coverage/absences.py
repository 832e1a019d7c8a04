"""Leave periods: people record their own, managers anyone's in their departments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from planner.core.errors import N_, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.roles import Role
from planner.coverage.domain import away_all_day
from planner.coverage.models.absence import ABSENCE_KINDS, Absence
from planner.people.access import scope_of
from planner.people.models.user import User, user_departments

MAX_DAYS = 3 * 366


@dataclass
class AbsenceData:
    user_id: int
    start_date: date
    end_date: date
    kind: str = "annual_leave"
    note: str = ""


def _may_manage(actor: User, person: User) -> bool:
    if actor.id == person.id:
        return True
    scope = scope_of(actor)
    if scope.all_departments:
        return True
    return Role(actor.role).at_least(Role.MANAGER) and bool(
        person.department_ids & scope.department_ids)


def _may_see(actor: User, person: User) -> bool:
    scope = scope_of(actor)
    return actor.id == person.id or scope.all_departments or bool(
        person.department_ids & scope.department_ids)


def check_absence(actor: User, data: AbsenceData) -> User:
    """The person the absence is for, if the actor may record it; else ValidationError."""
    person = db.session.get(User, data.user_id)
    if person is None or not _may_see(actor, person):
        raise ValidationError.single("user_id", N_("Unknown person."))
    if not _may_manage(actor, person):
        raise ValidationError.single("user_id", N_("You can record only your own absences."))
    errors: dict[str, list] = {}
    if data.end_date < data.start_date:
        errors["end_date"] = [N_("The end must not be before the start.")]
    elif (data.end_date - data.start_date).days > MAX_DAYS:
        errors["end_date"] = [N_("An absence is at most three years; record longer ones again.")]
    if data.kind not in ABSENCE_KINDS:
        errors["kind"] = [N_("Unknown kind of absence.")]
    elif not away_all_day(data.kind) and data.end_date != data.start_date and "end_date" not in errors:
        errors["end_date"] = [N_("A half-day leave is one day: end it on the day it starts.")]
    if errors:
        raise ValidationError(errors)
    return person


def create_absence(actor: User, data: AbsenceData) -> Absence:
    check_absence(actor, data)
    absence = Absence(user_id=data.user_id, start_date=data.start_date, end_date=data.end_date,
                      kind=data.kind, note=(data.note or "").strip()[:500])
    db.session.add(absence)
    db.session.flush()
    return absence


def get_absence(actor: User, absence_id: int) -> Absence:
    absence = db.session.get(Absence, absence_id)
    if absence is None or not _may_see(actor, absence.user):
        raise NotFound()
    return absence


def update_absence(actor: User, absence: Absence, data: AbsenceData) -> Absence:
    if not _may_manage(actor, absence.user):
        raise NotFound()
    check_absence(actor, data)
    absence.user_id, absence.start_date, absence.end_date = (
        data.user_id, data.start_date, data.end_date)
    absence.kind, absence.note = data.kind, (data.note or "").strip()[:500]
    db.session.flush()
    return absence


def delete_absence(actor: User, absence: Absence) -> None:
    if not _may_manage(actor, absence.user):
        raise NotFound()
    db.session.delete(absence)
    db.session.flush()


def absence_query(actor: User, person_id: int | None = None,
                  from_date: date | None = None, to_date: date | None = None) -> Select:
    scope = scope_of(actor)
    # The person from this join (not joined again under an alias, as
    # Absence.user would be by default), without their departments: the
    # lists show names.
    query = (select(Absence).join(Absence.user)
             .options(contains_eager(Absence.user).lazyload(User.departments)))
    if not scope.all_departments:
        visible = select(user_departments.c.user_id).where(
            user_departments.c.department_id.in_(scope.department_ids))
        query = query.where((Absence.user_id == actor.id) | Absence.user_id.in_(visible))
    if person_id:
        query = query.where(Absence.user_id == person_id)
    if from_date:
        query = query.where(Absence.end_date >= from_date)
    if to_date:
        query = query.where(Absence.start_date <= to_date)
    return query.order_by(Absence.start_date.desc(), Absence.id)


def department_absences(actor: User, department_id: int, first: date, last: date
                        ) -> list[Absence]:
    """The absences of a department's members that touch these days, as far
    as the actor may see them (the team calendar shows them), by name."""
    members = select(user_departments.c.user_id).where(
        user_departments.c.department_id == department_id)
    query = absence_query(actor, from_date=first, to_date=last).where(
        Absence.user_id.in_(members))
    return list(db.session.scalars(query.order_by(None).order_by(
        Absence.start_date, User.name, Absence.id)))


def list_absences(actor: User, page: int = 1, per_page: int = 50, **filters) -> Page[Absence]:
    return paginate(absence_query(actor, **filters), page, per_page)


def people_for(actor: User) -> list[User]:
    """Whose absences the actor may record."""
    scope = scope_of(actor)
    if not Role(actor.role).at_least(Role.MANAGER):
        return [actor]
    query = select(User).where(User.active.is_(True)).order_by(User.reading_key, User.id)
    if not scope.all_departments:
        query = query.join(user_departments, user_departments.c.user_id == User.id).where(
            user_departments.c.department_id.in_(scope.department_ids))
    return list(db.session.scalars(query).unique())
