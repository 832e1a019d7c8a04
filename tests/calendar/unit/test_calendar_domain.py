"""Business days and due dates, with Japanese dates checked by hand."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendar.domain import BusinessCalendar, ClosedPeriod
from planner.calendar.recurrence import (
    InvalidSchedule,
    PresetInput,
    Schedule,
    next_occurrences,
    occurrences,
    parse_rrule,
    preset_of,
    schedule_from_preset,
)
from planner.core.dates import in_range

YEAR_END = ClosedPeriod(date(2000, 12, 29), date(2000, 1, 3), yearly=True, name="年末年始休業")
JP = BusinessCalendar(country="JP", closed=(YEAR_END,))
PLAIN = BusinessCalendar(country="JP")


def monthly(day: int, shift: str) -> Schedule:
    return Schedule("rrule", date(2026, 1, 1), rrule=f"FREQ=MONTHLY;BYMONTHDAY={day}", shift=shift)


def test_withholding_tax_for_december_2026_is_due_12_january_2027():
    # 10 Jan 2027 is a Sunday and 11 Jan is 成人の日.
    [occurrence] = occurrences(monthly(10, "next"), JP, date(2027, 1, 1), date(2027, 1, 31))
    assert occurrence.nominal == date(2027, 1, 10)
    assert occurrence.due == date(2027, 1, 12)


def test_payroll_for_october_2026_is_paid_on_friday_23rd():
    [occurrence] = occurrences(monthly(25, "previous"), JP, date(2026, 10, 1), date(2026, 10, 31))
    assert occurrence.due == date(2026, 10, 23)


def test_sandwiched_national_holiday_is_not_a_business_day():
    assert not JP.is_business_day(date(2026, 9, 22))  # 国民の休日 between two holidays
    assert JP.holiday_name(date(2026, 9, 22), "ja") == "国民の休日"


def test_substitute_holiday_is_not_a_business_day():
    assert not JP.is_business_day(date(2026, 5, 6))  # 振替休日 for 3 May (Sunday)


def test_last_business_day_of_december_2026_is_the_28th_with_the_year_end_closure():
    assert JP.nth_business_day(2026, 12, -1) == date(2026, 12, 28)
    assert PLAIN.nth_business_day(2026, 12, -1) == date(2026, 12, 31)


def test_first_business_day_of_january_2027_after_the_closure():
    assert JP.nth_business_day(2027, 1, 1) == date(2027, 1, 4)


def test_yearly_closure_wraps_the_new_year_and_one_off_does_not():
    assert YEAR_END.contains(date(2030, 12, 31)) and YEAR_END.contains(date(2031, 1, 2))
    assert not YEAR_END.contains(date(2030, 12, 28))
    once = ClosedPeriod(date(2026, 8, 13), date(2026, 8, 15))
    assert once.contains(date(2026, 8, 14)) and not once.contains(date(2027, 8, 14))


def test_configurable_weekend():
    six_day_week = BusinessCalendar(country="JP", weekend=frozenset({6}))
    assert six_day_week.is_business_day(date(2026, 12, 5))  # a Saturday


def test_month_end_social_insurance_shifts_to_next_business_day():
    schedule = Schedule("rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=-1", shift="next")
    [occurrence] = occurrences(schedule, JP, date(2027, 1, 1), date(2027, 1, 31))
    assert occurrence.nominal == date(2027, 1, 31)  # a Sunday
    assert occurrence.due == date(2027, 2, 1)


def test_special_withholding_deadlines_july_and_january():
    schedule = schedule_from_preset(PresetInput("yearly", month=1, day=20), date(2026, 1, 1),
                                    shift="next")
    assert [o.due for o in next_occurrences(schedule, JP, date(2027, 1, 1), 2)] == [
        date(2027, 1, 20), date(2028, 1, 20)]


def test_nth_business_day_schedule():
    schedule = Schedule("business_day", date(2026, 12, 1), business_day=5)
    dates = [o.due for o in next_occurrences(schedule, JP, date(2026, 12, 1), 2)]
    assert dates == [date(2026, 12, 7), date(2027, 1, 8)]


def test_one_off():
    schedule = Schedule("once", date(2026, 1, 1), once_date=date(2027, 3, 20), shift="next")
    # 20 March 2027 is a Saturday, 春分の日 is Sunday the 21st, so Monday the 22nd
    # is a substitute holiday.
    assert [o.due for o in next_occurrences(schedule, JP, date(2026, 12, 1), 5)] == [
        date(2027, 3, 23)]


def test_nothing_before_dtstart():
    schedule = Schedule("rrule", date(2026, 12, 15), rrule="FREQ=MONTHLY;BYMONTHDAY=10")
    assert next_occurrences(schedule, JP, date(2026, 12, 1), 1)[0].nominal == date(2027, 1, 10)


@pytest.mark.parametrize("text", ["", "FREQ=SOMETIMES", "BYMONTHDAY=10", "FREQ=MONTHLY;BYMONTHDAY=40",
                                  "FREQ=MINUTELY", "FREQ=DAILY;BYHOUR=3", "nonsense",
                                  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=13",
                                  "FREQ=MONTHLY;COUNT=x", "DTSTART:20260101\nRRULE:FREQ=DAILY"])
def test_invalid_rrules_are_explained_on_the_rrule_field(text):
    with pytest.raises(InvalidSchedule) as caught:
        parse_rrule(text, date(2026, 1, 1))
    assert list(caught.value.fields) == ["rrule"]


def test_preset_errors_name_their_field():
    with pytest.raises(InvalidSchedule) as caught:
        schedule_from_preset(PresetInput("monthly_day", day=32), date(2026, 1, 1))
    assert list(caught.value.fields) == ["day"]
    with pytest.raises(InvalidSchedule) as caught:
        schedule_from_preset(PresetInput("business_day", business_day=0), date(2026, 1, 1))
    assert list(caught.value.fields) == ["business_day"]


@pytest.mark.parametrize("params", [
    PresetInput("monthly_day", day=10), PresetInput("month_end"),
    PresetInput("weekly", weekday="MO"), PresetInput("quarterly", month=4, day=15),
    PresetInput("yearly", month=7, day=10), PresetInput("business_day", business_day=-1),
    PresetInput("once", once_date=date(2027, 1, 31)),
    PresetInput("custom", rrule="FREQ=MONTHLY;BYDAY=3WE"),
])
def test_presets_round_trip(params):
    schedule = schedule_from_preset(params, date(2026, 1, 1))
    again = preset_of(schedule)
    assert again.preset == params.preset
    assert schedule_from_preset(again, date(2026, 1, 1)) == schedule


# --- Properties -------------------------------------------------------------

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
shifts = st.sampled_from(["previous", "next"])
rules = st.sampled_from([
    "FREQ=MONTHLY;BYMONTHDAY=10", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=10", "FREQ=MONTHLY;BYMONTHDAY=25",
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31", "FREQ=DAILY;INTERVAL=5",
])


@given(days, shifts)
def test_every_shifted_date_is_a_business_day(day, shift):
    assert JP.is_business_day(JP.shift(day, shift))


@given(days, shifts)
def test_shifting_is_idempotent(day, shift):
    once = JP.shift(day, shift)
    assert JP.shift(once, shift) == once


@given(days, shifts)
def test_shift_moves_in_its_direction_only(day, shift):
    moved = JP.shift(day, shift)
    assert (moved <= day) if shift == "previous" else (moved >= day)


@given(st.integers(2020, 2035), st.integers(1, 12),
       st.integers(1, 18) | st.integers(-18, -1))
def test_nth_business_day_lands_in_its_month_on_a_business_day(year, month, n):
    day = JP.nth_business_day(year, month, n)
    assert day is not None
    assert (day.year, day.month) == (year, month)
    assert JP.is_business_day(day)


@settings(max_examples=60)
@given(rules, days, shifts)
def test_a_rule_never_yields_two_occurrences_on_the_same_nominal_date(rule, start, shift):
    schedule = Schedule("rrule", date(2019, 1, 1), rrule=rule, shift=shift)
    found = occurrences(schedule, JP, start, start + timedelta(days=400))
    nominal = [o.nominal for o in found]
    assert len(nominal) == len(set(nominal))
    assert nominal == sorted(nominal)
    assert all(JP.is_business_day(o.due) for o in found)


# --- Limits and bounds ------------------------------------------------------
# These build their calendar per test: a calendar remembers each day it has
# judged, so a module-level one warmed by earlier tests (or by mutmut's stats
# run, whose process its mutant runs fork from) would answer from memory.


def japan() -> BusinessCalendar:
    return BusinessCalendar(country="JP", closed=(YEAR_END,))


def plain() -> BusinessCalendar:
    return BusinessCalendar(country="JP")


def test_planner_dates_run_from_1900_to_2199_inclusive():
    assert in_range(date(1900, 1, 1)) and in_range(date(2199, 12, 31))
    assert not in_range(date(1899, 12, 31)) and not in_range(date(2200, 1, 1))


def test_one_off_closure_includes_its_first_and_last_day():
    obon_2026 = ClosedPeriod(date(2026, 8, 13), date(2026, 8, 15))
    assert obon_2026.contains(date(2026, 8, 13)) and obon_2026.contains(date(2026, 8, 15))
    assert not obon_2026.contains(date(2026, 8, 12)) and not obon_2026.contains(date(2026, 8, 16))


def test_yearly_closure_includes_its_first_and_last_day_every_year():
    obon = ClosedPeriod(date(2000, 8, 13), date(2000, 8, 15), yearly=True)
    assert obon.contains(date(2031, 8, 13)) and obon.contains(date(2031, 8, 15))
    assert not obon.contains(date(2031, 8, 12)) and not obon.contains(date(2031, 8, 16))


def test_year_end_closure_includes_29_december_and_3_january():
    assert YEAR_END.contains(date(2030, 12, 29)) and YEAR_END.contains(date(2031, 1, 3))
    assert not YEAR_END.contains(date(2031, 1, 4))


def test_yearly_one_day_closure_closes_that_day_only():
    founding_day = ClosedPeriod(date(2000, 6, 1), date(2000, 6, 1), yearly=True)
    assert founding_day.contains(date(2026, 6, 1))
    assert not founding_day.contains(date(2026, 5, 31))
    assert not founding_day.contains(date(2026, 6, 2))


def test_weekends_holidays_and_closed_days_are_not_business_days():
    calendar = japan()
    assert calendar.is_business_day(date(2026, 12, 10))  # an ordinary Thursday
    assert not calendar.is_business_day(date(2026, 12, 12))  # Saturday
    assert not calendar.is_business_day(date(2027, 1, 11))  # 成人の日, a Monday
    assert not calendar.is_business_day(date(2026, 12, 30))  # Wednesday in the closure


def test_a_month_s_business_days_include_its_first_and_last_day():
    # December 2026 runs from Tuesday the 1st to Thursday the 31st.
    calendar = plain()
    assert calendar.nth_business_day(2026, 12, 1) == date(2026, 12, 1)
    assert calendar.nth_business_day(2026, 12, -1) == date(2026, 12, 31)


def test_nth_business_day_counts_up_to_the_month_s_business_days_and_no_further():
    # December 2026 has 23 weekdays and no public holiday.
    calendar = plain()
    assert calendar.nth_business_day(2026, 12, 23) == date(2026, 12, 31)
    assert calendar.nth_business_day(2026, 12, -23) == date(2026, 12, 1)
    assert calendar.nth_business_day(2026, 12, 24) is None
    assert calendar.nth_business_day(2026, 12, -24) is None


def test_zeroth_business_day_is_refused_with_how_to_count():
    with pytest.raises(ValueError) as caught:
        plain().nth_business_day(2026, 12, 0)
    assert str(caught.value) == "n counts from 1 or from -1"


def test_unknown_shift_rule_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown shift 'nearest'"):
        plain().shift(date(2026, 12, 12), "nearest")  # a Saturday


def test_shift_finds_a_business_day_366_days_ahead():
    # Saturday 3 April 2027 with a closure to Sunday 2 April 2028: Monday the 3rd.
    closed = ClosedPeriod(date(2027, 4, 3), date(2028, 4, 2))
    calendar = BusinessCalendar(country="JP", closed=(closed,))
    assert calendar.shift(date(2027, 4, 3), "next") == date(2028, 4, 3)


def test_shift_gives_up_when_no_business_day_within_366_days():
    # The closure now also takes Monday 3 April 2028: Tuesday the 4th is too far.
    closed = ClosedPeriod(date(2027, 4, 3), date(2028, 4, 3))
    calendar = BusinessCalendar(country="JP", closed=(closed,))
    with pytest.raises(ValueError) as caught:
        calendar.shift(date(2027, 4, 3), "next")
    assert str(caught.value) == "no business day within a year"


def test_business_days_between_include_both_ends_and_skip_the_weekend():
    days = list(plain().business_days_between(date(2026, 12, 7), date(2026, 12, 14)))
    assert days == [date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9),
                    date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 14)]


def test_negative_business_days_count_back_over_weekends_and_closures():
    calendar = japan()
    # Monday 14 Dec 2026 → Friday the 11th; Monday 4 Jan 2027 → Monday 28 Dec.
    assert calendar.add_business_days(date(2026, 12, 14), -1) == date(2026, 12, 11)
    assert calendar.add_business_days(date(2027, 1, 4), -1) == date(2026, 12, 28)
    assert calendar.add_business_days(date(2026, 12, 14), -3) == date(2026, 12, 9)
