"""Recurrence rules at their edges: what the task form refuses (and on which
field, in words a Japanese user reads), the first and last dates a window or a
bound lets through, and the rule text each preset stands for."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import NamedTuple

import pytest
from babel.messages.pofile import read_po
from conftest import JAPANESE_CATALOG

from planner.calendar.domain import BusinessCalendar
from planner.calendar.recurrence import (
    MAX_LEAD_DAYS,
    RRULE_MAX,
    InvalidSchedule,
    PresetInput,
    Schedule,
    _fast_forward,
    next_occurrences,
    occurrences,
    parse_rrule,
    preset_of,
    schedule_from_preset,
    validate,
)

# Japanese public holidays only: no company closure, so the dates below can be
# checked against a wall calendar.
JP = BusinessCalendar(country="JP")
CATALOG = JAPANESE_CATALOG

ONE_LINE = "Enter one RRULE line, such as FREQ=MONTHLY;BYMONTHDAY=10."
NO_RULE = "Enter a recurrence rule."
DAYS_OF_MONTH = "BYMONTHDAY takes days from 1 to 31, or -1 (the last day) to -31."
MONTHS = "BYMONTH takes months from 1 to 12."
BUSINESS_DAYS = "Count business days from 1 to 23, or from -1 (the last) to -23."


@cache
def _japanese() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id}


class Refusal(NamedTuple):
    field: str
    english: str
    japanese: str


def refusal(action: Callable[[], object]) -> Refusal:
    """The one field a refused schedule names and its message, rendered in
    English and in Japanese (the form shows it translated, so an untranslated
    or half-filled message is a bug the user sees)."""
    with pytest.raises(InvalidSchedule) as caught:
        action()
    [(field_name, [message])] = caught.value.fields.items()
    japanese = _japanese().get(message.text)
    assert japanese, f"no Japanese for {message.text!r}"
    return Refusal(field_name, message.render(), message.render(_japanese().__getitem__))


def _rule_of_length(length: int) -> str:
    """A valid monthly rule (day 1 repeated, then day 10 or 1) of exactly `length` characters."""
    head = "FREQ=MONTHLY;BYMONTHDAY="
    last = "10" if (length - len(head)) % 2 == 0 else "1"
    rule = head + "1," * ((length - len(head) - len(last)) // 2) + last
    assert len(rule) == length
    return rule


# --- parse_rrule: what the custom RRULE field refuses ------------------------


@pytest.mark.parametrize(("text", "said"), [
    ("", NO_RULE),
    ("RRULE:", NO_RULE),  # the prefix alone is still no rule
    # Pasted over two lines: one line is asked for, not dateutil's unpacking error.
    ("FREQ=MONTHLY;BYMONTHDAY=10\nCOUNT=3", ONE_LINE),
    # A start date inside the rule would override the task's own start.
    ("FREQ=DAILY DTSTART:20300101", ONE_LINE),
    ("freq=daily dtstart:20300101", ONE_LINE),
    # An exception date turns the rule into a set the planner cannot store.
    ("FREQ=MONTHLY;BYMONTHDAY=10 EXDATE:20260110", ONE_LINE),
    (_rule_of_length(RRULE_MAX + 1), ONE_LINE),
    ("BYMONTHDAY=10", "The rule needs FREQ, such as FREQ=MONTHLY."),
    ("FREQ=HOURLY", "Use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."),
    ("FREQ=DAILY;BYMINUTE=5", "Back-office rules count days: remove BYHOUR, BYMINUTE, BYSECOND."),
    ("FREQ=MONTHLY;BYMONTHDAY=0", DAYS_OF_MONTH),
    ("FREQ=MONTHLY;BYMONTHDAY=10,0", DAYS_OF_MONTH),
    ("FREQ=MONTHLY;BYMONTHDAY=32", DAYS_OF_MONTH),
    ("FREQ=MONTHLY;BYMONTHDAY=-32", DAYS_OF_MONTH),
    ("FREQ=YEARLY;BYMONTH=0;BYMONTHDAY=1", MONTHS),
    ("FREQ=YEARLY;BYMONTH=6,13;BYMONTHDAY=1", MONTHS),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "No month has this day: the rule would never fall due."),
])
def test_a_refused_rule_tells_the_user_why_on_the_rrule_field(text, said):
    shown = refusal(lambda: parse_rrule(text, date(2026, 1, 1)))
    assert (shown.field, shown.english) == ("rrule", said)


def test_a_rule_dateutil_cannot_read_is_refused_with_dateutils_reason():
    shown = refusal(lambda: parse_rrule("FREQ=MONTHLY;COUNT=x", date(2026, 1, 1)))
    assert shown.field == "rrule"
    # The reason names the part to fix; the Japanese sentence carries it too.
    assert "COUNT" in shown.english and "COUNT" in shown.japanese


@pytest.mark.parametrize("text", ["RRULE:FREQ=MONTHLY;BYMONTHDAY=10",
                                  "rrule:FREQ=MONTHLY;BYMONTHDAY=10"])
def test_a_rule_pasted_with_its_rrule_prefix_is_read(text):
    rule = parse_rrule(text, date(2026, 1, 1))
    assert [moment.date() for moment in rule[:2]] == [date(2026, 1, 10), date(2026, 2, 10)]


def test_a_rule_of_exactly_the_maximum_length_is_accepted():
    rule = parse_rrule(_rule_of_length(RRULE_MAX), date(2026, 1, 1))
    assert [moment.date() for moment in rule[:2]] == [date(2026, 1, 1), date(2026, 1, 10)]


@pytest.mark.parametrize(("text", "first"), [
    ("FREQ=MONTHLY;BYMONTHDAY=31", date(2026, 1, 31)),
    ("FREQ=MONTHLY;BYMONTHDAY=-31", date(2026, 1, 1)),
    ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1", date(2026, 12, 1)),
])
def test_the_outermost_days_and_months_are_accepted(text, first):
    assert parse_rrule(text, date(2026, 1, 1))[0].date() == first


# --- validate: a schedule as stored or posted --------------------------------


@pytest.mark.parametrize(("schedule", "field_name", "said"), [
    (Schedule("fortnightly", date(2026, 1, 1)), "preset", "Unknown schedule."),
    (Schedule("rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=10", shift="later"),
     "shift", "Unknown business-day shift."),
    (Schedule("rrule", date(2026, 1, 1)), "rrule", NO_RULE),
    (Schedule("once", date(2026, 1, 1)), "once_date", "Enter the date."),
    (Schedule("business_day", date(2026, 1, 1)), "business_day", BUSINESS_DAYS),
    (Schedule("business_day", date(2026, 1, 1), business_day=0), "business_day", BUSINESS_DAYS),
    (Schedule("business_day", date(2026, 1, 1), business_day=24), "business_day", BUSINESS_DAYS),
    (Schedule("business_day", date(2026, 1, 1), business_day=-24), "business_day",
     BUSINESS_DAYS),
])
def test_an_invalid_schedule_is_refused_on_the_field_to_correct(schedule, field_name, said):
    shown = refusal(lambda: validate(schedule))
    assert (shown.field, shown.english) == (field_name, said)


@pytest.mark.parametrize("n", [1, 23, -1, -23])
def test_business_days_from_the_first_to_the_23rd_either_way_are_accepted(n):
    validate(Schedule("business_day", date(2026, 1, 1), business_day=n))


@pytest.mark.parametrize("lead_days", [(MAX_LEAD_DAYS + 1,), (7, -1)])
def test_lead_times_beyond_180_days_or_negative_are_refused_naming_the_limit(lead_days):
    schedule = Schedule("once", date(2026, 1, 1), once_date=date(2026, 6, 1), lead_days=lead_days)
    shown = refusal(lambda: validate(schedule))
    assert shown.field == "lead_days"
    assert shown.english == "Lead times are days from 0 to 180."
    assert "180" in shown.japanese


def test_a_lead_time_of_exactly_180_days_is_accepted():
    validate(Schedule("once", date(2026, 1, 1), once_date=date(2026, 9, 1),
                      lead_days=(MAX_LEAD_DAYS, 0)))


def test_listing_a_schedule_without_its_rule_asks_for_the_rule():
    # A stored task whose rule went missing: materialising says what is missing.
    schedule = Schedule("rrule", date(2026, 1, 1))
    shown = refusal(lambda: occurrences(schedule, JP, date(2026, 1, 1), date(2026, 12, 31)))
    assert (shown.field, shown.english) == ("rrule", NO_RULE)


# --- Dates in a window: both ends inclusive -----------------------------------


def _dues(schedule: Schedule, start: date, end: date) -> list[date]:
    return [o.due for o in occurrences(schedule, JP, start, end)]


@pytest.mark.parametrize(("start", "end", "found"), [
    (date(2026, 6, 15), date(2026, 6, 30), [date(2026, 6, 15)]),
    (date(2026, 6, 1), date(2026, 6, 15), [date(2026, 6, 15)]),
    (date(2026, 6, 16), date(2026, 6, 30), []),
    (date(2026, 6, 1), date(2026, 6, 14), []),
])
def test_a_one_off_date_is_listed_when_the_window_holds_it_ends_included(start, end, found):
    schedule = Schedule("once", date(2026, 1, 1), once_date=date(2026, 6, 15))
    assert _dues(schedule, start, end) == found


# 5th business day of December 2026: the 1st is a Tuesday, so Monday the 7th.
@pytest.mark.parametrize(("start", "end", "found"), [
    (date(2026, 12, 7), date(2026, 12, 20), [date(2026, 12, 7)]),
    (date(2026, 11, 20), date(2026, 12, 7), [date(2026, 12, 7)]),
    (date(2026, 12, 8), date(2026, 12, 31), []),
    (date(2026, 11, 20), date(2026, 12, 6), []),
])
def test_an_nth_business_day_is_listed_when_the_window_holds_it_ends_included(start, end, found):
    schedule = Schedule("business_day", date(2026, 1, 1), business_day=5)
    assert _dues(schedule, start, end) == found


def test_a_window_ending_on_the_first_of_a_month_includes_that_months_first_business_day():
    # Thursday 1 October 2026 is a business day and the window's last day.
    schedule = Schedule("business_day", date(2026, 1, 1), business_day=1)
    assert _dues(schedule, date(2026, 9, 15), date(2026, 10, 1)) == [date(2026, 10, 1)]


def test_the_first_business_day_falls_in_every_month_across_the_new_year():
    schedule = Schedule("business_day", date(2026, 1, 1), business_day=1)
    # 1 Nov 2026 is a Sunday; 1-3 January are holidays and the 4th a Monday.
    assert _dues(schedule, date(2026, 11, 1), date(2027, 2, 28)) == [
        date(2026, 11, 2), date(2026, 12, 1), date(2027, 1, 4), date(2027, 2, 1)]


@pytest.mark.parametrize(("n", "found"), [(23, date(2026, 12, 31)), (-23, date(2026, 12, 1))])
def test_the_23rd_business_day_falls_only_in_months_that_have_23(n, found):
    # In 2026 only December has 23 business days (no company closure here).
    schedule = Schedule("business_day", date(2026, 1, 1), business_day=n)
    assert _dues(schedule, date(2026, 1, 1), date(2026, 12, 31)) == [found]


def test_the_next_occurrences_are_searched_to_the_end_of_the_50th_year():
    last_found = Schedule("once", date(2026, 1, 1), once_date=date(2076, 12, 31))
    too_far = Schedule("once", date(2026, 1, 1), once_date=date(2077, 1, 1))
    assert [o.due for o in next_occurrences(last_found, JP, date(2026, 6, 1), 1)] == [
        date(2076, 12, 31)]
    assert next_occurrences(too_far, JP, date(2026, 6, 1), 1) == []


def test_the_next_occurrences_near_the_calendars_last_year_stop_at_9999():
    schedule = Schedule("once", date(9990, 1, 1), once_date=date(9995, 6, 1))
    assert [o.due for o in next_occurrences(schedule, JP, date(9990, 1, 1), 1)] == [
        date(9995, 6, 1)]


# --- Materialising starts near the window (speed), not at DTSTART ------------

EVERY_DAY = "BYDAY=MO,TU,WE,TH,FR,SA,SU"


@pytest.mark.parametrize(("text", "walked_from"), [
    (f"FREQ=YEARLY;{EVERY_DAY}", date(2026, 1, 1)),
    (f"FREQ=MONTHLY;{EVERY_DAY}", date(2026, 6, 1)),
    (f"FREQ=WEEKLY;WKST=SU;{EVERY_DAY}", date(2026, 6, 7)),  # the Sunday opening the week
    (f"FREQ=WEEKLY;{EVERY_DAY}", date(2026, 6, 8)),  # Monday, the default week start
    (f"FREQ=DAILY;{EVERY_DAY}", date(2026, 6, 10)),
])
def test_a_rule_is_walked_from_the_period_holding_the_window_not_from_years_back(text,
                                                                                walked_from):
    # dateutil steps through every occurrence from the rule's start: a rule
    # begun in 2020 must not be walked through six years to list June 2026.
    # A rule falling every day yields first the day the walk starts from.
    rule = _fast_forward(parse_rrule(text, date(2020, 1, 1)), date(2026, 6, 10))
    assert rule[0].date() == walked_from


# --- Presets: the form's choices --------------------------------------------


@pytest.mark.parametrize(("params", "rule"), [
    (PresetInput("monthly_day", day=1), "FREQ=MONTHLY;BYMONTHDAY=1"),
    # A day some month lacks: "or the month's last day" (test_month_end_presets.py).
    (PresetInput("monthly_day", day=31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
    (PresetInput("month_end"), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    (PresetInput("weekly", weekday="FR"), "FREQ=WEEKLY;BYDAY=FR"),
    (PresetInput("quarterly", month=11, day=15), "FREQ=YEARLY;BYMONTH=11,2,5,8;BYMONTHDAY=15"),
    (PresetInput("yearly", month=12, day=31), "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
    # Pasted from a calendar export: stored as the bare rule the API returns.
    (PresetInput("custom", rrule=" RRULE:FREQ=MONTHLY;BYDAY=3WE "), "FREQ=MONTHLY;BYDAY=3WE"),
    (PresetInput("custom", rrule="rrule:FREQ=MONTHLY;BYDAY=3WE"), "FREQ=MONTHLY;BYDAY=3WE"),
])
def test_each_preset_is_stored_as_its_standard_rrule(params, rule):
    # The API and the exports show this text; another tool must read it.
    assert schedule_from_preset(params, date(2026, 1, 1)).rrule == rule


@pytest.mark.parametrize(("params", "field_name", "said"), [
    (PresetInput("monthly_day"), "day", "Enter a day of the month from 1 to 31."),
    (PresetInput("monthly_day", day=0), "day", "Enter a day of the month from 1 to 31."),
    (PresetInput("monthly_day", day=32), "day", "Enter a day of the month from 1 to 31."),
    (PresetInput("yearly", day=10), "month", "Enter a month from 1 to 12."),
    (PresetInput("yearly", month=13, day=10), "month", "Enter a month from 1 to 12."),
    (PresetInput("yearly", month=0, day=10), "month", "Enter a month from 1 to 12."),
    # Month 13 must not wrap silently to a January quarter.
    (PresetInput("quarterly", month=13, day=10), "month", "Enter a month from 1 to 12."),
    (PresetInput("quarterly", day=10), "month", "Enter a month from 1 to 12."),
    (PresetInput("weekly"), "weekday", "Choose a weekday."),
    (PresetInput("weekly", weekday="MONDAY"), "weekday", "Choose a weekday."),
    (PresetInput("fortnightly"), "preset", "Unknown schedule."),
    (PresetInput("custom"), "rrule", NO_RULE),
    (PresetInput("custom", rrule="RRULE:"), "rrule", NO_RULE),
])
def test_a_preset_missing_a_value_is_refused_on_that_field(params, field_name, said):
    shown = refusal(lambda: schedule_from_preset(params, date(2026, 1, 1)))
    assert (shown.field, shown.english) == (field_name, said)


@pytest.mark.parametrize("params", [
    PresetInput("monthly_day", day=10),
    PresetInput("once", once_date=date(2027, 1, 10)),
])
def test_a_preset_keeps_the_chosen_shift(params):
    # Sunday 10 January 2027, then 成人の日: the deadline moves to Tuesday the 12th.
    schedule = schedule_from_preset(params, date(2026, 1, 1), shift="next")
    assert _dues(schedule, date(2027, 1, 1), date(2027, 1, 31)) == [date(2027, 1, 12)]


@pytest.mark.parametrize("params", [
    PresetInput("monthly_day", day=10), PresetInput("business_day", business_day=1),
    PresetInput("once", once_date=date(2027, 1, 10)),
])
def test_a_preset_keeps_the_chosen_lead_times_and_start(params):
    schedule = schedule_from_preset(params, date(2026, 7, 1), lead_days=(30, 3))
    assert schedule.lead_days == (30, 3)
    # Nothing falls before the start the user chose.
    assert _dues(schedule, date(2026, 6, 1), date(2026, 6, 30)) == []


def test_a_yearly_rule_on_four_consecutive_months_is_not_shown_as_quarterly():
    # Showing it as quarterly from January would save it back as 1,4,7,10.
    schedule = Schedule("rrule", date(2026, 1, 1), rrule="FREQ=YEARLY;BYMONTH=1,2,3,4;BYMONTHDAY=10")
    assert preset_of(schedule).preset == "custom"


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYMONTHDAY=10", "FREQ=WEEKLY;BYDAY=MO",
                                  "FREQ=YEARLY;BYMONTH=2,5,8,11;BYMONTHDAY=15"])
def test_a_recognised_preset_still_carries_the_rule_it_was_read_from(rule):
    # Switching the form from the preset to "custom" starts from this text.
    shown = preset_of(Schedule("rrule", date(2026, 1, 1), rrule=rule))
    assert shown.preset != "custom"
    assert shown.rrule == rule
