"""When reminders go out: pure rules over the business calendar and a clock."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.calendar.domain import BusinessCalendar

REMINDER = "reminder"
OVERDUE = "overdue"
ESCALATION = "escalation"
AT_RISK = "at_risk"
DIGEST = "digest"
KINDS: tuple[str, ...] = (REMINDER, OVERDUE, ESCALATION, AT_RISK, DIGEST)
CHANNELS: tuple[str, ...] = ("email", "inbox", "webhook")


def sending_day(day: date, calendar: BusinessCalendar) -> date:
    """A reminder that would fall on a weekend, holiday or closed day goes out
    on the business day before."""
    return calendar.shift(day, "previous")


def at_hour(day: date, hour: int, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone)


def reminder_time(due: date, lead_days: int, calendar: BusinessCalendar, hour: int,
                  timezone: ZoneInfo) -> datetime:
    """The moment a reminder `lead_days` before `due` is sent."""
    return at_hour(sending_day(due - timedelta(days=lead_days), calendar), hour, timezone)


def escalation_time(due: date, business_days: int, calendar: BusinessCalendar, hour: int,
                    timezone: ZoneInfo) -> datetime:
    """Managers hear of an occurrence still open `business_days` after its due date."""
    return at_hour(calendar.add_business_days(due, business_days), hour, timezone)


def next_sending_time(now: datetime, calendar: BusinessCalendar, hour: int,
                      timezone: ZoneInfo) -> datetime:
    """The next business day's sending hour at or after `now` (digests)."""
    local = now.astimezone(timezone)
    day = local.date()
    if local.time() > time(hour):
        day += timedelta(days=1)
    while not calendar.is_business_day(day):
        day += timedelta(days=1)
    return at_hour(day, hour, timezone)


def backoff(attempt: int, base_seconds: float = 60.0, cap_seconds: float = 3600.0,
            rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with "equal jitter": half of base × 2^(attempt−1)
    (capped) plus a random share of the other half, so retries spread out but
    never come back at once."""
    ceiling = min(cap_seconds, base_seconds * (2 ** max(0, attempt - 1)))
    chooser = rng or random
    return timedelta(seconds=ceiling / 2 + chooser.uniform(0, ceiling / 2))


def is_late(due: date, today: date) -> bool:
    """A reminder for a deadline already past is not sent as if on time."""
    return due < today
