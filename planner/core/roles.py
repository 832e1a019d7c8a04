"""Who may do what. Pure rules over a role and a set of department ids."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    STAFF = "staff"
    MANAGER = "manager"
    ADMIN = "admin"
    # Reads every department, changes nothing: ranked below staff so that no
    # at_least() check that allows a write lets it through.
    AUDITOR = "auditor"

    @property
    def rank(self) -> int:
        return {Role.AUDITOR: 0, Role.STAFF: 1, Role.MANAGER: 2, Role.ADMIN: 3}[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank

    @property
    def read_only(self) -> bool:
        return self is Role.AUDITOR

    @property
    def every_department(self) -> bool:
        """An administrator and an auditor belong to no department and see all."""
        return self in (Role.ADMIN, Role.AUDITOR)

    def may_read(self, other: Role) -> bool:
        """Reading what `other` may read: the auditor reads what a manager
        reads (an administrator's pages hold secrets and personal data)."""
        if self.read_only:
            return other.rank <= Role.MANAGER.rank
        return self.at_least(other)


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Scope:
    """The departments a person works in; an admin and an auditor see every
    department (the auditor's writes are refused before any view runs)."""

    role: Role
    department_ids: frozenset[int]

    @property
    def all_departments(self) -> bool:
        return self.role.every_department

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
