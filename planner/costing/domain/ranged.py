"""Estimates as ranges, how robust a decision is and what would change it.

Every input comes as low / typical / high (planner/costing/domain/ranges.py).
An option's figures at the three ends are the plain estimate
(planner/costing/domain/__init__.py) computed three times:

- low: what makes the change look worst — the effort at its low end (less
  in-house cost to save) and every price of the option at its high end;
- typical: every input at its typical value (the figure decisions are made on);
- high: the effort at its high end and every price at its low end.

A saving grows with the effort (automation's residual share is at most 1, and
outsourcing's cost does not depend on it) and shrinks with each price, so
low ≤ typical ≤ high holds for the annual saving and the NPV; a cost's range is
the lowest and highest it takes at the three ends.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from planner.costing.domain import ONE, CostProfile, Estimate, Option, estimate, yen
from planner.costing.domain.ranges import Span

ROBUST, DEPENDS, LOSES = "robust", "depends", "loses"


@dataclass(frozen=True)
class Prices:
    """The option prices of an estimate, each a range."""

    automation_build_cost: Span
    automation_annual_cost: Span
    outsourcing_annual_fee: Span
    outsourcing_transition_cost: Span


@dataclass(frozen=True)
class Band:
    """One figure of an option at the three ends, in whole yen."""

    low: int
    typical: int
    high: int


@dataclass(frozen=True)
class OptionRange:
    one_off_cost: Band
    annual_cost: Band
    annual_saving: Band
    npv: Band
    verdict: str                        # robust | depends | loses: see `verdict`


@dataclass(frozen=True)
class RangedEstimate:
    typical: Estimate
    automation: OptionRange
    outsourcing: OptionRange | None


def _at(profile: CostProfile, prices: Prices, end: str) -> CostProfile:
    def pick(span: Span) -> Decimal:
        return getattr(span, end)

    return replace(
        profile,
        automation_build_cost=pick(prices.automation_build_cost),
        automation_annual_cost=pick(prices.automation_annual_cost),
        outsourcing_annual_fee=pick(prices.outsourcing_annual_fee),
        outsourcing_transition_cost=pick(prices.outsourcing_transition_cost))


def verdict(saving: Band) -> str:
    """robust: saves money even at the low end (high prices, low effort);
    depends: saves at the typical values only; loses: not even then."""
    if saving.low > 0:
        return ROBUST
    return DEPENDS if saving.typical > 0 else LOSES


def _band(worst: Option, typical: Option, best: Option, name: str) -> Band:
    return Band(getattr(worst, name), getattr(typical, name), getattr(best, name))


def _spread(worst: Option, typical: Option, best: Option, name: str) -> Band:
    """A cost's lowest and highest of the three ends around its typical value:
    an automation's running cost holds the residual in-house work, which grows
    with the effort while its prices fall, so neither end is known beforehand."""
    values = (getattr(worst, name), getattr(best, name))
    middle = getattr(typical, name)
    return Band(min(*values, middle), middle, max(*values, middle))


def _option_range(worst: Option, typical: Option, best: Option) -> OptionRange:
    saving = _band(worst, typical, best, "annual_saving")
    return OptionRange(
        one_off_cost=_spread(worst, typical, best, "one_off_cost"),
        annual_cost=_spread(worst, typical, best, "annual_cost"),
        annual_saving=saving,
        npv=_band(worst, typical, best, "npv"),
        verdict=verdict(saving))


def estimate_range(occurrences_per_year: int, effort_minutes: Span, profile: CostProfile,
                   prices: Prices) -> RangedEstimate:
    """The estimate at its three ends (see the module's docstring). Effort is
    in minutes, rounded to whole minutes at each end like a registered effort."""
    def minutes(value: Decimal) -> int:
        return yen(value)  # half up to a whole number, as yen are

    worst = estimate(occurrences_per_year, minutes(effort_minutes.low), _at(profile, prices, "high"))
    typical = estimate(occurrences_per_year, minutes(effort_minutes.typical),
                       _at(profile, prices, "typical"))
    best = estimate(occurrences_per_year, minutes(effort_minutes.high), _at(profile, prices, "low"))
    outsourcing = None
    if typical.outsourcing is not None and worst.outsourcing is not None \
            and best.outsourcing is not None:
        outsourcing = _option_range(worst.outsourcing, typical.outsourcing, best.outsourcing)
    return RangedEstimate(typical, _option_range(worst.automation, typical.automation,
                                                 best.automation), outsourcing)


def present_value(saving: Decimal, years: int, rate: Decimal) -> Decimal:
    return sum((saving / (ONE + rate) ** t for t in range(1, years + 1)), Decimal(0))


def break_even_build_cost(result: Estimate, profile: CostProfile) -> int | None:
    """The build cost at which automating stops paying over the horizon: the
    present value of its typical annual saving (NPV = 0). None when it saves
    nothing a year, whatever the build costs."""
    saving = Decimal(result.automation.annual_saving)
    if saving <= 0:
        return None
    return yen(present_value(saving, profile.horizon_years, profile.discount_rate))


def break_even_annual_fee(result: Estimate, profile: CostProfile) -> int | None:
    """The outsourcing fees a year at which outsourcing stops saving: the
    in-house cost less the oversight that stays in-house (N × oversight hours ×
    hourly cost). None without an outsourcing offer, or when the oversight
    alone costs what the work does."""
    if result.outsourcing is None:
        return None
    oversight = (Decimal(result.occurrences_per_year) * profile.outsourcing_oversight_minutes
                 / 60 * profile.hourly_cost)
    fee = yen(Decimal(result.in_house_annual_cost) - oversight)
    return fee if fee > 0 else None
