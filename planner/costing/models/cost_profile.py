from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l

MONEY_FIELDS: tuple[str, ...] = (
    "hourly_cost", "automation_build_cost", "automation_annual_cost",
    "outsourcing_fee_per_occurrence", "outsourcing_monthly_fee", "outsourcing_transition_cost",
)
SHARE_FIELDS: tuple[str, ...] = ("rework_rate", "automation_residual_share", "discount_rate")
SUITABILITY_FIELDS: tuple[str, ...] = (
    "suitability_rule_based", "suitability_digital_input", "suitability_stable_process",
    "suitability_low_exceptions", "suitability_volume",
)
PROFILE_FIELDS: tuple[str, ...] = (
    *MONEY_FIELDS, *SHARE_FIELDS, "outsourcing_oversight_minutes", "horizon_years",
    *SUITABILITY_FIELDS, "outsourcing_price_item",
)


class CostProfile(db.Model):
    """Inputs for costing a task. A department's row holds its defaults; a
    task's row overrides them field by field (None: inherit)."""

    __tablename__ = "cost_profiles"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Cost profile"), title=("task_id", "department_id"),
        link=("costing.task_cost", "task_id", "task_id"),
        labels={"id": _l("ID"), "task_id": _l("Task"), "department_id": _l("Department"),
                "hourly_cost": _l("Hourly cost"), "rework_rate": _l("Rework rate"),
                "automation_build_cost": _l("Automation build cost"),
                "automation_annual_cost": _l("Automation annual cost"),
                "automation_residual_share": _l("Share of work left after automation"),
                "outsourcing_fee_per_occurrence": _l("Outsourcing fee per occurrence"),
                "outsourcing_monthly_fee": _l("Outsourcing monthly fee"),
                "outsourcing_transition_cost": _l("Outsourcing transition cost"),
                "outsourcing_oversight_minutes": _l("Oversight of outsourced work (minutes)"),
                "horizon_years": _l("Horizon (years)"), "discount_rate": _l("Discount rate"),
                "suitability_rule_based": _l("Suitability: rule-based"),
                "suitability_digital_input": _l("Suitability: digital input"),
                "suitability_stable_process": _l("Suitability: stable process"),
                "suitability_low_exceptions": _l("Suitability: few exceptions"),
                "suitability_volume": _l("Suitability: volume"),
                "outsourcing_price_item": _l("Price book item")})
    __table_args__ = (
        CheckConstraint("(task_id IS NULL) <> (department_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), unique=True, nullable=True)
    # Yen amounts go up to ¥10 billion (costing/operations.py), beyond a 32-bit integer.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id"), unique=True, nullable=True)
    hourly_cost: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    rework_rate: Mapped[Decimal | None] = mapped_column(Numeric(6, 4), nullable=True)
    automation_build_cost: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    automation_annual_cost: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    automation_residual_share: Mapped[Decimal | None] = mapped_column(Numeric(6, 4),
                                                                      nullable=True)
    outsourcing_fee_per_occurrence: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    outsourcing_monthly_fee: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    outsourcing_transition_cost: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    outsourcing_oversight_minutes: Mapped[int | None] = mapped_column(nullable=True)
    horizon_years: Mapped[int | None] = mapped_column(nullable=True)
    discount_rate: Mapped[Decimal | None] = mapped_column(Numeric(6, 4), nullable=True)
    suitability_rule_based: Mapped[int | None] = mapped_column(nullable=True)
    suitability_digital_input: Mapped[int | None] = mapped_column(nullable=True)
    suitability_stable_process: Mapped[int | None] = mapped_column(nullable=True)
    suitability_low_exceptions: Mapped[int | None] = mapped_column(nullable=True)
    suitability_volume: Mapped[int | None] = mapped_column(nullable=True)
    # The price-book item outsourcing this work is priced by (None: the one its
    # catalogue entry or category maps to).
    outsourcing_price_item: Mapped[str | None] = mapped_column(String(40), nullable=True)
