from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.employees.models import Employee
from planner.tasks.domain import LEGAL_BASIS_MAX, TITLE_MAX

EVENT_STATUSES: tuple[str, ...] = ("open", "cancelled")
EVENT_SOURCES: tuple[str, ...] = ("web", "api", "webhook", "import")
SOURCE_MAX = 1000
URL_MAX = 500


class Event(db.Model):
    """Something that happened to an employee on a date, which opened a
    procedure run: its steps are the occurrences that carry its id."""

    __tablename__ = "events"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Event"), title=("employee_id", "type_key", "date"),
        link=("events.show", "event_id", "id"),
        choices={"status": {"open": _l("Open"), "cancelled": _l("Cancelled")},
                 "source": {"web": _l("Screen"), "api": "API", "webhook": "Webhook",
                            "import": _l("Import")}},
        labels={"id": _l("ID"), "type_key": _l("Event type"), "date": _l("Date"),
                "employee_id": _l("Employee"), "status": _l("Status"), "source": _l("Source"),
                "message_id": _l("Message ID"), "note": _l("Note"),
                "recorded_by_id": _l("Recorded by"), "recorded_at": _l("Recorded at"),
                "cancelled_by_id": _l("Cancelled by"), "cancelled_at": _l("Cancelled at")})
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


class EventTypeSetting(db.Model):
    """An administrator's own event type, or their titles for a shipped one
    (or its putting away). The shipped file stays as it is: deleting the row
    takes the shipped titles back."""

    __tablename__ = "event_type_settings"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Event type"), title=("title_ja",), link=("event_types.show", "key", "key"),
        labels={"id": _l("ID"), "key": _l("Key"), "title_ja": _l("Title (Japanese)"),
                "title_en": _l("Title (English)"), "archived": _l("Archived"),
                "updated_by_id": _l("Updated by")})

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    title_ja: Mapped[str] = mapped_column(String(100), nullable=False)
    title_en: Mapped[str] = mapped_column(String(100), nullable=False)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow,
                                                 nullable=False)


class EventStepSetting(db.Model):
    """An administrator's own step of an event type, or their version of a
    shipped step (the whole step, so that what is in force reads from one
    row); `disabled`: recording the event no longer opens it."""

    __tablename__ = "event_step_settings"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Event step"), title=("type_key", "title_ja"),
        link=("event_types.show", "key", "type_key"),
        choices={"category": labels.CATEGORY, "kind": labels.DEADLINE_KIND,
                 "applies_when": labels.APPLIES_TO},
        labels={"id": _l("ID"), "type_key": _l("Event type"), "key": _l("Key"),
                "position": _l("Order"), "disabled": _l("Disabled"),
                "title_ja": _l("Title (Japanese)"), "title_en": _l("Title (English)"),
                "legal_basis_ja": _l("Legal basis (Japanese)"),
                "legal_basis_en": _l("Legal basis (English)"), "department": _l("Department"),
                "category": _l("Category"), "effort_minutes": _l("Effort (minutes)"),
                "kind": _l("Deadline rule"), "n": _l("Number of days or months"),
                "day": _l("Day of the month"), "counts_event_day": _l("Counts the event day"),
                "statutory": _l("Statutory"), "applies_when": _l("Applies when"),
                "source": _l("Source"), "url": _l("URL"), "updated_by_id": _l("Updated by")})
    __table_args__ = (
        UniqueConstraint("type_key", "key"),
        CheckConstraint("effort_minutes >= 1", name="effort_minutes"),
        CheckConstraint("n >= 0", name="n"),
        CheckConstraint("day IS NULL OR (day >= 1 AND day <= 31)", name="day"),
        CheckConstraint("kind IN ('within_days', 'day_of_next_month', 'within_months', "
                        "'business_days_before')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type_key: Mapped[str] = mapped_column(String(40), nullable=False)
    key: Mapped[str] = mapped_column(String(40), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    title_ja: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    legal_basis_ja: Mapped[str] = mapped_column(String(LEGAL_BASIS_MAX), nullable=False,
                                                default="")
    legal_basis_en: Mapped[str] = mapped_column(String(LEGAL_BASIS_MAX), nullable=False,
                                                default="")
    # A department's code, as the shipped file names them: a step outlives a
    # renamed department by failing loudly when recorded, not by a lost link.
    department: Mapped[str] = mapped_column(String(40), nullable=False)
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    effort_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counts_event_day: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    statutory: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    applies_when: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source: Mapped[str] = mapped_column(String(SOURCE_MAX), nullable=False, default="")
    url: Mapped[str] = mapped_column(String(URL_MAX), nullable=False, default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow,
                                                 nullable=False)
