"""Work-by dates: the last company business day on or before a legal due
date, less a buffer counted in company business days. Closures, company
weekend days and public holidays all bring the work forward; the buffer never
counts a day the company is shut."""
from __future__ import annotations

from datetime import date

import pytest

from planner.calendar.domain import INTERNAL, BusinessCalendar, ClosedPeriod, Deadline, work_by_date

# お盆 13–16 August every year, and Golden Week 2028 from 29 April to 7 May.
CLOSED_COMPANY = BusinessCalendar(closed=(
    ClosedPeriod(date(2000, 8, 13), date(2000, 8, 16), yearly=True, name="お盆"),
    ClosedPeriod(date(2028, 4, 29), date(2028, 5, 7), name="GW 2028"),
))
# A company whose weekend is Friday and Saturday.
FRIDAY_SATURDAY = BusinessCalendar(weekend=frozenset({4, 5}))


@pytest.mark.parametrize(("legal_due", "company", "buffer_days", "work_by"), [
    # Mon 16 August 2027 is the last day of お盆: Thu 12 August.
    (date(2027, 8, 16), CLOSED_COMPANY, 0, date(2027, 8, 12)),
    # Two business days before Thu 12 August: Tue 10 August, then (Wed 11
    # August is 山の日) Mon 9 August.
    (date(2027, 8, 16), CLOSED_COMPANY, 2, date(2027, 8, 9)),
    # Mon 8 May 2028 is open: with one day of buffer, back over Golden Week
    # to Fri 28 April.
    (date(2028, 5, 8), CLOSED_COMPANY, 0, date(2028, 5, 8)),
    (date(2028, 5, 8), CLOSED_COMPANY, 1, date(2028, 4, 28)),
    # Fri 28 May 2027 is a company weekend day: Thu 27, or Wed 26 with a buffer.
    (date(2027, 5, 28), FRIDAY_SATURDAY, 0, date(2027, 5, 27)),
    (date(2027, 5, 28), FRIDAY_SATURDAY, 1, date(2027, 5, 26)),
    # ... and its Sunday is a working day.
    (date(2027, 5, 30), FRIDAY_SATURDAY, 0, date(2027, 5, 30)),
])
def test_work_by_date_in_2027_and_2028(legal_due, company, buffer_days, work_by):
    assert work_by_date(legal_due, company, buffer_days) == work_by


def test_a_statutory_deadline_takes_its_buffer_into_the_work_by_date():
    deadline = Deadline(statutory=True, buffer_days=2)
    assert deadline.work_by(date(2027, 8, 16), CLOSED_COMPANY) == date(2027, 8, 9)
    assert Deadline(statutory=True).work_by(date(2027, 8, 16), CLOSED_COMPANY) == date(2027, 8, 12)


def test_an_internal_deadline_ignores_any_buffer():
    assert Deadline(buffer_days=2).work_by(date(2027, 8, 16), CLOSED_COMPANY) == date(2027, 8, 16)
    assert INTERNAL.work_by(date(2027, 8, 16), CLOSED_COMPANY) == date(2027, 8, 16)


def test_a_negative_buffer_is_refused_with_its_reason():
    with pytest.raises(ValueError, match=r"^the buffer counts business days from 0$"):
        work_by_date(date(2027, 8, 16), CLOSED_COMPANY, -1)
