"""Who may do what. Pure rules over a role and a set of department ids."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    STAFF = "staff"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {Role.STAFF: 1, Role.MANAGER: 2, Role.ADMIN: 3}[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Scope:
    """The departments a person works in; an admin sees every department."""

    role: Role
    department_ids: frozenset[int]

    @property
    def all_departments(self) -> bool:
        return self.role is Role.ADMIN

    def covers(self, department_id: int) -> bool:
        return self.all_departments or department_id in self.department_ids

    def restrict(self, department_ids: Collection[int] | None) -> frozenset[int] | None:
        """The departments a query may return, or None for no restriction."""
        if self.all_departments:
            return frozenset(department_ids) if department_ids else None
        if department_ids:
            return self.department_ids & frozenset(department_ids)
        return self.department_ids

    def can_edit_tasks(self, department_id: int) -> bool:
        return self.covers(department_id)

    def can_archive_tasks(self, department_id: int) -> bool:
        return self.role.at_least(Role.MANAGER) and self.covers(department_id)

    @property
    def can_administer(self) -> bool:
        return self.role is Role.ADMIN
