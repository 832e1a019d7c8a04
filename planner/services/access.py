"""The bridge from a signed-in person to the pure permission rules."""
from __future__ import annotations

from planner.domain.roles import Role, Scope
from planner.models import User


def scope_of(user: User) -> Scope:
    return Scope(role=Role(user.role), department_ids=user.department_ids)
