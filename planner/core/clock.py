"""The organisation's time zone and today's date in it. Every "today" the
product uses comes from here, so tests freeze one clock for all of it."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def org_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["PLANNER_TIMEZONE"])


def org_today() -> date:
    return datetime.now(org_timezone()).date()
