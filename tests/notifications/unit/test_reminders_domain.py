"""When reminders go out, with a fixed clock and real Japanese dates."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.calendar.domain import BusinessCalendar, ClosedPeriod
from planner.notifications.domain import (
    backoff,
    escalation_time,
    is_late,
    next_sending_time,
    reminder_time,
)

TOKYO = ZoneInfo("Asia/Tokyo")
CALENDAR = BusinessCalendar(closed=(ClosedPeriod(date(2000, 12, 29), date(2000, 1, 3), True),))


def test_reminder_on_a_business_day_goes_out_at_nine_tokyo():
    sent = reminder_time(date(2027, 1, 12), 7, CALENDAR, 9, TOKYO)
    assert sent == datetime(2027, 1, 5, 9, 0, tzinfo=TOKYO)


def test_reminder_on_a_holiday_goes_out_the_business_day_before():
    # One day before Tue 12 Jan 2027 is 成人の日 (Mon 11th): Friday the 8th.
    assert reminder_time(date(2027, 1, 12), 1, CALENDAR, 9, TOKYO).date() == date(2027, 1, 8)


def test_reminder_in_the_year_end_closure_goes_out_before_it():
    # Due Mon 4 Jan 2027; 3 days before is 1 Jan, closed: 28 Dec 2026.
    assert reminder_time(date(2027, 1, 4), 3, CALENDAR, 9, TOKYO).date() == date(2026, 12, 28)


def test_due_day_reminder():
    assert reminder_time(date(2026, 12, 10), 0, CALENDAR, 9, TOKYO) == datetime(
        2026, 12, 10, 9, tzinfo=TOKYO)


def test_escalation_counts_business_days_after_the_due_date():
    # Due Fri 25 Dec 2026: Mon 28 Dec is the first business day after, then the
    # closure, so the second is Mon 4 Jan 2027.
    assert escalation_time(date(2026, 12, 25), 2, CALENDAR, 9, TOKYO).date() == date(2027, 1, 4)
    # Due Thu 10 Dec 2026: Mon 14 Dec.
    assert escalation_time(date(2026, 12, 10), 2, CALENDAR, 9, TOKYO).date() == date(2026, 12, 14)


def test_next_sending_time_skips_past_hours_and_non_business_days():
    friday_evening = datetime(2026, 12, 11, 18, 0, tzinfo=TOKYO)
    assert next_sending_time(friday_evening, CALENDAR, 9, TOKYO) == datetime(
        2026, 12, 14, 9, tzinfo=TOKYO)
    early = datetime(2026, 12, 10, 7, 0, tzinfo=TOKYO)
    assert next_sending_time(early, CALENDAR, 9, TOKYO) == datetime(2026, 12, 10, 9, tzinfo=TOKYO)


def test_backoff_grows_and_is_capped_with_jitter():
    rng = random.Random(1)
    waits = [backoff(n, 60, 3600, rng) for n in range(1, 10)]
    assert timedelta(seconds=30) <= waits[0] <= timedelta(seconds=60)
    assert timedelta(seconds=60) <= waits[1] <= timedelta(seconds=120)
    assert all(w <= timedelta(seconds=3600) for w in waits)
    assert waits[-1] >= timedelta(seconds=1800)


def test_a_reminder_for_a_past_deadline_is_late():
    assert is_late(date(2026, 12, 10), date(2026, 12, 11))
    assert not is_late(date(2026, 12, 10), date(2026, 12, 10))


def test_escalation_goes_out_at_the_sending_hour_in_tokyo():
    sent = escalation_time(date(2026, 12, 10), 2, CALENDAR, 9, TOKYO)
    assert sent == datetime(2026, 12, 14, 9, 0, tzinfo=TOKYO)


def test_digest_asked_for_exactly_at_the_sending_hour_goes_out_that_day():
    nine = datetime(2026, 12, 10, 9, 0, tzinfo=TOKYO)
    assert next_sending_time(nine, CALENDAR, 9, TOKYO) == nine


def test_digest_after_the_hour_on_a_thursday_goes_out_on_friday():
    thursday_evening = datetime(2026, 12, 10, 18, 0, tzinfo=TOKYO)
    assert next_sending_time(thursday_evening, CALENDAR, 9, TOKYO) == datetime(
        2026, 12, 11, 9, tzinfo=TOKYO)


def test_digest_asked_for_on_a_sunday_goes_out_on_monday():
    sunday_morning = datetime(2026, 12, 13, 7, 0, tzinfo=TOKYO)
    assert next_sending_time(sunday_morning, CALENDAR, 9, TOKYO) == datetime(
        2026, 12, 14, 9, tzinfo=TOKYO)


class _Edge:
    """A random source that always draws the lowest or the highest value, so
    the bounds of the jitter can be checked exactly."""

    def __init__(self, highest: bool) -> None:
        self.highest = highest

    def uniform(self, low: float, high: float) -> float:
        return high if self.highest else low


def test_backoff_waits_between_half_the_ceiling_and_the_whole_ceiling():
    # Third attempt: ceiling 60 s × 2² = 240 s.
    assert backoff(3, 60, 3600, _Edge(highest=False)) == timedelta(seconds=120)
    assert backoff(3, 60, 3600, _Edge(highest=True)) == timedelta(seconds=240)


def test_backoff_is_capped_at_one_hour_by_default():
    assert backoff(20, 60, rng=_Edge(highest=True)) == timedelta(hours=1)
    assert backoff(20, 60, rng=_Edge(highest=False)) == timedelta(minutes=30)


def test_backoff_without_a_random_source_still_jitters_within_bounds():
    wait = backoff(2, 60)
    assert timedelta(seconds=60) <= wait <= timedelta(seconds=120)


def test_the_digest_hour_is_the_organisations_even_when_now_is_given_in_utc():
    # 01:00 UTC on 10 December is 10:00 in Tokyo, past the 09:00 digest: the next one
    # is Friday's. Read in UTC, it would look early and pick a time already gone.
    now = datetime(2026, 12, 10, 1, 0, tzinfo=ZoneInfo("UTC"))
    assert next_sending_time(now, CALENDAR, 9, TOKYO) == datetime(2026, 12, 11, 9, tzinfo=TOKYO)
