"""Reading the audit log (writing happens in services.audit)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.core.audit_entry import AuditEntry
from planner.core.pagination import Page, paginate

ENTITY_TYPES: tuple[str, ...] = ("Task", "TaskOwner", "User", "Department", "ApiToken", "Setting")


def list_entries(entity_type: str | None = None, entity_id: str | None = None,
                 page: int = 1, per_page: int = 50) -> Page[AuditEntry]:
    query = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    return paginate(query.order_by(AuditEntry.id.desc()), page, per_page)
