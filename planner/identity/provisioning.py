"""What provisioning does to people beyond the attributes a directory sends:
the department a person waits in, and the role the role groups give.

SCIM_ROLE_GROUPS (README, "SCIM") names the directory groups that give a role
instead of being a department; it is checked when the application starts.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, current_app
from scim2_models import ConflictException
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.core.roles import Role
from planner.identity import domain as rules
from planner.identity.models import ScimRoleGroup, scim_role_members
from planner.people import operations as people
from planner.people.models.department import Department
from planner.people.models.user import User

DEFAULT_DEPARTMENT_NAME = "新規配属待ち（SCIM）"


class ScimSettingsError(RuntimeError):
    """SCIM_ROLE_GROUPS cannot be used."""


def init_app(app: Flask) -> None:
    """Refuse to start with a role map that would be read wrongly later."""
    try:
        rules.parse_role_groups(app.config.get("SCIM_ROLE_GROUPS"))
    except rules.RoleGroupsError as error:
        raise ScimSettingsError(f"bad SCIM settings: {error}") from error


def role_groups() -> dict[str, str]:
    """The configured map of group displayName or externalId to role."""
    return rules.parse_role_groups(current_app.config.get("SCIM_ROLE_GROUPS"))


def default_department() -> Department:
    """Where a person the directory sends without a group goes (staff belong
    to a department): SCIM_DEFAULT_DEPARTMENT's code, made when missing."""
    code = current_app.config.get("SCIM_DEFAULT_DEPARTMENT") or "SCIM-NEW"
    found = db.session.scalar(select(Department).where(Department.code == code))
    return found or people.save_department(None, code, DEFAULT_DEPARTMENT_NAME, None, True)


def person_data(person: User | None, email: str, name: str, active: bool
                ) -> people.PersonData:
    """What SCIM changes (e-mail, name, active); the rest stays the planner's
    (role, language, departments…), a newcomer's being staff in Japanese."""
    if person is None:
        return people.PersonData(email=email, name=name, active=active)
    return people.PersonData(
        email=email, name=name, active=active, role=person.role, language=person.language,
        department_ids=sorted(person.department_ids), access_until=person.access_until,
        reading=person.reading, capacity_hours=person.capacity_hours)


def _roles_held(person_ids: list[int]) -> dict[int, list[str]]:
    """The roles each person's live role groups give, in one query."""
    held: dict[int, list[str]] = {person_id: [] for person_id in person_ids}
    for person_id, role in db.session.execute(
            select(scim_role_members.c.user_id, ScimRoleGroup.role)
            .join(ScimRoleGroup, ScimRoleGroup.id == scim_role_members.c.group_id)
            .where(scim_role_members.c.user_id.in_(person_ids),
                   ScimRoleGroup.deleted_at.is_(None))):
        held[person_id].append(role)
    return held


def _other_active_administrators(person: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != person.id,
        User.anonymised_at.is_(None))) or 0


def apply_group_roles(person_ids: Iterable[int]) -> None:
    """Give each person whose role-group membership changed the highest role
    their role groups give (staff once in none), through people's use case so
    the change is validated and audited. People never in a role group are not
    passed here: they keep the role an administrator gave."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    held = _roles_held(ids)
    for person in db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)):
        wanted = rules.role_from_groups(held[person.id])
        if wanted == person.role:
            continue
        if person.role == Role.ADMIN.value and person.active \
                and not _other_active_administrators(person):
            # Nobody could sign in to put it right.
            raise ConflictException(
                detail=f"User {person.id} is the last active administrator: the role groups "
                       f"would make them {wanted}; make someone else an administrator first")
        data = person_data(person, person.email, person.name, person.active)
        data.role = wanted
        if not data.department_ids and not Role(wanted).every_department:
            data.department_ids = [default_department().id]
        people.update_person(person, data)
