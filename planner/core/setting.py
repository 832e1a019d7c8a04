from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.audit_fields import AuditFields
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l


class Setting(db.Model):
    """Organisation-wide settings an admin changes at run time (not deployment config)."""

    __tablename__ = "settings"
    __audited__ = True
    __audit__ = AuditFields(name=_l("Setting"), title=("key",),
                            labels={"key": _l("Setting"), "value": _l("Value")})

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
