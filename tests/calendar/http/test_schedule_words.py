"""A preset on a day some month lacks says so in words, wherever a schedule is
described (the task's page, the registry, handover documents)."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from planner.calendar.recurrence import PresetInput, Schedule, schedule_from_preset
from planner.calendar.wording import describe_schedule

START = date(2026, 12, 1)


@pytest.mark.parametrize(("params", "japanese", "english"), [
    (PresetInput("monthly_day", day=31), "毎月31日（31日がない月は末日）",
     "Monthly on day 31 (the month's last day when it has no day 31)"),
    (PresetInput("yearly", month=2, day=29), "毎年2月29日（29日がない月は末日）",
     "Yearly on 2/29 (the month's last day when it has no day 29)"),
    (PresetInput("monthly_day", day=28), "毎月28日", "Monthly on day 28"),
    (PresetInput("yearly", month=1, day=31), "毎年1月31日", "Yearly on 1/31"),
])
def test_the_words_say_what_a_short_month_gets(app, params, japanese, english):
    schedule = schedule_from_preset(params, START)
    with app.test_request_context():
        with force_locale("ja"):
            assert describe_schedule(schedule) == japanese
        with force_locale("en"):
            assert describe_schedule(schedule) == english


def test_a_raw_rule_on_the_31st_is_described_as_the_rule_it_is(app):
    schedule = Schedule("rrule", START, rrule="FREQ=MONTHLY;BYMONTHDAY=31")
    with app.test_request_context(), force_locale("en"):
        assert describe_schedule(schedule) == "RRULE FREQ=MONTHLY;BYMONTHDAY=31"
