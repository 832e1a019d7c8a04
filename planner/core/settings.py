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
    # The company profile (planner/company): the one place the fiscal year is kept; it
    # starts the month after it ends.
    "fiscal_year_end_month": 3,              # April–March, the most common year in Japan
    "corporate_tax_extension_months": 0,     # 申告期限の延長 (法人税法第75条の2)
    "consumption_tax_extension": False,      # 消費税申告期限延長届出 (消費税法第45条の2)
    "special_withholding": False,            # 源泉所得税の納期の特例
    "special_resident_tax": False,           # 住民税の納期の特例
    "labour_insurance_association": False,   # 労働保険事務組合に委託
    "consumption_tax_interim_filings": 0,    # 0, 1, 3 or 11 a year
    "headcount": None,                       # regular workers; None: not known yet
    # The company's volume drivers, what outsourced prices scale with; None: not known yet.
    "employees": None,                       # employees paid (給与支給人数)
    "payroll_runs_per_month": None,
    "journal_entries_per_month": None,
    "invoices_per_month": None,
    "expense_reports_per_month": None,
    "procedure_review_months": 12,           # a procedure unreviewed this long is out of date
    # The automation figures (planner/costing/price_book.py); None: price_book.toml's.
    "automation_day_rate_low": None,
    "automation_day_rate_typical": None,
    "automation_day_rate_high": None,
    "automation_licence_per_year_low": None,
    "automation_licence_per_year_typical": None,
    "automation_licence_per_year_high": None,
    "automations_per_licence": None,
    "automation_maintenance_share": None,    # kept as text: JSON has no exact decimal
    # The webhook's salt, not its secret (planner/events/webhooks.py); None: no webhook.
    "webhook_secret": None,
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


def fiscal_year_start_month() -> int:
    """The first month of the company's fiscal year, from its year end."""
    return int(get("fiscal_year_end_month")) % 12 + 1
