"""The form's traps: a preset on a day some month lacks (31 in a 30-day month,
29 February) falls on that month's last day instead of skipping it; a raw
RRULE keeps RFC 5545's meaning, and what it skips is told. Dates are checked
against a wall calendar for 2027 (not a leap year) and 2028 (a leap year)."""
from __future__ import annotations

from datetime import date

import pytest

from planner.calendar.domain import BusinessCalendar
from planner.calendar.recurrence import (
    InvalidSchedule,
    PresetInput,
    Schedule,
    SkippedMonth,
    next_occurrences,
    occurrences,
    preset_of,
    schedule_from_preset,
    skipped_months,
)

NO_CLOSURES = BusinessCalendar(country="JP")
START = date(2026, 12, 1)


def _nominal(schedule: Schedule, start: date = date(2027, 1, 1),
             end: date = date(2028, 12, 31)) -> list[date]:
    return [o.nominal for o in occurrences(schedule, NO_CLOSURES, start, end)]


def test_monthly_on_the_31st_falls_on_each_short_months_last_day():
    schedule = schedule_from_preset(PresetInput("monthly_day", day=31), START)
    assert _nominal(schedule) == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30),
        date(2027, 5, 31), date(2027, 6, 30), date(2027, 7, 31), date(2027, 8, 31),
        date(2027, 9, 30), date(2027, 10, 31), date(2027, 11, 30), date(2027, 12, 31),
        date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30),
        date(2028, 5, 31), date(2028, 6, 30), date(2028, 7, 31), date(2028, 8, 31),
        date(2028, 9, 30), date(2028, 10, 31), date(2028, 11, 30), date(2028, 12, 31)]


@pytest.mark.parametrize(("day", "february_2027", "february_2028", "april"), [
    (29, date(2027, 2, 28), date(2028, 2, 29), date(2027, 4, 29)),
    (30, date(2027, 2, 28), date(2028, 2, 29), date(2027, 4, 30)),
])
def test_monthly_on_the_29th_or_30th_keeps_its_day_where_it_exists(
        day, february_2027, february_2028, april):
    schedule = schedule_from_preset(PresetInput("monthly_day", day=day), START)
    found = _nominal(schedule)
    assert len(found) == 24  # no month skipped
    assert {february_2027, february_2028, april, date(2027, 1, day)} <= set(found)


def test_quarterly_on_the_31st_falls_on_the_last_day_of_30_day_months():
    schedule = schedule_from_preset(PresetInput("quarterly", month=3, day=31), START)
    assert _nominal(schedule) == [
        date(2027, 3, 31), date(2027, 6, 30), date(2027, 9, 30), date(2027, 12, 31),
        date(2028, 3, 31), date(2028, 6, 30), date(2028, 9, 30), date(2028, 12, 31)]


def test_quarterly_from_february_on_the_30th_keeps_each_quarter():
    schedule = schedule_from_preset(PresetInput("quarterly", month=2, day=30), START)
    assert _nominal(schedule) == [
        date(2027, 2, 28), date(2027, 5, 30), date(2027, 8, 30), date(2027, 11, 30),
        date(2028, 2, 29), date(2028, 5, 30), date(2028, 8, 30), date(2028, 11, 30)]


def test_yearly_on_29_february_falls_on_the_28th_outside_leap_years():
    schedule = schedule_from_preset(PresetInput("yearly", month=2, day=29), START)
    assert _nominal(schedule, end=date(2029, 12, 31)) == [
        date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)]


def test_the_last_day_then_moves_like_any_date():
    # 30 April 2028 is a Sunday; Monday 1 May is a working day (GW's holidays
    # are 29 April and 3-5 May).
    schedule = schedule_from_preset(PresetInput("monthly_day", day=31), START, shift="next")
    [april] = occurrences(schedule, NO_CLOSURES, date(2028, 4, 1), date(2028, 4, 30))
    assert (april.nominal, april.due) == (date(2028, 4, 30), date(2028, 5, 1))


@pytest.mark.parametrize(("month", "day"), [(2, 30), (4, 31), (11, 31)])
def test_a_yearly_date_no_year_has_is_refused_on_the_day(month, day):
    with pytest.raises(InvalidSchedule) as caught:
        schedule_from_preset(PresetInput("yearly", month=month, day=day), START)
    assert list(caught.value.fields) == ["day"]


