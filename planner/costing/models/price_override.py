from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.types import UTCDateTime, utcnow
from planner.people.models.user import User


class PriceOverride(db.Model):
    """An administrator's own price for an item of the shipped price book
    (planner/costing/price_book.toml), kept with who set it and when."""

    __tablename__ = "price_overrides"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Price book price"), title=("key",),
        labels={"key": _l("Price book item"), "low": _l("Low"), "typical": _l("Typical"),
                "high": _l("High"), "base_low": _l("Shipped low"),
                "base_typical": _l("Shipped typical"), "base_high": _l("Shipped high"),
                "updated_by_id": _l("Updated by")})
    __table_args__ = (
        CheckConstraint("0 <= low AND low <= typical AND typical <= high", name="ordered"),
        CheckConstraint("base_low IS NULL OR (0 <= base_low AND base_low <= base_typical "
                        "AND base_typical <= base_high)", name="base_ordered"),
    )

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    low: Mapped[int] = mapped_column(BigInteger, nullable=False)
    typical: Mapped[int] = mapped_column(BigInteger, nullable=False)
    high: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # The fixed fee per period that comes on top of the unit price, if any.
    base_low: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    base_typical: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    base_high: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow,
                                                 nullable=False)

    updated_by: Mapped[User] = relationship()
