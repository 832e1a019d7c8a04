"""Organisation settings an administrator changes at run time, with defaults."""
from __future__ import annotations

from typing import Any

from planner.core.extensions import db
from planner.core.setting import Setting

DEFAULTS: dict[str, Any] = {
    "capacity_hours": 40,            # registered recurring work a person carries a month
    "sending_hour": 9,               # reminders go out at 09:00 organisation time
    "escalation_business_days": 2,   # overdue this long: the managers are told
    "max_attempts": 5,               # sends tried before a notification is marked failed
    "suggestion_min_annual_saving": 10_000,  # yen a year worth proposing a change for
    "suggestion_max_payback_months": 36.0,
    "suggestion_min_suitability": 60,        # automation needs a process that suits it
    "fiscal_year_start_month": 4,            # April–March, the Japanese default
    "procedure_review_months": 12,           # a procedure unreviewed this long is out of date
}


def get(key: str) -> Any:
    setting = db.session.get(Setting, key)
    if setting is None or setting.value is None:
        return DEFAULTS[key]
    return setting.value


def put(key: str, value: Any) -> None:
    setting = db.session.get(Setting, key)
    if setting is None:
        db.session.add(Setting(key=key, value=value))
    else:
        setting.value = value
    db.session.flush()
