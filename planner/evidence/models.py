from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User


class Evidence(db.Model):
    """A file attached to an occurrence, or to one step of its checklist. The
    bytes live in the store (evidence/storage.py) under `storage_key`; a
    replacement is a new row with the next version, the old one stays."""

    __tablename__ = "evidence"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Evidence file"), title=("file_name",),
        link=("evidence.get_file", "evidence_id", "id"),
        labels={"id": _l("ID"), "occurrence_id": _l("Task occurrence"),
                "checklist_item_id": _l("Checklist step"), "file_name": _l("File name"),
                "content_type": _l("File type"), "size": _l("Size (bytes)"),
                "sha256": _l("SHA-256 hash"), "storage_key": _l("Storage key"),
                "uploaded_by_id": _l("Uploaded by"), "uploaded_at": _l("Uploaded at"),
                "version": _l("Version")})
    __table_args__ = (
        Index("ix_evidence_occurrence_id_item", "occurrence_id", "checklist_item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("occurrences.id", ondelete="CASCADE"), nullable=False)
    checklist_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), nullable=True)
    file_name: Mapped[str] = mapped_column(String(160), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    storage_key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    uploaded_by: Mapped[User | None] = relationship()
