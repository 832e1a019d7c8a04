from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l


class Department(db.Model):
    __tablename__ = "departments"
    __audited__ = True
    __audit__ = AuditFields(
        name=_l("Department"), link=("admin.department", "department_id", "id"),
        labels={"id": _l("ID"), "code": _l("Department code"), "name": _l("Department name"),
                "active": _l("Active"), "webhook_url": _l("Webhook URL")})

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    active: Mapped[bool] = mapped_column(default=True, nullable=False)
    # Slack- or Teams-compatible incoming webhook for the department's reminders.
    webhook_url: Mapped[str | None] = mapped_column(String(500), nullable=True)

    def __repr__(self) -> str:
        return f"<Department {self.code}>"
