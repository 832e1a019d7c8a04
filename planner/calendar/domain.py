"""The organisation's business-day calendar: weekends, public holidays and
company closed days; and the authorities' (statutory) calendar that legal
deadlines move on. Pure: built by services from settings and passed in."""
from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays as _holidays

SATURDAY, SUNDAY = 5, 6
DEFAULT_WEEKEND: frozenset[int] = frozenset({SATURDAY, SUNDAY})
SHIFTS: tuple[str, ...] = ("none", "previous", "next")
# The dates the planner computes with. Wide enough for any record or plan, and
# far enough from the ends of Python's calendar (years 1 and 9999) that a year's
# horizon, a month's end or a holiday lookup never leaves it.
@dataclass(frozen=True)
class ClosedPeriod:
    """Days the company is closed, inclusive. A yearly period ignores the
    years of its dates and may wrap the new year (29 Dec – 3 Jan)."""

    start: date
    end: date
    yearly: bool = False
    name: str = ""

    def contains(self, day: date) -> bool:
        if not self.yearly:
            return self.start <= day <= self.end
        key = (day.month, day.day)
        first, last = (self.start.month, self.start.day), (self.end.month, self.end.day)
        if first <= last:
            return first <= key <= last
        return key >= first or key <= last


@lru_cache(maxsize=32)
def _public_holidays(country: str, year: int, language: str | None) -> dict[date, str]:
    # The holidays package computes a year's holidays on first use; caching
    # per (country, year) keeps materialising thousands of tasks cheap.
    return dict(_holidays.country_holidays(country, years=year, language=language))


@dataclass(frozen=True)
class BusinessCalendar:
    country: str = "JP"
    weekend: frozenset[int] = DEFAULT_WEEKEND
    closed: tuple[ClosedPeriod, ...] = ()
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def holiday_name(self, day: date, language: str | None = None) -> str | None:
        return _public_holidays(self.country, day.year, language).get(day)

    def closed_period(self, day: date) -> ClosedPeriod | None:
        return next((period for period in self.closed if period.contains(day)), None)

    def is_business_day(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is None:
            cached = (
                day.weekday() not in self.weekend
                and day not in _public_holidays(self.country, day.year, None)
                and self.closed_period(day) is None
            )
            self._cache[day] = cached
        return cached

    def shift(self, day: date, rule: str) -> date:
        """Move a date that is not a business day to the previous or next one."""
        if rule == "none" or self.is_business_day(day):
            return day
        step = timedelta(days=-1 if rule == "previous" else 1)
        if rule not in ("previous", "next"):
            raise ValueError(f"unknown shift {rule!r}")
        for _ in range(366):
            day += step
            if self.is_business_day(day):
                return day
        raise ValueError("no business day within a year")

    def business_days_of_month(self, year: int, month: int) -> list[date]:
        key = (year, month)  # months and days do not collide in the cache
        days = self._cache.get(key)
        if days is None:
            last = _calendar.monthrange(year, month)[1]
            days = [d for d in (date(year, month, n) for n in range(1, last + 1))
                    if self.is_business_day(d)]
            self._cache[key] = days
        return list(days)

    def nth_business_day(self, year: int, month: int, n: int) -> date | None:
        """The Nth business day of a month (1 = first, -1 = last), or None when
        the month has fewer business days."""
        if n == 0:
            raise ValueError("n counts from 1 or from -1")
        days = self.business_days_of_month(year, month)
        index = n - 1 if n > 0 else n
        if -len(days) <= index < len(days):
            return days[index]
        return None

    def business_days_between(self, start: date, end: date) -> Iterable[date]:
        day = start
        while day <= end:
            if self.is_business_day(day):
                yield day
            day += timedelta(days=1)

    def add_business_days(self, day: date, count: int) -> date:
        """`count` business days after (or, negative, before) `day`."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_business_day(day):
                remaining -= 1
        return day


# The authorities' days off (行政機関の休日に関する法律 第1条), which move a legal
# deadline falling on one to the next day they open (国税通則法 第10条第2項,
# 地方税法 第20条の5): Saturdays, Sundays, national holidays (振替休日 and 国民の休日
# included, as the holidays package has them) and 12/29–1/3. Japanese law, so
# Japan's holidays whatever country the company's own calendar uses; the
# company's closures and weekend settings never enter it.
STATUTORY_CALENDAR = BusinessCalendar(
    country="JP",
    weekend=DEFAULT_WEEKEND,
    closed=(ClosedPeriod(date(2000, 12, 29), date(2000, 1, 3), yearly=True,
                         name="年末年始（行政機関の休日）"),),
)


@dataclass(frozen=True)
class Deadline:
    """How a task's due dates are set. A statutory deadline moves on the
    statutory calendar and the company works to an earlier work-by date; an
    internal one moves on the company calendar and is its own work-by date."""

    statutory: bool = False
    buffer_days: int = 0  # company business days between work-by and a legal deadline

    def calendar(self, company: BusinessCalendar) -> BusinessCalendar:
        return STATUTORY_CALENDAR if self.statutory else company

    def work_by(self, due: date, company: BusinessCalendar) -> date:
        if not self.statutory:
            return due
        return work_by_date(due, company, self.buffer_days)


INTERNAL = Deadline()


def work_by_date(legal_due: date, company: BusinessCalendar, buffer_days: int = 0) -> date:
    """The last company business day on or before a legal due date, less
    `buffer_days` company business days: a closure or a company weekend
    brings the work forward, never past the law's date."""
    if buffer_days < 0:
        raise ValueError("the buffer counts business days from 0")
    return company.add_business_days(company.shift(legal_due, "previous"), -buffer_days)
