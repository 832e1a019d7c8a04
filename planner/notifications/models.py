from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.extensions import db
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.work.models import Occurrence

NOTIFICATION_STATUSES = ("pending", "sending", "sent", "failed", "cancelled")


class Notification(db.Model):
    """One message to one recipient on one channel: the outbox row.

    `dedupe_key` makes planning idempotent (occurrence, recipient, kind,
    channel); `claim_token` and `lease_until` make sending safe with several
    dispatchers: a row is claimed atomically, and a crashed dispatcher's rows
    come back when the lease runs out.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')",
                        name="status"),
        CheckConstraint("channel IN ('email', 'inbox', 'webhook')", name="channel"),
        Index("ix_notifications_status_send_after", "status", "send_after"),
        Index("ix_notifications_recipient_id_channel_read_at", "recipient_id", "channel",
              "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    occurrence_id: Mapped[int | None] = mapped_column(
        ForeignKey("occurrences.id", ondelete="CASCADE"), index=True, nullable=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, nullable=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id"), index=True, nullable=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    lead_days: Mapped[int | None] = mapped_column(nullable=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")
    send_after: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    claim_token: Mapped[str | None] = mapped_column(String(36), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    subject: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    message_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    occurrence: Mapped[Occurrence | None] = relationship()
    recipient: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()