@pytest.mark.parametrize("params", [
    PresetInput("monthly_day", day=day) for day in (1, 10, 28, 29, 30, 31)] + [
    PresetInput("quarterly", month=month, day=day)
    for month in (1, 2, 3, 11, 12) for day in (15, 28, 29, 30, 31)] + [
    PresetInput("yearly", month=month, day=day)
    for month, day in ((1, 31), (2, 28), (2, 29), (4, 30), (12, 31))] + [
    PresetInput("month_end"), PresetInput("weekly", weekday="WE")])
def test_every_preset_reads_back_into_the_form_as_it_was_chosen(params):
    schedule = schedule_from_preset(params, START)
    shown = preset_of(schedule)
    assert (shown.preset, shown.day, shown.month, shown.weekday) == (
        params.preset, params.day, params.month, params.weekday)
    again = schedule_from_preset(shown, START)
    assert again.rrule == schedule.rrule


@pytest.mark.parametrize("rule", [
    # Stored before presets meant "or the last day": they keep skipping, so
    # they read back as the custom rules they are and saving keeps them.
    "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYMONTHDAY=30",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=31",
    # Hand-written variants of a preset's text are not rewritten either.
    "FREQ=MONTHLY;BYMONTHDAY=29,30,31;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=30,31;BYSETPOS=-1",
])
def test_a_raw_rule_that_skips_is_shown_as_custom_and_keeps_its_meaning(rule):
    schedule = Schedule("rrule", START, rrule=rule)
    shown = preset_of(schedule)
    assert (shown.preset, shown.rrule) == ("custom", rule)
    assert schedule_from_preset(shown, START).rrule == rule


def test_a_raw_rule_on_the_31st_skips_short_months_as_rfc_5545_says():
    schedule = Schedule("rrule", START, rrule="FREQ=MONTHLY;BYMONTHDAY=31")
    assert [o.nominal for o in next_occurrences(schedule, NO_CLOSURES, date(2027, 1, 1), 4)] == [
        date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31), date(2027, 7, 31)]
    assert skipped_months(schedule, date(2027, 1, 1), date(2027, 7, 31)) == [
        SkippedMonth(2027, 2, 31), SkippedMonth(2027, 4, 31), SkippedMonth(2027, 6, 31)]


@pytest.mark.parametrize(("rule", "dtstart", "skipped"), [
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", START, [SkippedMonth(2027, 2, 29)]),
    # The day taken from DTSTART, as RFC 5545 takes it.
    ("FREQ=YEARLY", date(2024, 2, 29), [SkippedMonth(2027, 2, 29)]),
    ("FREQ=MONTHLY", date(2026, 12, 30), [SkippedMonth(2027, 2, 30), SkippedMonth(2028, 2, 30)]),
    # Every other month from January: only September and November lack a 31st.
    ("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31", date(2027, 1, 5),
     [SkippedMonth(2027, 9, 31), SkippedMonth(2027, 11, 31), SkippedMonth(2028, 9, 31),
      SkippedMonth(2028, 11, 31)]),
    ("FREQ=MONTHLY;BYMONTHDAY=30,31;BYSETPOS=-1", START,
     [SkippedMonth(2027, 2, 30), SkippedMonth(2028, 2, 30)]),
    # Nothing skipped: a day every month has, the last day, a weekday.
    ("FREQ=MONTHLY;BYMONTHDAY=28", START, []),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", START, []),
    ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", START, []),
    ("FREQ=WEEKLY;BYDAY=MO", START, []),
    ("FREQ=YEARLY;BYMONTH=1,10;BYMONTHDAY=31", START, []),
])
def test_the_months_a_raw_rule_skips_in_2027_and_2028(rule, dtstart, skipped):
    schedule = Schedule("rrule", dtstart, rrule=rule)
    assert skipped_months(schedule, date(2027, 1, 1), date(2028, 12, 31)) == skipped


def test_presets_skip_nothing():
    for params in (PresetInput("monthly_day", day=31), PresetInput("yearly", month=2, day=29),
                   PresetInput("quarterly", month=2, day=31)):
        schedule = schedule_from_preset(params, START)
        assert skipped_months(schedule, date(2027, 1, 1), date(2028, 12, 31)) == []


def test_business_day_and_one_off_schedules_skip_nothing():
    for schedule in (Schedule("business_day", START, business_day=-1),
                     Schedule("once", START, once_date=date(2027, 2, 28))):
        assert skipped_months(schedule, date(2027, 1, 1), date(2028, 12, 31)) == []
