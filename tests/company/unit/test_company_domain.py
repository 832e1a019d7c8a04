"""The company profile's rules, against dates worked out by hand.

Each legal date below was counted on a calendar: the last day of the month two months after
the year end (plus the extension), or of the 8th month of the fiscal year for the interim
returns, moved to the next day the authorities are open when it falls on a Saturday, Sunday,
national holiday or 12/29–1/3 (国税通則法第10条第2項, 地方税法第20条の5).
"""
from __future__ import annotations

from datetime import date

import pytest

from planner.company.domain import (
    STATUTORY_CALENDAR,
    Profile,
    applies,
    condition_holds,
    extension_months,
    fiscal_months,
    fiscal_schedule,
    legal_due_dates,
    month_after,
    problems,
    schedule_fields,
    title_for,
)
from planner.core.errors import N_
from planner.tasks import catalogue

FINAL = catalogue.get("corporate-tax-final-return")
CONSUMPTION_FINAL = catalogue.get("consumption-tax-final-return")
INTERIM = catalogue.get("corporate-tax-interim-return")
LOCAL_INTERIM = catalogue.get("local-corporate-taxes-interim-return")
START = date(2027, 1, 1)


def company(end: int, extension: int = 0) -> Profile:
    return Profile(fiscal_year_end_month=end, corporate_tax_extension_months=extension,
                   consumption_tax_extension=bool(extension))


# (year end, extension) -> the first three final return dates from 2027-01-01
FINAL_RETURNS = {
    # 2027-02-28 is a Sunday; 2028 is a leap year (29 February, a Tuesday).
    (12, 0): [date(2027, 3, 1), date(2028, 2, 29), date(2029, 2, 28)],
    # 2029-03-31 is a Saturday.
    (12, 1): [date(2027, 3, 31), date(2028, 3, 31), date(2029, 4, 2)],
    (9, 0): [date(2027, 11, 30), date(2028, 11, 30), date(2029, 11, 30)],
    # 31 December is closed to the authorities (12/29–1/3): the 4th of January. The first is
    # the year to September 2026's return, nominally 2026-12-31.
    (9, 1): [date(2027, 1, 4), date(2028, 1, 4), date(2029, 1, 4)],
    (3, 0): [date(2027, 5, 31), date(2028, 5, 31), date(2029, 5, 31)],
    # 2029-06-30 is a Saturday.
    (3, 1): [date(2027, 6, 30), date(2028, 6, 30), date(2029, 7, 2)],
}
INTERIM_RETURNS = {
    12: [date(2027, 8, 31), date(2028, 8, 31), date(2029, 8, 31)],
    9: [date(2027, 5, 31), date(2028, 5, 31), date(2029, 5, 31)],
    3: [date(2027, 11, 30), date(2028, 11, 30), date(2029, 11, 30)],
}


@pytest.mark.parametrize(("end", "extension"), sorted(FINAL_RETURNS))
def test_final_returns_2027_to_2029_by_hand(end, extension):
    profile = company(end, extension)
    expected = FINAL_RETURNS[(end, extension)]
    assert legal_due_dates(FINAL, profile, START) == expected
    # The consumption tax return follows the same dates when the company has filed the
    # consumption tax extension notice (消費税法第45条の2).
    assert legal_due_dates(CONSUMPTION_FINAL, profile, START) == expected


@pytest.mark.parametrize("end", sorted(INTERIM_RETURNS))
@pytest.mark.parametrize("extension", [0, 1])
def test_interim_returns_2027_to_2029_by_hand_ignore_the_extension(end, extension):
    assert legal_due_dates(INTERIM, company(end, extension), START) == INTERIM_RETURNS[end]
    assert legal_due_dates(LOCAL_INTERIM, company(end, extension), START) == INTERIM_RETURNS[end]


def test_a_date_shifted_past_the_start_is_still_next():
    # The September company's extended return for the year to September 2026 is nominally
    # 2026-12-31, due 2027-01-04: on 4 January it is still due, on the 5th it is gone.
    assert legal_due_dates(FINAL, company(9, 1), date(2027, 1, 4), 1) == [date(2027, 1, 4)]
    assert legal_due_dates(FINAL, company(9, 1), date(2027, 1, 5), 1) == [date(2028, 1, 4)]


def test_consumption_tax_extension_needs_the_notice_and_the_corporate_extension():
    with_corporate_only = Profile(fiscal_year_end_month=12, corporate_tax_extension_months=1)
    assert legal_due_dates(CONSUMPTION_FINAL, with_corporate_only, START, 1) == [date(2027, 3, 1)]
    assert extension_months("consumption_tax", Profile(corporate_tax_extension_months=2,
                                                       consumption_tax_extension=True)) == 1
    assert extension_months("corporation_tax", Profile(corporate_tax_extension_months=4)) == 4
    assert extension_months(False, Profile(corporate_tax_extension_months=4)) == 0


