"""What a task costs in-house, automated or outsourced, and what changing it saves.

Pure functions over plain numbers. Money is computed in Decimal and rounded to
whole yen, half up, only at the end; payback is rounded to one decimal.

With N = occurrences in the next 12 months and h = effort hours per occurrence:

- in-house annual cost   = N × h × hourly_cost × (1 + rework_rate)
- automation annual cost = N × h × residual_share × hourly_cost + automation_annual_cost;
  one-off = automation_build_cost
- outsourcing annual cost = N × fee_per_occurrence + 12 × monthly_fee + annual_fee
  + N × oversight_hours × hourly_cost; one-off = transition_cost (the annual fee is
  what a price-book item costs a year, planner/costing/domain/pricing.py)
- for each option: annual saving = in-house − option; payback months = one-off ÷
  (saving ÷ 12), none when the saving is not positive; NPV over the horizon =
  −one-off + Σ saving ÷ (1 + rate)^t for t = 1 … horizon; hours freed a year.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

ONE = Decimal(1)
SUITABILITY_CRITERIA: tuple[str, ...] = ("rule_based", "digital_input", "stable_process",
                                         "low_exceptions", "volume")


@dataclass(frozen=True)
class CostProfile:
    hourly_cost: Decimal = Decimal(0)
    rework_rate: Decimal = Decimal(0)
    automation_build_cost: Decimal = Decimal(0)
    automation_annual_cost: Decimal = Decimal(0)
    automation_residual_share: Decimal = ONE
    outsourcing_fee_per_occurrence: Decimal = Decimal(0)
    outsourcing_monthly_fee: Decimal = Decimal(0)
    outsourcing_transition_cost: Decimal = Decimal(0)
    outsourcing_oversight_minutes: Decimal = Decimal(0)
    outsourcing_annual_fee: Decimal = Decimal(0)
    horizon_years: int = 3
    discount_rate: Decimal = Decimal("0.03")

    @property
    def offers_outsourcing(self) -> bool:
        return bool(self.outsourcing_fee_per_occurrence or self.outsourcing_monthly_fee
                    or self.outsourcing_annual_fee)


@dataclass(frozen=True)
class Option:
    one_off_cost: int
    annual_cost: int
    annual_saving: int
    payback_months: float | None
    npv: int
    hours_freed: float


@dataclass(frozen=True)
class Estimate:
    occurrences_per_year: int
    in_house_annual_cost: int
    automation: Option
    outsourcing: Option | None


def yen(value: Decimal) -> int:
    return int(value.quantize(ONE, rounding=ROUND_HALF_UP))


def _payback(one_off: Decimal, saving: Decimal) -> float | None:
    if saving <= 0:
        return None
    months = one_off / (saving / 12)
    return float(months.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def npv(one_off: Decimal, saving: Decimal, years: int, rate: Decimal) -> Decimal:
    return -one_off + sum((saving / (ONE + rate) ** t for t in range(1, years + 1)), Decimal(0))


def _option(one_off: Decimal, annual: Decimal, in_house: Decimal, hours_freed: Decimal,
            profile: CostProfile) -> Option:
    saving = in_house - annual
    return Option(
        one_off_cost=yen(one_off),
        annual_cost=yen(annual),
        annual_saving=yen(saving),
        payback_months=_payback(one_off, saving),
        npv=yen(npv(one_off, saving, profile.horizon_years, profile.discount_rate)),
        hours_freed=float(hours_freed.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
    )


def estimate(occurrences_per_year: int, effort_minutes: int, profile: CostProfile) -> Estimate:
    n = Decimal(occurrences_per_year)
    hours = Decimal(effort_minutes) / 60
    in_house = n * hours * profile.hourly_cost * (ONE + profile.rework_rate)
    residual = profile.automation_residual_share
    automation = _option(
        profile.automation_build_cost,
        n * hours * residual * profile.hourly_cost + profile.automation_annual_cost,
        in_house, n * hours * (ONE - residual), profile)
    outsourcing = None
    if profile.offers_outsourcing:
        oversight = profile.outsourcing_oversight_minutes / 60
        outsourcing = _option(
            profile.outsourcing_transition_cost,
            n * profile.outsourcing_fee_per_occurrence + 12 * profile.outsourcing_monthly_fee
            + profile.outsourcing_annual_fee + n * oversight * profile.hourly_cost,
            in_house, n * (hours - oversight), profile)
    return Estimate(occurrences_per_year, yen(in_house), automation, outsourcing)


def realised_saving(occurrences_per_year: int, minutes_before: int, minutes_after: int,
                    hourly_cost: Decimal, running_cost: Decimal) -> int:
    """What a change saves a year, measured: the in-house hours it took away at
    the effort measured before the decision and after completion, less what
    the new way costs to run (licence and upkeep, or the outsourcing fees):
    N × (before − after) ÷ 60 × hourly cost − running cost."""
    hours = Decimal(occurrences_per_year) * (minutes_before - minutes_after) / 60
    return yen(hours * hourly_cost - running_cost)


def sensitivity(occurrences_per_year: int, effort_minutes: int, profile: CostProfile,
                swing: Decimal = Decimal("0.2")) -> dict[str, dict[str, tuple[int, int | None]]]:
    """NPV of each option when effort, hourly cost and fees move by ±swing:
    {"effort": {"-": (automation_npv, outsourcing_npv), "+": (...)}, ...}."""
    def both(minutes: Decimal, changed: CostProfile) -> tuple[int, int | None]:
        result = estimate(occurrences_per_year, int(minutes), changed)
        return (result.automation.npv,
                result.outsourcing.npv if result.outsourcing else None)

    table = {}
    for sign, factor in (("-", ONE - swing), ("+", ONE + swing)):
        table.setdefault("effort", {})[sign] = both(
            (Decimal(effort_minutes) * factor).quantize(ONE), profile)
        table.setdefault("hourly_cost", {})[sign] = both(
            Decimal(effort_minutes), replace(profile, hourly_cost=profile.hourly_cost * factor))
        table.setdefault("fees", {})[sign] = both(Decimal(effort_minutes), replace(
            profile,
            automation_annual_cost=profile.automation_annual_cost * factor,
            outsourcing_fee_per_occurrence=profile.outsourcing_fee_per_occurrence * factor,
            outsourcing_monthly_fee=profile.outsourcing_monthly_fee * factor,
            outsourcing_annual_fee=profile.outsourcing_annual_fee * factor))
    return table


def suitability(scores: dict[str, int]) -> tuple[int, str]:
    """Automation suitability from five 1–5 ratings (rule-based, digital and
    structured input, stable process, few exceptions, volume): 0–100 and a label.
    Each rating counts equally; 1 everywhere is 0, 5 everywhere is 100."""
    values = [scores[name] for name in SUITABILITY_CRITERIA]
    if any(not 1 <= v <= 5 for v in values):
        raise ValueError("ratings go from 1 to 5")
    score = round((sum(values) - len(values)) / (4 * len(values)) * 100)
    label = "high" if score >= 70 else "medium" if score >= 40 else "low"
    return score, label


# --- Suggestions --------------------------------------------------------------

AUTOMATE, OUTSOURCE, CROSS_TRAIN, KEEP = "automate", "outsource", "cross_train", "keep"
SUGGESTION_KINDS: tuple[str, ...] = (AUTOMATE, OUTSOURCE, CROSS_TRAIN, KEEP)


@dataclass(frozen=True)
class Thresholds:
    min_annual_saving: int = 10_000      # yen a year worth a manager's attention
    max_payback_months: float = 36.0     # longer paybacks are not proposed
    min_suitability: int = 60            # automation needs a process that suits it


@dataclass(frozen=True)
class Suggestion:
    kind: str
    annual_saving: int
    npv: int
    payback_months: float | None
    suitability: int | None


def _worth_it(option: Option | None, thresholds: Thresholds) -> bool:
    return (option is not None and option.annual_saving >= thresholds.min_annual_saving
            and option.payback_months is not None
            and option.payback_months <= thresholds.max_payback_months)


def suggest(result: Estimate, suitability_score: int | None, single_point_of_failure: bool,
            thresholds: Thresholds = Thresholds()) -> Suggestion:
    """Automate when it saves enough, pays back in time and the process suits
    it; else outsource on the same money test; else cross-train a single point
    of failure; else keep as it is."""
    automation, outsourcing = result.automation, result.outsourcing
    if (_worth_it(automation, thresholds) and suitability_score is not None
            and suitability_score >= thresholds.min_suitability):
        return Suggestion(AUTOMATE, automation.annual_saving, automation.npv,
                          automation.payback_months, suitability_score)
    if _worth_it(outsourcing, thresholds):
        return Suggestion(OUTSOURCE, outsourcing.annual_saving, outsourcing.npv,
                          outsourcing.payback_months, suitability_score)
    if single_point_of_failure:
        return Suggestion(CROSS_TRAIN, 0, 0, None, suitability_score)
    return Suggestion(KEEP, 0, 0, None, suitability_score)


def axis_top(value: int) -> int:
    """A chart's saving axis top: the next round figure (1, 2 or 5 × 10ⁿ yen) at
    or above the largest saving, so its labels read as amounts a manager uses;
    0 when nothing is saved (no axis to draw)."""
    if value <= 0:
        return 0
    scale = 10 ** (len(str(value)) - 1)
    return next(step * scale for step in (1, 2, 5, 10) if step * scale >= value)


def fiscal_year(day, start_month: int = 4) -> int:  # noqa: ANN001 - a date
    """The fiscal year a date belongs to, named by its starting year (April–March
    in Japan by default): 15 March 2027 is in fiscal 2026."""
    return day.year if day.month >= start_month else day.year - 1
