"""Costing with hand-computed numbers."""
from decimal import Decimal

import pytest

from planner.domain.costing import CostProfile, estimate, npv, sensitivity, suitability, yen

MONTHLY_AUTOMATION = CostProfile(
    hourly_cost=Decimal(3000), automation_build_cost=Decimal(100_000),
    automation_annual_cost=Decimal(12_000), automation_residual_share=Decimal("0.25"))


def test_the_issue_example_by_hand():
    # 12 × 2 h × ¥3,000 = ¥72,000 in-house; automation 12 × 2 × 0.25 × 3,000 + 12,000.
    result = estimate(12, 120, MONTHLY_AUTOMATION)
    assert result.in_house_annual_cost == 72_000
    option = result.automation
    assert option.annual_cost == 30_000
    assert option.annual_saving == 42_000
    assert option.payback_months == 28.6  # 100,000 ÷ 3,500
    # −100,000 + 42,000 × (1/1.03 + 1/1.03² + 1/1.03³) = 18,801.7
    assert option.npv == 18_802
    assert option.hours_freed == 18.0
    assert result.outsourcing is None


def test_rework_raises_the_in_house_cost():
    profile = CostProfile(hourly_cost=Decimal(3000), rework_rate=Decimal("0.1"))
    assert estimate(12, 120, profile).in_house_annual_cost == 79_200


def test_outsourcing():
    profile = CostProfile(hourly_cost=Decimal(4000), outsourcing_fee_per_occurrence=Decimal(5000),
                          outsourcing_monthly_fee=Decimal(2000),
                          outsourcing_transition_cost=Decimal(50_000),
                          outsourcing_oversight_minutes=Decimal(15))
    option = estimate(12, 180, profile).outsourcing
    # in-house 12 × 3 × 4,000 = 144,000; option 60,000 + 24,000 + 12 × 0.25 × 4,000 = 96,000
    assert option.annual_cost == 96_000 and option.annual_saving == 48_000
    assert option.payback_months == 12.5
    assert option.hours_freed == 33.0


def test_no_payback_without_a_saving():
    profile = CostProfile(hourly_cost=Decimal(1000), automation_build_cost=Decimal(500_000),
                          automation_annual_cost=Decimal(100_000),
                          automation_residual_share=Decimal("0.5"))
    option = estimate(1, 60, profile).automation
    assert option.annual_saving < 0 and option.payback_months is None and option.npv < 0


def test_rounding_half_up_only_at_the_end():
    assert yen(Decimal("0.5")) == 1 and yen(Decimal("1.4999")) == 1
    assert yen(npv(Decimal(0), Decimal(1), 1, Decimal(0))) == 1


def test_sensitivity_moves_npv_the_right_way():
    table = sensitivity(12, 120, MONTHLY_AUTOMATION)
    assert table["effort"]["-"][0] < estimate(12, 120, MONTHLY_AUTOMATION).automation.npv
    assert table["effort"]["+"][0] > table["effort"]["-"][0]
    assert table["hourly_cost"]["+"][0] > table["hourly_cost"]["-"][0]
    assert table["fees"]["+"][0] < table["fees"]["-"][0]
    assert table["fees"]["+"][1] is None


def test_suitability_score_and_label():
    assert suitability(dict.fromkeys(("rule_based", "digital_input", "stable_process",
                                      "low_exceptions", "volume"), 5)) == (100, "high")
    assert suitability(dict.fromkeys(("rule_based", "digital_input", "stable_process",
                                      "low_exceptions", "volume"), 1)) == (0, "low")
    assert suitability({"rule_based": 5, "digital_input": 4, "stable_process": 4,
                        "low_exceptions": 3, "volume": 4})[0] == 75
    with pytest.raises(ValueError):
        suitability({"rule_based": 6, "digital_input": 4, "stable_process": 4,
                     "low_exceptions": 3, "volume": 4})


def test_suggestions_follow_the_money_then_the_risk():
    from datetime import date

    from planner.domain.costing import Thresholds, fiscal_year, suggest

    good = estimate(12, 120, MONTHLY_AUTOMATION)
    assert suggest(good, 78, False).kind == "automate"
    assert suggest(good, 40, True).kind == "cross_train"  # unsuitable process
    assert suggest(good, 78, False, Thresholds(max_payback_months=24)).kind == "keep"
    outsourced = estimate(12, 180, CostProfile(
        hourly_cost=Decimal(4000), outsourcing_fee_per_occurrence=Decimal(5000),
        outsourcing_monthly_fee=Decimal(2000), outsourcing_transition_cost=Decimal(50_000),
        outsourcing_oversight_minutes=Decimal(15)))
    suggestion = suggest(outsourced, None, True)
    assert (suggestion.kind, suggestion.annual_saving, suggestion.payback_months) == (
        "outsource", 48_000, 12.5)
    assert fiscal_year(date(2027, 3, 15)) == 2026 and fiscal_year(date(2027, 4, 1)) == 2027
