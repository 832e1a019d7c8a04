"""The costing domain's edges: each refusal's words, rounding at exactly a half,
and the price units of every driver and period."""
from __future__ import annotations

from decimal import Decimal

import pytest

from planner.core.errors import N_
from planner.costing.domain.assessment import (
    Answers,
    automation_potential,
    ease_of_implementation,
    problems,
)
from planner.costing.domain.pricing import AutomationRates, PriceItem, unit_price_at, units_a_year
from planner.costing.domain.ranges import Span

D = Decimal


def answers(**changes) -> Answers:  # noqa: ANN003
    values = {"input_source": "system", "rule_based_share": D(1), "exceptions_per_100": 0,
              "systems": 1, "changes_per_year": 0, "records_per_occurrence": 1, "steps": 1}
    return Answers(**{**values, **changes})


def test_every_refused_answer_says_what_to_enter():
    assert problems(answers(input_source="fax", rule_based_share=D("1.5"),
                            exceptions_per_100=101, systems=0, changes_per_year=53,
                            records_per_occurrence=0, steps=501)) == {
        "input_source": [N_("Choose where the input comes from.")],
        "rule_based_share": [N_("Enter a share between 0 and 1.")],
        "exceptions_per_100": [N_("Enter a whole number from %(min)d to %(max)d.",
                                  min=0, max=100)],
        "systems": [N_("Enter a whole number from %(min)d to %(max)d.", min=1, max=50)],
        "changes_per_year": [N_("Enter a whole number from %(min)d to %(max)d.",
                                min=0, max=52)],
        "records_per_occurrence": [N_("Enter a whole number from %(min)d to %(max)d.",
                                      min=1, max=1_000_000)],
        "steps": [N_("Enter a whole number from %(min)d to %(max)d.", min=1, max=500)],
    }


def test_half_the_cases_being_exceptions_halves_the_potential():
    assert automation_potential(answers(exceptions_per_100=50)) == D("0.50")


def test_ease_rounds_a_half_up():
    # 12 steps on one system's data: 3 + 0.5 × 12 = 9 build days; 1,000 ÷ (7 + 9) = 62.5
    assert ease_of_implementation(answers(steps=12)) == 63


def test_refusals_name_what_is_wrong():
    with pytest.raises(ValueError, match="unknown driver 'lorries'"):
        PriceItem("x", "lorries", "month", Span.exactly(1))
    with pytest.raises(ValueError, match="unknown period 'week'"):
        PriceItem("x", "fixed", "week", Span.exactly(1))
    with pytest.raises(ValueError, match="^a licence carries at least one automation$"):
        AutomationRates(Span.exactly(1), Span.exactly(1), 0, D("0.1"))
    with pytest.raises(ValueError, match="^the maintenance share is between 0 and 1$"):
        AutomationRates(Span.exactly(1), Span.exactly(1), 1, D("-0.1"))
    with pytest.raises(ValueError, match=r"^a range must be ordered: 2, 1, 3$"):
        Span(D(2), D(1), D(3))


@pytest.mark.parametrize(("driver", "period", "units"), [
    ("cases", "month", D(30)),       # a per-case driver counts the cases whatever the period
    ("employees", "case", D(30)),    # a per-case price counts the cases whatever the driver
    ("employees", "month", D(1440)),
    ("employees", "year", D(120)),
    ("fixed", "month", D(12)),
    ("fixed", "year", D(1)),
])
def test_units_a_year_of_each_driver_and_period(driver, period, units):
    assert units_a_year(PriceItem("x", driver, period, Span.exactly(1)), D(120), D(30)) == units


def test_the_break_even_unit_price_without_a_base_and_per_case():
    # ¥90,000 a year over 30 cases, no base fee: ¥3,000 a case
    per_case = PriceItem("x", "cases", "case", Span.exactly(1))
    assert unit_price_at(D(90_000), per_case, None, D(30)) == 3_000
    # a yearly base is charged once: (¥380,000 − ¥20,000) ÷ 120 employees = ¥3,000
    yearly = PriceItem("x", "employees", "year", Span.exactly(1), base=Span.exactly(20_000))
    assert unit_price_at(D(380_000), yearly, D(120), D(1)) == 3_000
