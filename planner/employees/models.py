from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.readings import DERIVED, ReadingColumns, keep_in_step
from planner.core.types import UTCDateTime, utcnow
from planner.employees.domain import EMPLOYMENT_TYPES
from planner.employees.forms import EMPLOYMENT_TYPE as EMPLOYMENT_TYPE_LABELS

__all__ = ["EMPLOYMENT_TYPES", "Employee"]


class Employee(ReadingColumns, db.Model):
    """Someone the back office pays and enrols: only what the procedures need."""

    __tablename__ = "employees"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Employee"), link=("employees.show", "employee_id", "id"),
        choices={"employment_type": EMPLOYMENT_TYPE_LABELS},
        labels={"id": _l("ID"), "number": _l("Employee number"), "name": _l("Full name"),
                "name_kana": _l("Reading (kana)"), "division": _l("Division"),
                "employment_type": _l("Employment type"), "hire_date": _l("Hire date"),
                "leave_date": _l("Leave date"),
                "health_pension_insured": _l("Health insurance and pension"),
                "employment_insurance_insured": _l("Employment insurance"),
                "anonymised_at": _l("Personal data removed at")})
    __audit_exclude__ = DERIVED
    __table_args__ = (
        CheckConstraint("employment_type IN ('regular', 'contract', 'part_time', 'officer')",
                        name="employment_type"),
        CheckConstraint("leave_date IS NULL OR hire_date IS NULL OR leave_date >= hire_date",
                        name="leave_after_hire"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # 社員番号
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    name_kana: Mapped[str] = mapped_column(String(100), nullable=False, default="")  # フリガナ
    # Where they work in the company (営業部, 工場…): the company's organisation,
    # not the back-office teams of the planner's departments.
    division: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    employment_type: Mapped[str] = mapped_column(String(12), nullable=False, default="regular")
    hire_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    leave_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 健康保険・厚生年金 and 雇用保険: which procedures an event of theirs opens.
    health_pension_insured: Mapped[bool] = mapped_column(nullable=False, default=True)
    employment_insurance_insured: Mapped[bool] = mapped_column(nullable=False, default=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow,
                                                 nullable=False)


# The reading is the employee's フリガナ; the roster suggests one when it is
# left empty (operations), only where the suggestion is katakana.
keep_in_step(Employee, "name", "name_kana", suggest=False)
