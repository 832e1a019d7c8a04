from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.extensions import db
from planner.core.types import UTCDateTime, utcnow

if TYPE_CHECKING:  # the relationship names the class; importing it would tie core to people
    from planner.people.models.user import User


class AuditEntry(db.Model):
    """Who changed what and when; written by the flush hook in core.audit."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=True
    )
    action: Mapped[str] = mapped_column(String(10), nullable=False)  # create/update/delete
    entity_type: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(64), nullable=False)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    # change / automatic / preference (core.audit_wording.classify), kept as a
    # column so the log can hide the last two in SQL, page by page.
    kind: Mapped[str] = mapped_column(String(12), nullable=False, default="change",
                                      server_default="change", index=True)
    # What the change came through when no person made it: the directory's
    # SCIM token, by its name (core.audit.set_via). Without it the log could
    # only say "System" for what the company's directory did.
    via: Mapped[str | None] = mapped_column(String(80), nullable=True)

    actor: Mapped[User | None] = relationship("User")
