from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.extensions import db
from planner.core.types import UTCDateTime, utcnow
from planner.employees.models import Employee

EVENT_STATUSES: tuple[str, ...] = ("open", "cancelled")
EVENT_SOURCES: tuple[str, ...] = ("web", "api", "webhook", "import")


class Event(db.Model):
    """Something that happened to an employee on a date, which opened a
    procedure run: its steps are the occurrences that carry its id."""

    __tablename__ = "events"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("status IN ('open', 'cancelled')", name="status"),
        CheckConstraint("source IN ('web', 'api', 'webhook', 'import')", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type_key: Mapped[str] = mapped_column(String(40), index=True, nullable=False)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True,
                                             nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="web")
    # The sender's message id (Standard Webhooks `webhook-id`, or an API
    # client's idempotency key): the same delivery twice makes one event.
    message_id: Mapped[str | None] = mapped_column(String(100), unique=True, nullable=True)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    employee: Mapped[Employee] = relationship(lazy="joined", innerjoin=True)
