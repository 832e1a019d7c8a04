from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core import labels
from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.coverage.domain import HALF_DAY_KINDS
from planner.people.models.user import User

# Half-day leave (午前休・午後休) is one day; the statutory leaves (介護休業,
# 産前産後休業) and company special leave (特別休暇) are kinds of their own, so
# that a list and an export say which leave it is.
ABSENCE_KINDS: tuple[str, ...] = (
    "annual_leave", "half_day_am", "half_day_pm", "sick", "parental", "maternity",
    "family_care", "special", "training", "other")
_KINDS_SQL = ", ".join(f"'{kind}'" for kind in ABSENCE_KINDS)
_HALF_DAYS_SQL = ", ".join(f"'{kind}'" for kind in sorted(HALF_DAY_KINDS))


class Absence(db.Model):
    """A period of leave; deadlines whose qualified people are all away are at risk."""

    __tablename__ = "absences"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Absence"), title=("user_id", "start_date"),
        choices={"kind": labels.ABSENCE_KIND},
        labels={"id": _l("ID"), "user_id": _l("Person"), "start_date": _l("Start date"),
                "end_date": _l("End date"), "kind": _l("Kind of leave"), "note": _l("Note")})
    __table_args__ = (
        CheckConstraint("start_date <= end_date", name="start_before_end"),
        CheckConstraint(f"kind IN ({_KINDS_SQL})", name="kind"),
        CheckConstraint(f"kind NOT IN ({_HALF_DAYS_SQL}) OR start_date = end_date",
                        name="half_day_one_day"),
        Index("ix_absences_end_date_start_date", "end_date", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="annual_leave")
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
