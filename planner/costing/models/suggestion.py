from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User
from planner.tasks.models import Task

SUGGESTION_STATUSES: tuple[str, ...] = (
    "proposed", "approved", "rejected", "deferred", "in_progress", "done")


class Suggestion(db.Model):
    """The current proposal for a task (automate / outsource / cross-train /
    keep) and the manager's decision on it, followed to completion."""

    __tablename__ = "suggestions"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Suggestion"), title=("task_id", "kind"), link=("tasks.show", "task_id", "task_id"),
        choices={"kind": labels.SUGGESTION_KIND, "status": labels.SUGGESTION_STATUS},
        labels={"id": _l("ID"), "task_id": _l("Task"), "kind": _l("Suggestion"),
                "annual_saving": _l("Annual saving"), "npv": _l("Net present value"),
                "payback_months": _l("Payback (months)"), "suitability": _l("Suitability"),
                "status": _l("Status"), "owner_id": _l("Owner"), "due_date": _l("Due date"),
                "note": _l("Note"), "computed_at": _l("Computed at"),
                "decided_at": _l("Decided at"), "completed_at": _l("Completed at"),
                "realised_saving": _l("Realised saving")},
        # The nightly estimate refreshes these; a manager's decision is the rest.
        derived=frozenset({"annual_saving", "npv", "payback_months", "suitability",
                           "computed_at"}), generated=True)
    __table_args__ = (
        CheckConstraint("kind IN ('automate', 'outsource', 'cross_train', 'keep')", name="kind"),
        CheckConstraint("status IN ('proposed', 'approved', 'rejected', 'deferred', "
                        "'in_progress', 'done')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    # Sums over years of inputs up to ¥10 billion each: 64-bit.
    annual_saving: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    npv: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    payback_months: Mapped[float | None] = mapped_column(Float, nullable=True)
    suitability: Mapped[int | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="proposed")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                 nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Once done: what the change saves a year, from the effort measured before
    # the decision and after completion (None until enough is measured).
    realised_saving: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    task: Mapped[Task] = relationship(lazy="joined", innerjoin=True)
    owner: Mapped[User | None] = relationship()


class SuggestionDecision(db.Model):
    """Every decision on a suggestion, kept with who and when."""

    __tablename__ = "suggestion_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True, nullable=False)
    action: Mapped[str] = mapped_column(String(12), nullable=False)
    note: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    actor: Mapped[User] = relationship()
