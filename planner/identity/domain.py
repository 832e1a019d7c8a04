"""Pure rules of identity: how a SCIM User's attributes become a planner
person's e-mail and name, and which directory groups give a role (SCIM's
role groups, OpenID Connect's group map at first sign-in). No Flask, no
SQLAlchemy."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.core.codes import check_code
from planner.core.roles import ROLES, Role

CODE_MAX = 40  # departments.code
# Good enough to tell an e-mail-shaped userName (Entra ID's UPN, Google's
# primary address) from an opaque one; people.operations validates it fully.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def planner_email(user_name: str | None, emails: Sequence[Mapping[str, Any]] | None) -> str | None:
    """The address a person signs in and is reminded at: the userName when it
    is an address (directories send the UPN or primary address there), else
    the primary e-mail, else the first one."""
    if user_name and _EMAIL.match(user_name.strip()):
        return user_name.strip()
    listed = [e for e in emails or () if e.get("value")]
    primary = next((e for e in listed if e.get("primary")), None)
    chosen = primary or (listed[0] if listed else None)
    return str(chosen["value"]).strip() if chosen else None


def planner_name(display_name: str | None, name: Mapping[str, Any] | None,
                 user_name: str | None) -> str:
    """The name the planner shows: displayName, else the formatted name, else
    family then given name (the Japanese order), else the userName."""
    if display_name and display_name.strip():
        return display_name.strip()
    name = name or {}
    if str(name.get("formatted") or "").strip():
        return str(name["formatted"]).strip()
    parts = [str(name.get(k) or "").strip() for k in ("familyName", "givenName")]
    joined = " ".join(p for p in parts if p)
    return joined or (user_name or "").strip()


def department_code(external_id: str | None, taken: set[str], suffix: str) -> str:
    """A department code for a group the directory creates: its externalId
    when that makes a free code, else SCIM-<suffix>."""
    candidate = (external_id or "").strip()
    if candidate and len(candidate) <= CODE_MAX and check_code(candidate) is None \
            and candidate not in taken:
        return candidate
    return f"SCIM-{suffix}"


class RoleGroupsError(ValueError):
    """SCIM_ROLE_GROUPS cannot be read as a map of group names to roles."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise RoleGroupsError(f"SCIM_ROLE_GROUPS names the group {key!r} twice")
        seen[key] = value
    return seen


def parse_role_groups(value: str | Mapping[str, Any] | None) -> dict[str, str]:
    """SCIM_ROLE_GROUPS read: a JSON object from a group's displayName or
    externalId to one of the planner's roles. Empty means no role groups."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as error:
            raise RoleGroupsError(f"SCIM_ROLE_GROUPS is not JSON: {error.msg}") from error
    if not isinstance(value, Mapping):
        raise RoleGroupsError('SCIM_ROLE_GROUPS must be a JSON object such as '
                              '{"Planner managers": "manager"}')
    parsed: dict[str, str] = {}
    for group, role in value.items():
        name = group.strip() if isinstance(group, str) else ""
        if not name:
            raise RoleGroupsError("SCIM_ROLE_GROUPS has an empty group name")
        if name in parsed:
            raise RoleGroupsError(f"SCIM_ROLE_GROUPS names the group {name!r} twice")
        if role not in ROLES:
            raise RoleGroupsError(f"SCIM_ROLE_GROUPS gives the group {name!r} the unknown role "
                                  f"{role!r} (one of {', '.join(ROLES)})")
        parsed[name] = role
    return parsed


def group_role(display_name: str | None, external_id: str | None,
               role_groups: Mapping[str, str]) -> str | None:
    """The role a directory group gives, or None for a department group. The
    displayName is looked up first: it is what an administrator sees in the
    directory (Entra ID sends the objectId as externalId)."""
    for key in (display_name, external_id):
        if key and key.strip() in role_groups:
            return role_groups[key.strip()]
    return None


def role_from_groups(roles: Iterable[str]) -> str:
    """A person's role from the role groups they are in: the highest of them,
    staff when they are in none."""
    ranked = [Role(role) for role in roles]
    return max(ranked, key=lambda role: role.rank).value if ranked else Role.STAFF.value


@dataclass(frozen=True)
class Grant:
    """What a directory group gives a person created at first sign-in."""

    role: Role = Role.STAFF
    departments: tuple[str, ...] = ()


def parse_group_map(text: str) -> dict[str, Grant]:
    """OIDC_GROUP_MAP: {"group": {"role": "manager", "departments": ["payroll"]}}.
    Raises ValueError naming what is wrong, so a bad map stops start-up instead
    of granting the wrong role at someone's first sign-in."""
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"OIDC_GROUP_MAP is not JSON: {error.msg}") from error
    if not isinstance(raw, dict):
        raise ValueError("OIDC_GROUP_MAP must be a JSON object: group -> {role, departments}")
    mapping = {}
    for group, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) - {"role", "departments"}:
            raise ValueError(f"OIDC_GROUP_MAP[{group!r}] takes only 'role' and 'departments'")
        departments = entry.get("departments", [])
        if not isinstance(departments, list) or not all(isinstance(d, str) for d in departments):
            raise ValueError(f"OIDC_GROUP_MAP[{group!r}]['departments'] must be a list of codes")
        try:
            role = Role(entry.get("role", Role.STAFF.value))
        except ValueError:
            raise ValueError(f"OIDC_GROUP_MAP[{group!r}]: unknown role {entry.get('role')!r}")
        mapping[group] = Grant(role, tuple(departments))
    return mapping


def grant_for(groups: Iterable[str], mapping: Mapping[str, Grant]) -> Grant:
    """Several mapped groups: the highest role among them and every department."""
    granted = [mapping[group] for group in groups if group in mapping]
    role = Role(role_from_groups(grant.role.value for grant in granted))
    departments = sorted({code for grant in granted for code in grant.departments})
    return Grant(role, tuple(departments))
