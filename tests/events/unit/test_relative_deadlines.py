"""Deadlines counted from an event: the law's counting of days (民法第140条) and
months (民法第143条), statutory dates moved to the authorities' next open day,
company targets left where they fall; and every shipped step on hand-checked
dates.

Calendar facts used below (Japan): 2027-01-11 成人の日 (Mon); 2027-04-29 昭和の日
(Thu); 2027-05-03/04/05 憲法記念日・みどりの日・こどもの日 (Mon–Wed); 2027-07-19 海の日
(Mon); 2027-09-20 敬老の日 (Mon); 2028-01-10 成人の日 (Mon); 12/29–1/3 the
authorities' year-end closure.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from planner.calendar.domain import STATUTORY_CALENDAR, BusinessCalendar, ClosedPeriod
from planner.events.domain import (
    EmployeeFacts,
    RelativeDeadline,
    applies,
    due_date,
    plan,
    rule_problems,
    unshifted_due_date,
)
from planner.events.shipped import shipped_type, shipped_types

# The company works Monday to Friday on Japan's calendar, without closures, unless a test says.
COMPANY = BusinessCalendar()


def _due(rule: RelativeDeadline, event: date, company: BusinessCalendar = COMPANY) -> date:
    return due_date(rule, event, STATUTORY_CALENDAR, company)


def _plan(type_key: str, event: date, facts: EmployeeFacts = EmployeeFacts(),
          company: BusinessCalendar = COMPANY) -> dict[str, date]:
    found = shipped_type(type_key)
    assert found is not None
    return {step.key: due for step, due in plan(found, event, facts, STATUTORY_CALENDAR, company)}


# --- The counting rules ---------------------------------------------------------------


def test_within_days_does_not_count_the_event_day_unless_told():
    # "within 5 days" of the 1st: the 2nd is day 1, the 6th day 5 (民法第140条).
    assert unshifted_due_date(RelativeDeadline("within_days", 5), date(2027, 6, 1),
                              COMPANY) == date(2027, 6, 6)
    # Counting the event's day, the 1st is day 1 and the 5th day 5.
    assert unshifted_due_date(RelativeDeadline("within_days", 5, counts_event_day=True),
                              date(2027, 6, 1), COMPANY) == date(2027, 6, 5)
    assert unshifted_due_date(RelativeDeadline("within_days", 0, statutory=False),
                              date(2027, 6, 1), COMPANY) == date(2027, 6, 1)


@pytest.mark.parametrize(("event", "expected"), [
    # The day after the event is the first day; the period ends the day before the answering
    # day a month later.
    (date(2027, 1, 15), date(2027, 2, 15)),
    # From the 31st: the first day is 1 February, so the period is February, ending the 28th.
    (date(2027, 1, 31), date(2027, 2, 28)),
    # From the 30th: the first day is the 31st, which February lacks: the month's last day.
    (date(2027, 1, 30), date(2027, 2, 28)),
    (date(2028, 1, 30), date(2028, 2, 29)),  # a leap year
    # Across the year end.
    (date(2027, 12, 15), date(2028, 1, 15)),
    (date(2027, 12, 31), date(2028, 1, 31)),
    # The first day is 30 March; April has a 30th (its last day): the day before it.
    (date(2027, 3, 29), date(2027, 4, 29)),
])
def test_within_months_follows_article_143(event, expected):
    assert unshifted_due_date(RelativeDeadline("within_months", 1), event, COMPANY) == expected


@pytest.mark.parametrize(("event", "expected"), [
    (date(2027, 3, 15), date(2027, 4, 14)),  # 15 March is the first day: ends 14 April
    (date(2027, 1, 31), date(2027, 2, 28)),  # no 31 February: the month's end
    (date(2028, 1, 31), date(2028, 2, 29)),
    (date(2027, 3, 1), date(2027, 3, 31)),   # from the 1st: the month itself
])
def test_within_months_counting_the_event_day(event, expected):
    rule = RelativeDeadline("within_months", 1, counts_event_day=True)
    assert unshifted_due_date(rule, event, COMPANY) == expected


def test_day_of_next_month_is_in_the_next_month_or_n_months_later():
    rule = RelativeDeadline("day_of_next_month", day=10)
    assert unshifted_due_date(rule, date(2027, 1, 31), COMPANY) == date(2027, 2, 10)
    assert unshifted_due_date(rule, date(2027, 12, 1), COMPANY) == date(2028, 1, 10)
    month_end = RelativeDeadline("day_of_next_month", day=31, statutory=False)
    assert unshifted_due_date(month_end, date(2027, 1, 5), COMPANY) == date(2027, 2, 28)
    three_on = RelativeDeadline("day_of_next_month", n=3, day=31, statutory=False)
    assert unshifted_due_date(three_on, date(2027, 11, 20), COMPANY) == date(2028, 2, 29)


def test_business_days_before_counts_the_company_days_back():
    rule = RelativeDeadline("business_days_before", 3, statutory=False)
    # Before Monday 10 May 2027: Friday 7th, Thursday 6th, then Golden Week (3–5 May
    # holidays, 1–2 a weekend) back to Friday 30 April.
    assert _due(rule, date(2027, 5, 10)) == date(2027, 4, 30)
    closed = BusinessCalendar(closed=(ClosedPeriod(date(2027, 4, 30), date(2027, 4, 30)),))
    assert _due(rule, date(2027, 5, 10), closed) == date(2027, 4, 28)


def test_a_statutory_date_moves_to_the_next_open_day_and_an_internal_one_stays():
    # 5 days after Wednesday 28 April 2027 is Monday 3 May (憲法記念日); 4 and 5 May are
    # holidays too: Thursday 6 May.
    assert _due(RelativeDeadline("within_days", 5), date(2027, 4, 28)) == date(2027, 5, 6)
    assert _due(RelativeDeadline("within_days", 5, statutory=False),
                date(2027, 4, 28)) == date(2027, 5, 3)
    # 5 days after Friday 24 December 2027 is Wednesday the 29th: the authorities are closed
    # until Monday 3 January, so Tuesday 4 January 2028.
    assert _due(RelativeDeadline("within_days", 5), date(2027, 12, 24)) == date(2028, 1, 4)


def test_the_company_calendar_never_moves_a_statutory_date():
    everything_closed = BusinessCalendar(closed=(ClosedPeriod(date(2027, 5, 1),
                                                              date(2027, 5, 31)),))
    assert _due(RelativeDeadline("within_days", 5), date(2027, 5, 10),
                everything_closed) == date(2027, 5, 17)  # the 15th is a Saturday


@pytest.mark.parametrize(("rule", "problem"), [
    (RelativeDeadline("weeks"), "unknown kind 'weeks' (one of within_days, day_of_next_month, "
                                "within_months, business_days_before)"),
    (RelativeDeadline("within_days", -1), "n counts from 0"),
    (RelativeDeadline("within_days", 0, counts_event_day=True),
     "a period that counts the event's day lasts at least 1 day"),
    (RelativeDeadline("within_months", 0), "within_months needs n of 1 or more"),
    (RelativeDeadline("day_of_next_month"), "day_of_next_month needs a day from 1 to 31"),
    (RelativeDeadline("day_of_next_month", day=32), "day_of_next_month needs a day from 1 to 31"),
    (RelativeDeadline("within_days", 5, day=3), "within_days takes no day"),
    (RelativeDeadline("business_days_before", 2),
     "business_days_before is a company target, not statutory"),
])
def test_rules_the_data_file_may_not_hold(rule, problem):
    assert rule_problems(rule) == [problem]


def test_good_rules_have_no_problems():
    for rule in (RelativeDeadline("within_days", 5), RelativeDeadline("within_months", 1),
                 RelativeDeadline("within_days", 0, statutory=False),
                 RelativeDeadline("within_days", 1, counts_event_day=True),
                 RelativeDeadline("day_of_next_month", day=10),
                 RelativeDeadline("day_of_next_month", day=1),
                 RelativeDeadline("day_of_next_month", n=3, day=31),
                 RelativeDeadline("business_days_before", 0, statutory=False),
                 RelativeDeadline("business_days_before", 3, statutory=False)):
        assert rule_problems(rule) == [], rule


def test_a_rule_that_cannot_be_computed_says_so():
    with pytest.raises(ValueError, match="unknown deadline kind"):
        unshifted_due_date(RelativeDeadline("weeks", 2), date(2027, 1, 1), COMPANY)
    with pytest.raises(ValueError, match="^day_of_next_month needs a day$"):
        unshifted_due_date(RelativeDeadline("day_of_next_month"), date(2027, 1, 1), COMPANY)


def test_business_days_before_is_never_moved_on_the_authorities_calendar():
    # A company that works Saturdays: the day before Monday 5 July 2027 is Saturday the 3rd,
    # a day the authorities are closed; it stays, even on a rule wrongly marked statutory.
    six_days = BusinessCalendar(weekend=frozenset({6}))
    for statutory in (True, False):
        rule = RelativeDeadline("business_days_before", 1, statutory=statutory)
        assert _due(rule, date(2027, 7, 5), six_days) == date(2027, 7, 3)


# --- Every shipped step, hand-checked ----------------------------------------------------


def test_hire_on_thursday_1_april_2027():
    assert _plan("hire", date(2027, 4, 1)) == {
        # 5 company business days before: 31, 30, 29, 26, 25 March.
        "employment-contract": date(2027, 3, 25),
        "accounts-and-equipment": date(2027, 3, 31),
        # 5 days not counting the 1st: Tuesday 6 April.
        "health-pension-enrolment": date(2027, 4, 6),
        # The 10th of May: a Monday.
        "employment-insurance-enrolment": date(2027, 5, 10),
        "resident-tax-special-collection": date(2027, 5, 10),
    }


def test_hire_in_december_runs_into_the_new_year_holidays():
    dues = _plan("hire", date(2026, 12, 15))
    # 20 December is a Sunday: Monday the 21st.
    assert dues["health-pension-enrolment"] == date(2026, 12, 21)
    # 10 January 2027 is a Sunday and the 11th 成人の日: Tuesday 12 January.
    assert dues["employment-insurance-enrolment"] == date(2027, 1, 12)
    # The municipality's date is the company's target: Sunday 10 January stays.
    assert dues["resident-tax-special-collection"] == date(2027, 1, 10)


def test_hire_before_golden_week():
    # 28 April 2027 + 5 = Monday 3 May; 3–5 May are holidays: Thursday 6 May.
    assert _plan("hire", date(2027, 4, 28))["health-pension-enrolment"] == date(2027, 5, 6)


def test_leaving_on_wednesday_31_march_2027():
    assert _plan("leave", date(2027, 3, 31)) == {
        "insurance-card-return": date(2027, 4, 2),
        # 5 days after the leaving: Monday 5 April.
        "health-pension-loss": date(2027, 4, 5),
        # Coverage ends 1 April; counting from 2 April, day 10 is Sunday 11 April: Monday 12th.
        "employment-insurance-loss": date(2027, 4, 12),
        "separation-certificate": date(2027, 4, 12),
        # 以後1月: 31 March counts, so the month ends 30 April (a Friday; 29 April is 昭和の日).
        "withholding-slip-leaver": date(2027, 4, 30),
        # 10 April is a Saturday: Monday 12 April.
        "resident-tax-transfer": date(2027, 4, 12),
        "accounts-removal": date(2027, 3, 31),
    }


def test_leaving_before_the_year_end():
    dues = _plan("leave", date(2027, 12, 24))
    # 29 December: closed until 3 January; Tuesday 4 January 2028.
    assert dues["health-pension-loss"] == date(2028, 1, 4)
    # 24 + 11 = 4 January 2028, a Tuesday and open.
    assert dues["employment-insurance-loss"] == date(2028, 1, 4)
    # 10 January 2028 is 成人の日: Tuesday the 11th.
    assert dues["resident-tax-transfer"] == date(2028, 1, 11)
    # From 24 December counted: ends Sunday 23 January: Monday the 24th.
    assert dues["withholding-slip-leaver"] == date(2028, 1, 24)


def test_leaving_on_31_january():
    # 以後1月 from 31 January: February has no 31st, so its last day, Sunday 28 February
    # 2027: Monday 1 March. In 2028 the 29th, a Tuesday.
    assert _plan("leave", date(2027, 1, 31))["withholding-slip-leaver"] == date(2027, 3, 1)
    assert _plan("leave", date(2028, 1, 31))["withholding-slip-leaver"] == date(2028, 2, 29)


def test_bonus_paid_in_july_and_december():
    assert _plan("bonus", date(2027, 7, 9)) == {
        "bonus-calculation": date(2027, 7, 6),  # 8, 7, 6 July
        "bonus-payment-report": date(2027, 7, 14),
        "bonus-withholding-tax": date(2027, 8, 10),
    }
    # Paid Wednesday 14 July: 5 days is Monday 19 July, 海の日: Tuesday the 20th.
    assert _plan("bonus", date(2027, 7, 14))["bonus-payment-report"] == date(2027, 7, 20)
    dues = _plan("bonus", date(2027, 12, 10))
    assert dues["bonus-calculation"] == date(2027, 12, 7)
    assert dues["bonus-payment-report"] == date(2027, 12, 15)
    assert dues["bonus-withholding-tax"] == date(2028, 1, 11)  # 10 January is 成人の日


def test_maternity_leave():
    assert _plan("maternity_leave", date(2027, 4, 28)) == {
        # 10 company business days back from Wednesday 28 April: 27, 26, 23, 22, 21, 20, 19,
        # 16, 15, 14 April.
        "maternity-handover": date(2027, 4, 14),
        "maternity-premium-exemption": date(2027, 5, 12),  # a company target: not moved
    }


def test_childcare_leave():
    assert _plan("childcare_leave", date(2027, 4, 1)) == {
        "childcare-premium-exemption": date(2027, 4, 15),
        # 4 months from 1 April counted: 31 July, a Saturday: Monday 2 August.
        "childcare-benefit-application": date(2027, 8, 2),
    }
    # From 31 January: the day before 31 May, Sunday the 30th: Monday 31 May.
    assert _plan("childcare_leave", date(2027, 1, 31))[
        "childcare-benefit-application"] == date(2027, 5, 31)


def test_pay_change():
    assert _plan("pay_change", date(2027, 4, 25)) == {
        # Before Sunday 25 April: 23, 22, 21 April.
        "payroll-master-update": date(2027, 4, 21),
        # April is the 1st month, July the 4th: its end, a Saturday, not moved.
        "monthly-remuneration-change": date(2027, 7, 31),
    }


def test_address_change():
    assert _plan("address_change", date(2027, 9, 17)) == {
        "address-change-report": date(2027, 9, 22),
        "commuting-allowance-review": date(2027, 9, 27),
    }


def test_dependant_change():
    assert _plan("dependant_change", date(2027, 9, 15)) == {
        # 5 days: Monday 20 September, 敬老の日: Tuesday the 21st.
        "dependant-change-report": date(2027, 9, 21),
        "dependant-withholding-declaration": date(2027, 9, 25),
    }


def test_work_injury():
    assert _plan("work_injury", date(2027, 5, 1)) == {
        "injury-report": date(2027, 5, 8),
        "injury-benefit-certificate": date(2027, 5, 4),
    }


# --- Which steps apply -------------------------------------------------------------------


def test_someone_not_insured_gets_no_insurance_steps():
    uninsured = EmployeeFacts(health_pension_insured=False, employment_insurance_insured=False)
    assert list(_plan("leave", date(2027, 3, 31), uninsured)) == [
        "withholding-slip-leaver", "resident-tax-transfer", "accounts-removal"]
    assert list(_plan("hire", date(2027, 4, 1), uninsured)) == [
        "employment-contract", "accounts-and-equipment", "resident-tax-special-collection"]


def test_a_part_timer_outside_employment_insurance_keeps_the_health_steps():
    facts = EmployeeFacts(employment_insurance_insured=False)
    assert list(_plan("hire", date(2027, 4, 1), facts)) == [
        "employment-contract", "accounts-and-equipment", "health-pension-enrolment",
        "resident-tax-special-collection"]
    step = next(s for s in shipped_type("hire").steps if s.key == "employment-insurance-enrolment")
    assert not applies(step, facts)
    assert applies(step, EmployeeFacts())


# --- Properties --------------------------------------------------------------------------

STATUTORY_STEPS = [(each.key, step) for each in shipped_types() for step in each.steps
                   if step.deadline.statutory]
INTERNAL_STEPS = [(each.key, step) for each in shipped_types() for step in each.steps
                  if not step.deadline.statutory]
EVENT_DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(event=EVENT_DATES, which=st.sampled_from(STATUTORY_STEPS))
def test_a_statutory_date_is_never_early_nor_on_a_day_the_authorities_are_closed(event, which):
    _, step = which
    unshifted = unshifted_due_date(step.deadline, event, COMPANY)
    due = _due(step.deadline, event)
    assert due >= unshifted
    assert STATUTORY_CALENDAR.is_business_day(due)
    # Moved only as far as the next open day.
    assert all(not STATUTORY_CALENDAR.is_business_day(unshifted + timedelta(days=k))
               for k in range((due - unshifted).days))


@given(event=EVENT_DATES, which=st.sampled_from(INTERNAL_STEPS))
def test_a_company_target_is_never_moved(event, which):
    _, step = which
    assert _due(step.deadline, event) == unshifted_due_date(step.deadline, event, COMPANY)


@given(event=EVENT_DATES, day=st.integers(1, 31), n=st.integers(0, 14),
       statutory=st.booleans())
def test_day_of_next_month_is_in_the_right_month_or_later_after_a_shift(event, day, n,
                                                                          statutory):
    rule = RelativeDeadline("day_of_next_month", n=n, day=day, statutory=statutory)
    months = event.year * 12 + event.month - 1 + max(n, 1)
    unshifted = unshifted_due_date(rule, event, COMPANY)
    assert (unshifted.year, unshifted.month) == (months // 12, months % 12 + 1)
    assert unshifted.day == day or unshifted.day < day and (unshifted + timedelta(days=1)).day == 1
    due = _due(rule, event)
    assert due >= unshifted > event


@given(event=EVENT_DATES, n=st.integers(1, 24), counts=st.booleans())
def test_within_months_ends_the_day_before_the_answering_day(event, n, counts):
    # dateutil's month arithmetic as the oracle: it lands on the answering day, or on the
    # month's end when the month lacks it (then the period ends there, 第143条ただし書).
    start = event if counts else event + timedelta(days=1)
    answering = start + relativedelta(months=n)
    expected = answering - timedelta(days=1) if answering.day == start.day else answering
    rule = RelativeDeadline("within_months", n, counts_event_day=counts)
    assert unshifted_due_date(rule, event, COMPANY) == expected
