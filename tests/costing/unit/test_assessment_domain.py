"""The automation assessment with hand-computed numbers, and the properties
that keep the formulas honest whatever the answers."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.costing.domain.assessment import (
    INPUT_SOURCES,
    Answers,
    assess,
    automation_potential,
    build_cost,
    build_days,
    count_numbered_steps,
    ease_of_implementation,
    problems,
    running_cost,
)
from planner.costing.domain.pricing import AutomationRates
from planner.costing.domain.ranges import Span

RATES = AutomationRates(
    day_rate=Span(Decimal(40_000), Decimal(60_000), Decimal(80_000)),
    licence_per_year=Span(Decimal(0), Decimal(600_000), Decimal(1_000_000)),
    automations_per_licence=5, maintenance_share=Decimal("0.15"))

# A payroll clerk's monthly attendance roll-up from a spreadsheet into the payroll system.
PAYROLL = Answers(input_source="spreadsheet", rule_based_share=Decimal("0.8"),
                  exceptions_per_100=5, systems=2, changes_per_year=2,
                  records_per_occurrence=100, steps=10)
SMALLEST = Answers(input_source="system", rule_based_share=Decimal(1), exceptions_per_100=0,
                   systems=1, changes_per_year=0, records_per_occurrence=1, steps=1)


def test_payroll_example_by_hand():
    # potential 0.8 × 0.9 × (1 − 5/100) = 0.684 → 0.68
    assert automation_potential(PAYROLL) == Decimal("0.68")
    # days 3 + 0.5 × 10 + 2 × (2 − 1) + 1 (spreadsheet) + 0.2 × 5 = 12
    assert build_days(PAYROLL) == 12
    # ease 100 × 10 / 19 × (1 − 2/24) = 52.63 × 0.9167 = 48.2 → 48
    assert ease_of_implementation(PAYROLL) == 48
    # build 12 × (0.67 × 40,000; 60,000; 1.5 × 80,000)
    assert build_cost(PAYROLL, RATES) == Span(Decimal(321_600), Decimal(720_000),
                                              Decimal(1_440_000))
    # running: licence ÷ 5 (0; 120,000; 200,000) + 0.15 × build (48,240; 108,000; 216,000)
    # + 2 changes × a day (80,000; 120,000; 160,000)
    assert running_cost(PAYROLL, RATES) == Span(Decimal(128_240), Decimal(348_000),
                                                Decimal(576_000))


def test_paper_with_exceptions_and_a_monthly_change_by_hand():
    answers = Answers(input_source="paper", rule_based_share=Decimal("0.5"),
                      exceptions_per_100=20, systems=1, changes_per_year=12,
                      records_per_occurrence=30, steps=4)
    # 0.5 × 0.3 × 0.8 = 0.12
    assert automation_potential(answers) == Decimal("0.12")
    # 3 + 2 + 0 + 5 (paper) + 4 = 14
    assert build_days(answers) == 14
    # 100 × 10/21 × (1 − 12/24) = 23.8 → 24
    assert ease_of_implementation(answers) == 24


def test_the_smallest_automation():
    result = assess(SMALLEST, RATES)
    # all digital, all by rule, no exception: UiPath's "100% automatable"
    assert result.potential == Decimal("1.00")
    # 3 + 0.5 = 3.5 days; 100 × 10 / 10.5 = 95.2 → 95
    assert result.build_days == Decimal("3.5") and result.ease == 95
    assert result.build_cost.typical == Decimal(210_000)


def test_potential_rounds_half_up():
    # 0.25 × 1.0 × 0.9 = 0.225: half up 0.23 (half to even would say 0.22)
    answers = replace(SMALLEST, rule_based_share=Decimal("0.25"), exceptions_per_100=10)
    assert automation_potential(answers) == Decimal("0.23")


def test_changes_beyond_one_a_month_cost_no_more_ease():
    assert ease_of_implementation(replace(SMALLEST, changes_per_year=12)) == \
        ease_of_implementation(replace(SMALLEST, changes_per_year=52)) == 48  # 95.2 × 0.5


def test_problems_name_each_field():
    bad = Answers(input_source="fax", rule_based_share=Decimal("1.5"), exceptions_per_100=101,
                  systems=0, changes_per_year=53, records_per_occurrence=0, steps=501)
    assert set(problems(bad)) == {"input_source", "rule_based_share", "exceptions_per_100",
                                  "systems", "changes_per_year", "records_per_occurrence",
                                  "steps"}
    assert problems(PAYROLL) == {}
    edges = Answers(input_source="paper", rule_based_share=Decimal(0), exceptions_per_100=100,
                    systems=50, changes_per_year=52, records_per_occurrence=1_000_000, steps=500)
    assert problems(edges) == {}
    assert problems(SMALLEST) == {}  # the lower edges
    below = replace(SMALLEST, rule_based_share=Decimal("-0.001"), exceptions_per_100=-1,
                    changes_per_year=-1, steps=0)
    assert set(problems(below)) == {"rule_based_share", "exceptions_per_100",
                                    "changes_per_year", "steps"}


@pytest.mark.parametrize(("text", "steps"), [
    ("", 0),
    ("勤怠データを確認して給与を計算する。", 0),
    ("1. 勤怠を締める\n2. 集計する\n3. 承認を得る", 3),
    ("1) a\n2) b", 2),
    ("（１）a\n（２）b\n(3) c", 3),
    ("①勤怠\n②集計\n③承認\n⑳最後", 4),
    ("１．勤怠\n２．集計", 2),
    ("Step 1: export\nSTEP2 import\nステップ3 確認", 3),
    ("手順1 勤怠\n手順 2 集計", 2),
    ("## 手順\n- 1. 勤怠\n- 2. 集計\n  3. 承認", 3),
    # Not steps: a decimal, a time, a date, a day of the month.
    ("1.5 時間かかる\n12:00 に送信\n2026/12/10 納付\n10日までに納付", 0),
    # The same line twice is one step.
    ("1. 勤怠を締める\n1. 勤怠を締める", 1),
])
def test_numbered_steps(text, steps):
    assert count_numbered_steps(text) == steps


# --- Properties --------------------------------------------------------------------------------

shares = st.decimals(min_value=0, max_value=1, places=3)
answers = st.builds(
    Answers, input_source=st.sampled_from(INPUT_SOURCES), rule_based_share=shares,
    exceptions_per_100=st.integers(0, 100), systems=st.integers(1, 50),
    changes_per_year=st.integers(0, 52), records_per_occurrence=st.integers(1, 1_000_000),
    steps=st.integers(1, 500))


@st.composite
def spans(draw, maximum: int) -> Span:  # noqa: ANN001
    ends = sorted(draw(st.lists(st.integers(0, maximum), min_size=3, max_size=3)))
    return Span(*(Decimal(v) for v in ends))


rates = st.builds(AutomationRates, day_rate=spans(500_000), licence_per_year=spans(10_000_000),
                  automations_per_licence=st.integers(1, 50),
                  maintenance_share=st.decimals(min_value=0, max_value=1, places=2))


@given(answers, shares, shares)
def test_more_rule_based_work_never_lowers_the_potential(a, one, other):
    low, high = sorted((one, other))
    assert automation_potential(replace(a, rule_based_share=low)) <= \
        automation_potential(replace(a, rule_based_share=high))


@given(answers, st.integers(0, 100), st.integers(0, 100))
def test_more_exceptions_never_raise_the_potential(a, one, other):
    few, many = sorted((one, other))
    assert automation_potential(replace(a, exceptions_per_100=few)) >= \
        automation_potential(replace(a, exceptions_per_100=many))


@given(answers)
def test_potential_is_a_share(a):
    assert 0 <= automation_potential(a) <= 1


@given(answers, rates, st.integers(1, 500), st.integers(1, 50))
def test_more_steps_or_systems_never_lower_the_build_cost(a, r, steps, systems):
    before = build_cost(a, r)
    for more in (replace(a, steps=max(a.steps, steps)), replace(a, systems=max(a.systems, systems))):
        after = build_cost(more, r)
        assert before.low <= after.low and before.typical <= after.typical \
            and before.high <= after.high


@given(answers, rates)
def test_every_range_is_ordered(a, r):
    result = assess(a, r)
    for span in (result.build_cost, result.running_cost):
        assert 0 <= span.low <= span.typical <= span.high


@given(answers, st.integers(1, 500), st.integers(1, 50), st.integers(0, 52))
def test_ease_is_a_score_that_complexity_and_change_only_lower(a, steps, systems, changes):
    ease = ease_of_implementation(a)
    assert 0 <= ease <= 100
    assert ease_of_implementation(replace(a, steps=max(a.steps, steps))) <= ease
    assert ease_of_implementation(replace(a, systems=max(a.systems, systems))) <= ease
    assert ease_of_implementation(replace(a, changes_per_year=max(a.changes_per_year,
                                                                  changes))) <= ease
