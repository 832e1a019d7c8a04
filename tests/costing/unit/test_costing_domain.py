"""Costing with hand-computed numbers."""
from __future__ import annotations

from decimal import Decimal

import pytest

from planner.costing.domain import (
    AUTOMATE,
    CROSS_TRAIN,
    KEEP,
    OUTSOURCE,
    SUITABILITY_CRITERIA,
    CostProfile,
    Estimate,
    Option,
    Suggestion,
    Thresholds,
    estimate,
    npv,
    sensitivity,
    suggest,
    suitability,
    yen,
)

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

    from planner.costing.domain import Thresholds, fiscal_year, suggest

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


# --- Boundaries and the fields a manager reads --------------------------------

OUTSOURCING = CostProfile(hourly_cost=Decimal(4000), outsourcing_fee_per_occurrence=Decimal(5000),
                          outsourcing_monthly_fee=Decimal(2000),
                          outsourcing_transition_cost=Decimal(50_000),
                          outsourcing_oversight_minutes=Decimal(15))


def _estimate_with(automation: Option, outsourcing: Option | None = None) -> Estimate:
    # Suggestions only read the options: building them directly puts a saving
    # or a payback exactly on a threshold, which no round input would.
    return Estimate(12, 200_000, automation, outsourcing)


def _option(saving: int, payback: float | None, npv_: int = 5_000) -> Option:
    return Option(one_off_cost=0, annual_cost=0, annual_saving=saving, payback_months=payback,
                  npv=npv_, hours_freed=0.0)


def test_the_estimate_keeps_its_volume_and_the_build_cost():
    result = estimate(12, 120, MONTHLY_AUTOMATION)
    assert result.occurrences_per_year == 12
    assert result.automation.one_off_cost == 100_000


def test_payback_months_round_half_up():
    # ¥12,250 build cost against ¥12,000 a year saved: exactly 12.25 months,
    # shown as 12.3 (banker's rounding would show 12.2).
    profile = CostProfile(hourly_cost=Decimal(1000), automation_residual_share=Decimal(0),
                          automation_build_cost=Decimal(12_250))
    assert estimate(12, 60, profile).automation.payback_months == 12.3


def test_hours_freed_round_half_up():
    # 12 runs of 15 minutes, 35 % of it automated: exactly 1.05 hours, shown as 1.1.
    profile = CostProfile(hourly_cost=Decimal(3000), automation_residual_share=Decimal("0.65"))
    assert estimate(12, 15, profile).automation.hours_freed == 1.1


def test_the_smallest_positive_saving_still_has_a_payback():
    # In-house ¥12,000 a year, automation ¥11,999: one yen saved a year.
    profile = CostProfile(hourly_cost=Decimal(1000), automation_residual_share=Decimal(0),
                          automation_annual_cost=Decimal(11_999),
                          automation_build_cost=Decimal(1))
    option = estimate(12, 60, profile).automation
    assert option.annual_saving == 1 and option.payback_months == 12.0


def test_sensitivity_of_the_outsourcing_fees_by_hand():
    # Fees −20 %: 48,000 + 19,200 + oversight 12,000 = 79,200, saving 64,800;
    # fees +20 %: 72,000 + 28,800 + 12,000 = 112,800, saving 31,200;
    # NPV = −50,000 + saving × 2.828611 (three years at 3 %).
    table = sensitivity(12, 180, OUTSOURCING)
    assert table["fees"]["-"][1] == 133_294
    assert table["fees"]["+"][1] == 38_253
    assert table["effort"]["+"][1] > estimate(12, 180, OUTSOURCING).outsourcing.npv


def test_suitability_labels_start_at_70_and_40():
    def rated(total: int) -> dict[str, int]:
        # Five ratings adding up to `total`: the score is (total − 5) × 5.
        ratings = [1] * 5
        for i in range(total - 5):
            ratings[i % 5] += 1
        return dict(zip(SUITABILITY_CRITERIA, ratings, strict=True))

    assert suitability(rated(19)) == (70, "high")
    assert suitability(rated(18)) == (65, "medium")
    assert suitability(rated(13)) == (40, "medium")
    assert suitability(rated(12)) == (35, "low")


def test_an_out_of_range_rating_says_which_range_is_allowed():
    with pytest.raises(ValueError, match="^ratings go from 1 to 5$"):
        suitability(dict.fromkeys(SUITABILITY_CRITERIA, 0))


def test_a_saving_exactly_at_the_threshold_is_worth_proposing():
    thresholds = Thresholds(min_annual_saving=10_000, max_payback_months=36.0)
    assert suggest(_estimate_with(_option(10_000, 12.0)), 80, False, thresholds).kind == AUTOMATE
    assert suggest(_estimate_with(_option(9_999, 12.0)), 80, False, thresholds).kind == KEEP


def test_a_payback_exactly_at_the_limit_is_worth_proposing():
    thresholds = Thresholds(min_annual_saving=10_000, max_payback_months=36.0)
    assert suggest(_estimate_with(_option(20_000, 36.0)), 80, False, thresholds).kind == AUTOMATE
    assert suggest(_estimate_with(_option(20_000, 36.1)), 80, False, thresholds).kind == KEEP


def test_automation_needs_the_minimum_suitability_and_no_more():
    good = _estimate_with(_option(20_000, 12.0))
    assert suggest(good, 60, False, Thresholds(min_suitability=60)).kind == AUTOMATE
    assert suggest(good, 59, False, Thresholds(min_suitability=60)).kind == KEEP


def test_each_suggestion_carries_the_figures_of_its_option():
    automation, outsourcing = _option(20_000, 12.0, npv_=7_000), _option(30_000, 6.0, npv_=9_000)
    both = _estimate_with(automation, outsourcing)
    assert suggest(both, 80, False) == Suggestion(AUTOMATE, 20_000, 7_000, 12.0, 80)
    # An unsuitable process falls through to outsourcing; its score is still shown.
    assert suggest(both, 30, False) == Suggestion(OUTSOURCE, 30_000, 9_000, 6.0, 30)


def test_cross_training_and_keeping_promise_no_money():
    nothing = _estimate_with(_option(0, None, npv_=0))
    assert suggest(nothing, 50, True) == Suggestion(CROSS_TRAIN, 0, 0, None, 50)
    assert suggest(nothing, 50, False) == Suggestion(KEEP, 0, 0, None, 50)
