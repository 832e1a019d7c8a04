"""Materialising starts each rule near the window instead of at its DTSTART:
the dates must be exactly those dateutil gives from DTSTART."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendar.domain import BusinessCalendar
from planner.calendar.recurrence import Schedule, nominal_dates, parse_rrule

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _slow(text: str, dtstart: date, start: date, end: date) -> list[date]:
    rule = parse_rrule(text, dtstart)
    found = []
    for moment in rule.xafter(datetime.combine(max(start, dtstart), datetime.min.time()),
                              inc=True):
        if moment.date() > end:
            break
        found.append(moment.date())
    return found


rules = st.one_of(
    st.builds(lambda d: f"FREQ=MONTHLY;BYMONTHDAY={d}", st.sampled_from([1, 10, 25, 28, 31, -1])),
    st.builds(lambda d: f"FREQ=WEEKLY;BYDAY={d}", st.sampled_from(DAYS)),
    st.builds(lambda m, d: f"FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}",
              st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda n, d: f"FREQ=MONTHLY;BYDAY={n}{d}", st.sampled_from(["1", "2", "-1"]),
              st.sampled_from(DAYS)),
    st.just("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
    st.just("FREQ=WEEKLY;BYDAY=MO,WE;WKST=SU"),
    st.just("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
    # Rules whose dates depend on DTSTART: never moved.
    st.just("FREQ=MONTHLY"),
    st.just("FREQ=WEEKLY"),
    st.just("FREQ=YEARLY"),
    st.builds(lambda i: f"FREQ=WEEKLY;INTERVAL={i};BYDAY=TU", st.integers(2, 3)),
    st.builds(lambda c: f"FREQ=MONTHLY;BYMONTHDAY=15;COUNT={c}", st.integers(1, 40)),
    st.just("FREQ=MONTHLY;BYMONTHDAY=5;UNTIL=20270301"),
)


@settings(max_examples=300, deadline=None)
@given(rules, st.dates(date(2020, 1, 1), date(2027, 12, 31)),
       st.integers(-400, 1500), st.integers(0, 420))
def test_fast_forwarded_rules_give_the_same_dates(text, dtstart, offset, length):
    start = dtstart + timedelta(days=offset)
    end = start + timedelta(days=length)
    schedule = Schedule("rrule", dtstart, rrule=text)
    assert list(nominal_dates(schedule, BusinessCalendar(), start, end)) == _slow(
        text, dtstart, start, end)
