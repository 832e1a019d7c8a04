from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.costing.assessment_forms import INPUT_SOURCE

INPUT_SOURCES: tuple[str, ...] = ("paper", "pdf_email", "spreadsheet", "system")


class Assessment(db.Model):
    """A task's automation assessment: what its owner can say about the work
    without knowing what automation costs (planner/costing/domain.py turns it
    into a potential, an ease and a build cost)."""

    __tablename__ = "assessments"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Automation assessment"), title=("task_id",),
        link=("costing.task_assessment", "task_id", "task_id"),
        choices={"input_source": INPUT_SOURCE},
        labels={"task_id": _l("Task"), "input_source": _l("Where the input comes from"),
                "rule_based_share": _l("Share that follows fixed rules"),
                "exceptions_per_100": _l("Exceptions per 100 cases"),
                "systems": _l("Systems used"), "changes_per_year": _l("Changes per year"),
                "records_per_occurrence": _l("Records per occurrence"), "steps": _l("Steps"),
                "updated_by_id": _l("Updated by")})
    __table_args__ = (
        CheckConstraint("input_source IN ('paper', 'pdf_email', 'spreadsheet', 'system')",
                        name="input_source"),
        CheckConstraint("rule_based_share BETWEEN 0 AND 1", name="rule_based_share_range"),
        CheckConstraint("exceptions_per_100 BETWEEN 0 AND 100", name="exceptions_range"),
        CheckConstraint("systems BETWEEN 1 AND 50", name="systems_range"),
        CheckConstraint("changes_per_year BETWEEN 0 AND 52", name="changes_range"),
        CheckConstraint("records_per_occurrence BETWEEN 1 AND 1000000", name="records_range"),
        CheckConstraint("steps IS NULL OR steps BETWEEN 1 AND 500", name="steps_range"),
    )

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"),
                                         primary_key=True)
    input_source: Mapped[str] = mapped_column(String(12), nullable=False)
    rule_based_share: Mapped[Decimal] = mapped_column(Numeric(4, 3), nullable=False)
    exceptions_per_100: Mapped[int] = mapped_column(nullable=False)
    systems: Mapped[int] = mapped_column(nullable=False)
    changes_per_year: Mapped[int] = mapped_column(nullable=False)
    records_per_occurrence: Mapped[int] = mapped_column(nullable=False)
    # None: the numbered steps of the task's procedure.
    steps: Mapped[int | None] = mapped_column(nullable=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow,
                                                 nullable=False)