def test_eleven_interim_filings_of_a_december_company_in_2027_by_hand():
    monthly = catalogue.get("consumption-tax-interim-monthly")
    profile = Profile(fiscal_year_end_month=12, consumption_tax_interim_filings=11)
    # The 1st and 2nd months fall due together at the end of April (消費税法第42条第1項);
    # the first date is the 2026 year's 10th month, nominally 2026-12-31.
    assert legal_due_dates(monthly, profile, START, 11) == [
        date(2027, 1, 4), date(2027, 2, 1), date(2027, 4, 30), date(2027, 5, 31), date(2027, 6, 30),
        date(2027, 8, 2), date(2027, 8, 31), date(2027, 9, 30), date(2027, 11, 1),
        date(2027, 11, 30), date(2028, 1, 4)]


def test_three_interim_filings_fall_in_the_5th_8th_and_11th_months():
    quarterly = catalogue.get("consumption-tax-interim-quarterly")["fiscal"]
    assert fiscal_months(quarterly, Profile(fiscal_year_end_month=12)) == [5, 8, 11]
    assert fiscal_months(quarterly, Profile(fiscal_year_end_month=3)) == [2, 8, 11]


def test_month_end_schedules_use_the_months_last_day_and_february_moves():
    assert fiscal_schedule(FINAL["fiscal"], company(3)) == {
        "preset": "yearly", "day": 31, "month": 5, "rrule": None}
    assert fiscal_schedule(FINAL["fiscal"], company(12)) == {
        "preset": "custom", "day": None, "month": None,
        "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"}
    assert fiscal_schedule(INTERIM["fiscal"], company(9)) == {  # May has a 31st
        "preset": "yearly", "day": 31, "month": 5, "rrule": None}
    assert fiscal_schedule(INTERIM["fiscal"], company(10)) == {
        "preset": "yearly", "day": 30, "month": 6, "rrule": None}
    # A March company's schedules are the shipped ones: nothing moves for the default.
    for entry in catalogue.ENTRIES:
        if entry["fiscal"]:
            own = schedule_fields(entry, Profile())
            assert (own["preset"], own["day"], own["month"], own["rrule"]) == (
                entry["preset"], entry["day"], entry["month"], entry["rrule"]), entry["key"]


def test_entries_on_business_days_and_weekdays_keep_their_rule():
    closing = catalogue.get("monthly-closing")  # the 5th business day
    assert legal_due_dates(closing, Profile(), START) == [
        date(2027, 1, 8), date(2027, 2, 5), date(2027, 3, 5)]  # 1/1–1/3 closed: 4th to 8th
    weekly = {**closing, "preset": "weekly", "weekday": "WE", "business_day": None,
              "shift": "next"}
    # Wednesday 30 December is closed to the authorities: due Monday 4 January.
    assert legal_due_dates(weekly, Profile(), START, 2) == [date(2027, 1, 4), date(2027, 1, 6)]
    no_extension = {"months_after_year_end": 2}
    assert fiscal_months(no_extension, company(3, 1)) == [5]


def test_per_event_deadlines_have_no_calendar_dates():
    assert legal_due_dates(catalogue.get("bonus-payment-report"), Profile(), START) == []
    assert legal_due_dates(catalogue.get("withholding-tax-monthly"), Profile(), START) == [
        date(2027, 1, 12), date(2027, 2, 10), date(2027, 3, 10)]  # 1/10 a Sunday, 1/11 成人の日


def test_month_arithmetic_wraps_the_year():
    assert [month_after(12, n) for n in (1, 2, 12, 13)] == [1, 2, 12, 1]
    assert Profile(fiscal_year_end_month=12).fiscal_year_start_month == 1
    assert Profile(fiscal_year_end_month=3).fiscal_year_start_month == 4


def test_the_statutory_calendar_closes_12_29_to_1_3_and_holidays():
    closed = [date(2027, 12, 29), date(2028, 1, 3), date(2027, 5, 3), date(2027, 3, 22)]
    assert not any(STATUTORY_CALENDAR.is_business_day(day) for day in closed)
    assert STATUTORY_CALENDAR.is_business_day(date(2027, 12, 28))
    assert STATUTORY_CALENDAR.is_business_day(date(2028, 1, 4))


def test_bad_profiles_say_what_is_expected():
    assert problems(Profile(fiscal_year_end_month=13, corporate_tax_extension_months=7,
                            consumption_tax_interim_filings=2, headcount=-1)) == {
        "fiscal_year_end_month": [N_("Enter a month from 1 to 12.")],
        "corporate_tax_extension_months": [N_("The extension is from 0 to %(max)d months.",
                                              max=4)],
        "consumption_tax_interim_filings": [N_("Choose 0, 1, 3 or 11 interim filings a year.")],
        "headcount": [N_("Enter a number of workers from 0 to %(max)d.", max=1_000_000)],
    }
    assert problems(Profile(consumption_tax_extension=True)) == {"consumption_tax_extension": [
        N_("The consumption tax extension needs the corporate tax filing extension.")]}


