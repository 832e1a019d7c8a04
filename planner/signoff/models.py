from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User
from planner.signoff.domain import COMMENT_MAX, DECISIONS
from planner.work.models import Occurrence

REVIEW_DECISION_LABELS = {"approve": _l("Approved"), "return": _l("Returned for correction")}


class OccurrenceReview(db.Model):
    """Every decision on prepared work, with its comment: a return and what
    had to be fixed stay with the occurrence after it is approved."""

    __tablename__ = "occurrence_reviews"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Review of a completion"), title=("occurrence_id",),
        choices={"decision": REVIEW_DECISION_LABELS},
        labels={"id": _l("ID"), "occurrence_id": _l("Task occurrence"), "decision": _l("Decision"),
                "comment": _l("Comment"), "reviewer_id": _l("Reviewer"),
                "decided_at": _l("Decided at")})
    __table_args__ = (
        CheckConstraint(f"decision IN ({', '.join(repr(d) for d in DECISIONS)})",
                        name="decision"),
        # An occurrence's history, in order.
        Index("ix_occurrence_reviews_occurrence_id_decided_at", "occurrence_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("occurrences.id", ondelete="CASCADE"), nullable=False)
    decision: Mapped[str] = mapped_column(String(10), nullable=False)
    comment: Mapped[str] = mapped_column(String(COMMENT_MAX), nullable=False, default="")
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    reviewer: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    occurrence: Mapped[Occurrence] = relationship()
