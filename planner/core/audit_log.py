"""Reading the audit log (writing happens in core.audit)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.core.pagination import Page, paginate


def entity_types() -> list[str]:
    """The record types the log can hold: every model marked `__audited__`, by
    the name its entries are recorded under (`type(obj).__name__`)."""
    return sorted(mapper.class_.__name__ for mapper in db.Model.registry.mappers
                  if getattr(mapper.class_, "__audited__", False))


def list_entries(entity_type: str | None = None, entity_id: str | None = None,
                 page: int = 1, per_page: int = 50) -> Page[AuditEntry]:
    query = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    return paginate(query.order_by(AuditEntry.id.desc()), page, per_page)