def test_bad_profiles_name_their_field():
    assert set(problems(Profile(fiscal_year_end_month=13))) == {"fiscal_year_end_month"}
    assert set(problems(Profile(fiscal_year_end_month=0))) == {"fiscal_year_end_month"}
    assert set(problems(Profile(corporate_tax_extension_months=7))) == {
        "corporate_tax_extension_months"}
    assert set(problems(Profile(corporate_tax_extension_months=-1))) == {
        "corporate_tax_extension_months"}
    assert set(problems(Profile(consumption_tax_extension=True))) == {"consumption_tax_extension"}
    assert set(problems(Profile(consumption_tax_interim_filings=2))) == {
        "consumption_tax_interim_filings"}
    assert set(problems(Profile(headcount=-1))) == {"headcount"}
    assert problems(Profile(fiscal_year_end_month=12, corporate_tax_extension_months=4,
                            consumption_tax_extension=True, consumption_tax_interim_filings=11,
                            headcount=0)) == {}
    assert problems(Profile(fiscal_year_end_month=1, headcount=1_000_000)) == {}


def test_conditions_read_flags_and_thresholds():
    profile = Profile(special_withholding=True, headcount=50, consumption_tax_interim_filings=3)
    assert condition_holds("special_withholding", profile)
    assert not condition_holds("not special_withholding", profile)
    assert condition_holds("headcount >= 50", profile)
    assert not condition_holds("headcount > 50", profile)
    assert condition_holds("headcount > 49", profile)
    assert condition_holds("consumption_tax_interim_filings == 3", profile)
    assert not condition_holds("consumption_tax_interim_filings == 1", profile)
    # An unknown headcount shows the duty rather than hiding it.
    assert condition_holds("headcount >= 50", Profile())
    for bad, message in (("headcount >=", "unreadable condition 'headcount >='"),
                         ("nonsense_flag", "unknown profile flag 'nonsense_flag'"),
                         ("shoe_size > 3", "unknown profile number 'shoe_size'"),
                         ("headcount", "unknown profile flag 'headcount'")):
        with pytest.raises(ValueError, match=f"^{message}$"):
            condition_holds(bad, profile)


def test_a_threshold_follows_its_effective_date():
    rules = catalogue.get("disability-employment-report")["applies_when"]
    thirty_eight = Profile(headcount=38)
    assert not applies(rules, thirty_eight, date(2026, 6, 30))  # 2.5 %: 40 workers
    assert applies(rules, thirty_eight, date(2026, 7, 1))  # 2.7 %: 37.5 workers
    assert not applies(rules, Profile(headcount=37), date(2026, 7, 1))
    assert applies(rules, Profile(headcount=40), date(2024, 4, 1))
    assert applies(rules, Profile(headcount=1), date(2020, 1, 1))  # before any: shown
    assert applies(None, Profile(), date(2026, 7, 1))


def test_every_catalogue_condition_is_readable():
    profile = Profile(headcount=10)
    for entry in catalogue.ENTRIES:
        applies(entry["applies_when"], profile, date(2026, 12, 1))  # raises when unreadable


def test_which_duties_apply_follows_the_profile():
    def shown(profile: Profile) -> set[str]:
        return {e["key"] for e in catalogue.ENTRIES
                if applies(e["applies_when"], profile, date(2026, 12, 1))}
    small = shown(Profile(headcount=10))
    assert "withholding-tax-monthly" in small and "withholding-tax-special-jan-jun" not in small
    assert "stress-check" not in small and "disability-employment-levy" not in small
    assert "consumption-tax-interim-semiannual" not in small
    big = shown(Profile(headcount=101, special_withholding=True, special_resident_tax=True,
                        labour_insurance_association=True, consumption_tax_interim_filings=1))
    assert {"withholding-tax-special-jan-jun", "resident-tax-special", "stress-check",
            "health-committee-monthly", "disability-employment-levy",
            "labour-insurance-instalments-association",
            "consumption-tax-interim-semiannual"} <= big
    assert not {"withholding-tax-monthly", "resident-tax-monthly",
                "labour-insurance-instalments", "consumption-tax-interim-quarterly"} & big
    assert "disability-employment-levy" not in shown(Profile(headcount=100))  # more than 100


def test_titles_name_the_companys_year_end():
    assert title_for(FINAL["title"]["ja"], "ja", company(12)).endswith("（12月決算）")
    assert title_for(FINAL["title"]["en"], "en", company(9)).endswith("(September year-end)")
    assert title_for("源泉所得税の納付", "ja", company(12)) == "源泉所得税の納付"
    assert Profile(headcount=3).as_dict()["headcount"] == 3


@pytest.mark.parametrize("name", ["employees", "payroll_runs_per_month",
                                  "journal_entries_per_month", "invoices_per_month",
                                  "expense_reports_per_month"])
def test_the_volumes_the_price_book_scales_with_run_from_0_to_a_million(name):
    assert problems(Profile(**{name: 0})) == problems(Profile(**{name: 1_000_000})) == {}
    refusal = {name: [N_("Enter a number from 0 to %(max)d.", max=1_000_000)]}
    assert problems(Profile(**{name: -1})) == problems(Profile(**{name: 1_000_001})) == refusal
