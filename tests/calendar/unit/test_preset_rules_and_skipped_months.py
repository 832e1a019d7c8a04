"""The exact RRULE text each day-of-month preset stores (month-end presets
become BYMONTHDAY=28,29,30,31;BYSETPOS=-1 and the like), the rules that read
back as custom because no preset would store them, and the months a raw
RRULE skips for want of its day, at the edges of the range asked about."""
from __future__ import annotations

from datetime import date

import pytest

from planner.calendar.recurrence import (
    InvalidSchedule,
    PresetInput,
    Schedule,
    SkippedMonth,
    _rule_of,
    preset_of,
    schedule_from_preset,
    skipped_months,
)
from planner.core.errors import N_

START = date(2026, 12, 1)
FIRST, LAST = date(2027, 1, 1), date(2028, 12, 31)


# --- The text a preset stores


@pytest.mark.parametrize(("params", "text"), [
    (PresetInput("monthly_day", day=10), "FREQ=MONTHLY;BYMONTHDAY=10"),
    (PresetInput("monthly_day", day=28), "FREQ=MONTHLY;BYMONTHDAY=28"),
    (PresetInput("monthly_day", day=29), "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"),
    (PresetInput("monthly_day", day=31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
    (PresetInput("month_end"), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    (PresetInput("weekly", weekday="FR"), "FREQ=WEEKLY;BYDAY=FR"),
    (PresetInput("quarterly", month=1, day=15), "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15"),
    (PresetInput("quarterly", month=1, day=31),
     "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=30,31;BYSETPOS=-1"),
    (PresetInput("quarterly", month=11, day=31),
     "FREQ=MONTHLY;BYMONTH=11,2,5,8;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
    (PresetInput("yearly", month=3, day=31), "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31"),
    (PresetInput("yearly", month=4, day=30), "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30"),
    (PresetInput("yearly", month=2, day=29), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"),
])
def test_the_rrule_text_a_preset_stores(params, text):
    schedule = schedule_from_preset(params, START)
    assert (schedule.kind, schedule.rrule) == ("rrule", text)
    if params.day is not None:
        assert _rule_of(params) == text


@pytest.mark.parametrize(("month", "day"), [(2, 30), (4, 31), (6, 31), (9, 31), (11, 31)])
def test_a_yearly_day_the_month_lacks_is_refused_naming_month_and_day(month, day):
    with pytest.raises(InvalidSchedule) as caught:
        schedule_from_preset(PresetInput("yearly", month=month, day=day), START)
    message = N_("Month %(month)d has no day %(day)d.", month=month, day=day)
    assert caught.value.fields == {"day": [message]}
    assert caught.value.fields["day"][0].render() == f"Month {month} has no day {day}."


def test_a_business_day_preset_never_shifts():
    schedule = schedule_from_preset(PresetInput("business_day", business_day=-1), START,
                                    shift="next")
    assert (schedule.kind, schedule.business_day, schedule.shift) == ("business_day", -1, "none")


@pytest.mark.parametrize("params", [
    PresetInput("monthly_day"), PresetInput("monthly_day", day=0),
    PresetInput("monthly_day", day=32), PresetInput("yearly", day=5),
    PresetInput("quarterly", day=5), PresetInput("yearly", month=13, day=5),
    PresetInput("quarterly", month=0, day=5), PresetInput("yearly", month=4, day=31),
    PresetInput("yearly", month=2, day=30),
])
def test_values_no_preset_stores_give_no_rule(params):
    assert _rule_of(params) is None


@pytest.mark.parametrize("rule", [
    # Hand-written: a day no month has, a month no year has, a day April
    # lacks. No preset stores these, so they stay custom.
    "FREQ=MONTHLY;BYMONTHDAY=0",
    "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,32;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=5",
    "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30,31;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
])
def test_rules_no_preset_would_store_read_back_as_custom(rule):
    shown = preset_of(Schedule("rrule", START, rrule=rule))
    assert (shown.preset, shown.rrule) == ("custom", rule)


# --- The months a raw rule skips


ON_THE_31ST = Schedule("rrule", START, rrule="FREQ=MONTHLY;BYMONTHDAY=31")


@pytest.mark.parametrize(("start", "end", "skipped"), [
    # One day, in a month without a 31st.
    (date(2027, 2, 28), date(2027, 2, 28), [SkippedMonth(2027, 2, 31)]),
    (date(2027, 2, 1), date(2027, 2, 1), [SkippedMonth(2027, 2, 31)]),
    # From the middle of February to the 1st of April: both months count.
    (date(2027, 2, 15), date(2027, 4, 1), [SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31)]),
    # Up to the last day of March only.
    (date(2027, 2, 15), date(2027, 3, 31), [SkippedMonth(2027, 2, 31)]),
    # A range that ends before it starts.
    (date(2027, 3, 1), date(2027, 2, 28), []),
])
def test_the_months_skipped_at_the_ends_of_the_range(start, end, skipped):
    assert skipped_months(ON_THE_31ST, start, end) == skipped


@pytest.mark.parametrize(("rule", "dtstart", "start", "end", "skipped"), [
    # A rule starting mid-February still tells that February has no 31st.
    ("FREQ=MONTHLY;BYMONTHDAY=31", date(2027, 2, 10), FIRST, date(2027, 6, 30),
     [SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31), SkippedMonth(2027, 6, 31)]),
    # A yearly rule from 31 January visits January only, which has a 31st.
    ("FREQ=YEARLY", date(2027, 1, 31), FIRST, LAST, []),
    # Three occurrences from January (31 January, March, May): February and
    # April are passed over on the way.
    ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", date(2027, 1, 1), FIRST, date(2027, 5, 31),
     [SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31)]),
    # Friday the 31st: every month is visited, whatever weekday its 1st is.
    ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=31", START, FIRST, date(2027, 6, 30),
     [SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31), SkippedMonth(2027, 6, 31)]),
    # A weekly or daily rule on the 31st visits each month once.
    ("FREQ=WEEKLY;BYMONTHDAY=31", START, FIRST, date(2027, 6, 30),
     [SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31), SkippedMonth(2027, 6, 31)]),
    ("FREQ=DAILY;BYMONTHDAY=31", START, FIRST, date(2027, 6, 30),
     [SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31), SkippedMonth(2027, 6, 31)]),
    # A set position other than the last: the smallest day is the one told.
    ("FREQ=MONTHLY;BYMONTHDAY=30,31;BYSETPOS=2", START, FIRST, LAST,
     [SkippedMonth(2027, 2, 30), SkippedMonth(2028, 2, 30)]),
    ("FREQ=MONTHLY;BYMONTHDAY=29,30,31;BYSETPOS=-2", START, FIRST, LAST,
     [SkippedMonth(2027, 2, 29)]),
    # Rules that fix their days otherwise than by day of the month: nothing told.
    ("FREQ=MONTHLY;BYMONTHDAY=31,-1", START, FIRST, LAST, []),
    ("FREQ=YEARLY;BYWEEKNO=5;BYMONTHDAY=31", START, FIRST, LAST, []),
    ("FREQ=YEARLY;BYYEARDAY=32;BYMONTHDAY=31", START, FIRST, LAST, []),
    ("FREQ=YEARLY;BYEASTER=4;BYMONTHDAY=31", START, FIRST, LAST, []),
])
def test_the_months_a_raw_rule_skips(rule, dtstart, start, end, skipped):
    schedule = Schedule("rrule", dtstart, rrule=rule)
    assert skipped_months(schedule, start, end) == skipped


def test_a_schedule_without_its_rule_asks_for_one():
    with pytest.raises(InvalidSchedule) as caught:
        skipped_months(Schedule("rrule", START), FIRST, LAST)
    assert caught.value.fields == {"rrule": [N_("Enter a recurrence rule.")]}
