"""Outsourcing prices from the price book, estimates as ranges and the
figures that would change a decision, with hand-computed numbers."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.costing.domain import CostProfile, axis_top, estimate, realised_saving
from planner.costing.domain.pricing import (
    AutomationRates,
    PriceItem,
    annual_fee,
    unit_price_at,
    units_a_year,
)
from planner.costing.domain.ranged import (
    DEPENDS,
    LOSES,
    ROBUST,
    Band,
    Prices,
    break_even_annual_fee,
    break_even_build_cost,
    estimate_range,
    present_value,
    verdict,
)
from planner.costing.domain.ranges import ZERO_SPAN, Span

D = Decimal
PAYROLL = PriceItem("payroll", "employees", "month", Span(D(500), D(1000), D(1500)),
                    base=Span(D(10_000), D(30_000), D(50_000)),
                    setup=Span(D(0), D(50_000), D(100_000)))


def test_payroll_for_120_employees_by_hand():
    # 120 employees × 12 months × (¥500, ¥1,000, ¥1,500) + 12 × (¥10,000, ¥30,000, ¥50,000)
    assert annual_fee(PAYROLL, D(120), D(12)) == Span(D(840_000), D(1_800_000), D(2_760_000))


def test_a_yearly_price_per_employee_and_its_yearly_base():
    year_end = PriceItem("year_end_adjustment", "employees", "year",
                         Span(D(2_000), D(3_000), D(5_000)), base=Span.exactly(20_000))
    # 120 × ¥3,000 + one base of ¥20,000 a year
    assert annual_fee(year_end, D(120), D(1)).typical == 380_000


def test_per_case_prices_follow_the_cases_not_the_company():
    case = PriceItem("procedures", "cases", "case", Span(D(3_000), D(5_000), D(8_000)))
    assert annual_fee(case, None, D(30)) == Span(D(90_000), D(150_000), D(240_000))


def test_a_fixed_yearly_price_is_charged_once():
    accounts = PriceItem("accounts", "fixed", "year", Span(D(150_000), D(250_000), D(400_000)))
    assert annual_fee(accounts, None, D(1)) == Span(D(150_000), D(250_000), D(400_000))
    monthly = PriceItem("retainer", "fixed", "month", Span.exactly(20_000))
    assert annual_fee(monthly, None, D(4)).typical == 240_000


def test_an_unknown_quantity_gives_no_price_rather_than_zero():
    assert units_a_year(PAYROLL, None, D(12)) is None
    assert annual_fee(PAYROLL, None, D(12)) is None
    assert unit_price_at(D(1_000_000), PAYROLL, None, D(12)) is None


def test_the_break_even_unit_price_inverts_the_annual_fee():
    # (¥1,800,000 − 12 × ¥30,000) ÷ (120 × 12) = ¥1,000
    assert unit_price_at(D(1_800_000), PAYROLL, D(120), D(12)) == 1_000
    assert unit_price_at(D(100), PriceItem("x", "cases", "case", Span.exactly(1)), None,
                         D(0)) is None


def test_items_and_rates_refuse_what_cannot_be():
    with pytest.raises(ValueError):
        PriceItem("x", "lorries", "month", Span.exactly(1))
    with pytest.raises(ValueError):
        PriceItem("x", "fixed", "week", Span.exactly(1))
    with pytest.raises(ValueError):
        Span(D(2), D(1), D(3))
    with pytest.raises(ValueError):
        AutomationRates(Span.exactly(1), Span.exactly(1), 0, D("0.1"))
    with pytest.raises(ValueError):
        AutomationRates(Span.exactly(1), Span.exactly(1), 1, D("1.1"))
    assert AutomationRates(Span.exactly(1), Span.exactly(1), 1, D(1)).maintenance_share == 1


def test_span_arithmetic():
    span = Span(D(1), D(2), D(3))
    assert span + span == Span(D(2), D(4), D(6))
    assert span * 2 == 2 * span == Span(D(2), D(4), D(6))
    assert span.map(lambda v: v + 1) == Span(D(2), D(3), D(4))
    assert ZERO_SPAN == Span.exactly(0)


PROFILE = CostProfile(hourly_cost=D(3000), outsourcing_oversight_minutes=D(30))


def test_outsourcing_payroll_as_a_range_by_hand():
    # 12 runs a year of 50 h (±20 %: 40 h, 60 h) at ¥3,000: in-house ¥1,440,000–¥2,160,000.
    # Oversight 12 × 0.5 h × ¥3,000 = ¥18,000 a year stays in-house.
    prices = Prices(ZERO_SPAN, ZERO_SPAN, annual_fee(PAYROLL, D(120), D(12)),
                    PAYROLL.setup)
    result = estimate_range(12, Span(D(2400), D(3000), D(3600)), PROFILE, prices)
    option = result.outsourcing
    assert result.typical.in_house_annual_cost == 1_800_000
    # typical: 1,800,000 − (1,800,000 + 18,000); low: 1,440,000 − 2,778,000; high: 2,160,000 − 858,000
    assert option.annual_saving == Band(-1_338_000, -18_000, 1_302_000)
    assert option.annual_cost == Band(858_000, 1_818_000, 2_778_000)
    assert option.one_off_cost == Band(0, 50_000, 100_000)
    assert option.verdict == LOSES
    # The fees may reach 1,800,000 − 18,000 = ¥1,782,000 a year before outsourcing stops
    # saving: (1,782,000 − 360,000) ÷ 1,440 = ¥987.5 per employee a month.
    assert break_even_annual_fee(result.typical, PROFILE) == 1_782_000
    assert unit_price_at(D(1_782_000), PAYROLL, D(120), D(12)) == D("987.5")


def test_automation_as_a_range_and_its_break_even_build_cost():
    profile = CostProfile(hourly_cost=D(3000), automation_residual_share=D("0.25"))
    prices = Prices(Span(D(100_000), D(150_000), D(225_000)), Span(D(10_000), D(12_000),
                                                                  D(20_000)),
                    ZERO_SPAN, ZERO_SPAN)
    result = estimate_range(12, Span(D(96), D(120), D(144)), profile, prices)
    # typical: 12 × 2 h × 3,000 × 0.75 − 12,000 = 42,000; low: 12 × 1.6 h × 2,250 − 20,000
    # = 23,200; high: 12 × 2.4 h × 2,250 − 10,000 = 54,800
    assert result.automation.annual_saving == Band(23_200, 42_000, 54_800)
    assert result.automation.one_off_cost == Band(100_000, 150_000, 225_000)
    assert result.automation.verdict == ROBUST
    assert result.outsourcing is None
    # 42,000 × (1/1.03 + 1/1.03² + 1/1.03³) = 118,801.7
    assert break_even_build_cost(result.typical, profile) == 118_802
    assert result.automation.npv.typical == 118_802 - 150_000


def test_explicit_figures_give_exactly_the_plain_estimate():
    profile = CostProfile(hourly_cost=D(3000), automation_build_cost=D(100_000),
                          automation_annual_cost=D(12_000),
                          automation_residual_share=D("0.25"),
                          outsourcing_fee_per_occurrence=D(2_000))
    exact = Prices(Span.exactly(100_000), Span.exactly(12_000), ZERO_SPAN, ZERO_SPAN)
    result = estimate_range(12, Span.exactly(120), profile, exact)
    plain = estimate(12, 120, profile)
    assert result.typical == plain
    assert result.automation.npv == Band(plain.automation.npv, plain.automation.npv,
                                         plain.automation.npv)
    assert result.outsourcing.annual_saving.typical == plain.outsourcing.annual_saving


def test_break_evens_are_none_when_nothing_is_saved():
    result = estimate(12, 0, PROFILE)
    assert break_even_build_cost(result, PROFILE) is None
    assert break_even_annual_fee(result, PROFILE) is None  # no outsourcing offer
    offer = CostProfile(hourly_cost=D(3000), outsourcing_monthly_fee=D(1),
                        outsourcing_oversight_minutes=D(60))
    # One hour of oversight for a one-hour task: no fee is low enough.
    assert break_even_annual_fee(estimate(12, 60, offer), offer) is None


def test_verdicts():
    assert verdict(Band(1, 2, 3)) == ROBUST
    assert verdict(Band(0, 2, 3)) == DEPENDS
    assert verdict(Band(-5, 0, 3)) == LOSES
    assert present_value(D(0), 3, D("0.03")) == 0


amounts = st.integers(0, 5_000_000).map(Decimal)


@st.composite
def spans(draw, top: int = 5_000_000) -> Span:  # noqa: ANN001
    values = sorted(draw(st.lists(st.integers(0, top), min_size=3, max_size=3)))
    return Span(*map(Decimal, values))


@given(employees=st.integers(0, 5_000), more=st.integers(1, 500), price=spans(20_000))
def test_more_employees_never_lower_a_per_employee_fee(employees, more, price):
    item = PriceItem("payroll", "employees", "month", price, base=Span.exactly(10_000))
    fewer = annual_fee(item, D(employees), D(12))
    larger = annual_fee(item, D(employees + more), D(12))
    for end in ("low", "typical", "high"):
        assert getattr(larger, end) >= getattr(fewer, end)


@given(n=st.integers(0, 260), effort=spans(600), hourly=st.integers(0, 20_000),
       residual=st.integers(0, 100), build=spans(), running=spans(), fee=spans(),
       transition=spans(), oversight=st.integers(0, 120))
def test_low_typical_high_are_ordered_everywhere(n, effort, hourly, residual, build, running,
                                                fee, transition, oversight):
    profile = CostProfile(hourly_cost=D(hourly), automation_residual_share=D(residual) / 100,
                          outsourcing_oversight_minutes=D(oversight))
    result = estimate_range(n, effort, profile, Prices(build, running, fee, transition))
    options = [result.automation] + ([result.outsourcing] if result.outsourcing else [])
    for option in options:
        for band in (option.one_off_cost, option.annual_cost, option.annual_saving, option.npv):
            assert band.low <= band.typical <= band.high


def test_the_realised_saving_comes_from_measured_effort_by_hand():
    # 12 × (180 − 30) min = 30 h × ¥3,000 = ¥90,000, less ¥20,000 running: ¥70,000
    assert realised_saving(12, 180, 30, D(3000), D(20_000)) == 70_000
    # Work that took longer afterwards saved less than nothing.
    assert realised_saving(12, 60, 90, D(3000), D(0)) == -18_000


@pytest.mark.parametrize(("largest", "top"), [
    (0, 0), (-5, 0), (1, 1), (7, 10), (10, 10), (11, 20), (180_000, 200_000),
    (200_001, 500_000), (420_000, 500_000), (500_000, 500_000), (510_000, 1_000_000)])
def test_the_saving_axis_ends_on_a_round_amount(largest, top):
    assert axis_top(largest) == top
