"""Pure rules of provisioning: how a SCIM User's attributes become a planner
person's e-mail and name. No Flask, no SQLAlchemy."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from planner.core.codes import check_code

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
