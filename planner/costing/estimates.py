"""A task's estimate from what the back office knows: its effort (measured
when it can be), its automation assessment, the price book and the company's
volumes, with an explicit figure of the cost profile still taking precedence;
every input a range, and the basis saying where each came from."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from planner.core import settings
from planner.core.clock import org_today
from planner.costing import assessment as assessments
from planner.costing import domain as rules
from planner.costing import operations as costing
from planner.costing import price_book
from planner.costing.domain.assessment import Answers, AutomationAssessment, assess
from planner.costing.domain.pricing import AutomationRates, annual_fee, unit_price_at
from planner.costing.domain.ranged import (
    Prices,
    RangedEstimate,
    break_even_annual_fee,
    break_even_build_cost,
    estimate_range,
)
from planner.costing.domain.ranges import ZERO_SPAN, Span
from planner.costing.price_book import PriceBookEntry
from planner.coverage.operations import occurrences_per_year
from planner.tasks import catalogue
from planner.tasks.models import Task
from planner.work.domain import effort_quartiles
from planner.work.operations import Effort, effort_for

# A registered effort is someone's guess: ±20 %, the swing the sensitivity table uses.
REGISTERED_EFFORT_LOW, REGISTERED_EFFORT_HIGH = Decimal("0.8"), Decimal("1.2")

# The company profile's volume each price-book driver reads (settings keys).
DRIVER_VOLUMES: dict[str, str] = {
    "employees": "employees", "payroll_runs": "payroll_runs_per_month",
    "journal_entries": "journal_entries_per_month", "invoices": "invoices_per_month",
    "expense_reports": "expense_reports_per_month",
}

# Why outsourcing has no figure: no price-book item fits, or the company profile
# lacks the volume the item's price scales with.
NO_PRICE, NO_VOLUME = "no_price", "no_volume"
# The inputs that price automation.
AUTOMATION_INPUTS = frozenset({"automation_build_cost", "automation_annual_cost",
                               "automation_residual_share"})

# Sources an input can come from (the `basis` of an estimate).
MEASURED, REGISTERED, PRICE_BOOK, ASSESSMENT, COMPANY_PROFILE = (
    "measured", "registered", "price_book", "assessment", "company_profile")


@dataclass(frozen=True)
class Basis:
    """Where one input of an estimate came from."""

    input: str
    source: str
    detail: str = ""  # the price-book item, the number of measurements, …


@dataclass(frozen=True)
class TaskEstimate:
    """Everything the cost page, the API and the suggestions need of a task."""

    task_id: int
    ranged: RangedEstimate
    profile: rules.CostProfile       # the typical inputs
    values: dict[str, Any]           # the cost profile's effective figures
    effort: Effort
    effort_range: Span
    assessment: AutomationAssessment | None
    price_entry: PriceBookEntry | None
    # Why outsourcing has no figure: no price-book item fits, or the company
    # profile lacks the volume the item's price scales with.
    outsourcing_gap: str | None
    break_even_build_cost: int | None
    break_even_annual_fee: int | None
    break_even_unit_price: int | None
    basis: list[Basis] = field(default_factory=list)

    @property
    def typical(self) -> rules.Estimate:
        return self.ranged.typical

    @property
    def automation_priced(self) -> bool:
        """Whether anything prices automation: the assessment or a figure of the
        cost profile. Without either its ¥0 says nothing."""
        return any(b.source != costing.BUILT_IN for b in self.basis
                   if b.input in AUTOMATION_INPUTS)

    @property
    def suitability(self) -> int | None:
        """How well the work suits automation, 0–100: the assessment's ease of
        implementation, else the five ratings of the cost profile."""
        if self.assessment is not None:
            return self.assessment.ease
        rated = costing.suitability_of(self.values)
        return rated[0] if rated else None




def price_item_key(task: Task, chosen: str | None) -> str | None:
    """The price-book item a task's outsourcing is priced by: the one its cost
    profile picks, else its catalogue entry's, else its category's."""
    if chosen:
        return chosen
    entry = catalogue.get(task.catalogue_key) if task.catalogue_key else None
    if entry and entry.get("price_item"):
        return entry["price_item"]
    return price_book.default_for_category(task.category)


def _volumes() -> dict[str, Decimal | None]:
    found = {driver: settings.get(key) for driver, key in DRIVER_VOLUMES.items()}
    return {driver: None if value is None else Decimal(value) for driver, value in found.items()}


def _effort_range(effort: Effort) -> Span:
    if effort.source == MEASURED:
        low, median, high = effort_quartiles(effort.samples)
        return Span(Decimal(low), Decimal(median), Decimal(high))
    minutes = Decimal(effort.minutes)
    return Span(minutes * REGISTERED_EFFORT_LOW, minutes, minutes * REGISTERED_EFFORT_HIGH)


def _explicit(origins: dict[str, str], values: dict[str, Any], *names: str) -> bool:
    """Whether the cost profile (the task's or its department's) gives one of
    these figures: a built-in zero is no figure."""
    return any(origins[name] != costing.BUILT_IN and values[name] for name in names)


def estimates_for(tasks: list[Task]) -> dict[int, TaskEstimate]:
    """Estimates of many tasks in a fixed number of queries."""
    if not tasks:
        return {}
    merged = costing.effective_with_origins_for(tasks)
    frequency = occurrences_per_year([t.id for t in tasks], org_today())
    efforts = effort_for(tasks)
    answers = assessments.assessments_for(tasks)
    rates = price_book.automation_rates()
    entries = price_book.entries_by_key()
    volumes = _volumes()
    return {task.id: _estimate(task, merged[task.id], frequency.get(task.id, 0),
                               efforts[task.id], answers.get(task.id), rates, entries, volumes)
            for task in tasks}


def estimate_of(task: Task) -> TaskEstimate:
    return estimates_for([task])[task.id]


def _estimate(task: Task, merged: tuple[dict[str, Any], dict[str, str]], occurrences: int,
              effort: Effort, answers: Answers | None, rates: AutomationRates,
              entries: dict[str, PriceBookEntry], volumes: dict[str, Decimal | None]
              ) -> TaskEstimate:
    values, origins = merged
    profile = costing.domain_profile(values)
    basis = [Basis("effort_minutes", effort.source,
                   str(len(effort.samples)) if effort.source == MEASURED else "")]
    basis.append(Basis("hourly_cost", origins["hourly_cost"]))

    # Automation: explicit figures, else the assessment's, else none.
    assessed = assess(answers, rates) if answers is not None else None

    def explicit_or(name: str, derived: Span | None) -> Span:
        if derived is None or _explicit(origins, values, name):
            basis.append(Basis(name, origins[name]))
            return Span.exactly(Decimal(values[name] or 0))
        basis.append(Basis(name, ASSESSMENT))
        return derived

    build = explicit_or("automation_build_cost", assessed.build_cost if assessed else None)
    running = explicit_or("automation_annual_cost", assessed.running_cost if assessed else None)
    if origins["automation_residual_share"] == costing.BUILT_IN and assessed is not None:
        profile = replace(profile, automation_residual_share=1 - assessed.potential)
        basis.append(Basis("automation_residual_share", ASSESSMENT))
    else:
        basis.append(Basis("automation_residual_share", origins["automation_residual_share"]))

    # Outsourcing: explicit fees, else the price book's item, else no offer.
    fee, entry, gap, unit_price = ZERO_SPAN, None, None, None
    cases = Decimal(occurrences) * (answers.records_per_occurrence if answers else 1)
    if _explicit(origins, values, "outsourcing_fee_per_occurrence", "outsourcing_monthly_fee"):
        basis.append(Basis("outsourcing_fee", _fee_origin(origins)))
    else:
        key = price_item_key(task, values.get(costing.PRICE_ITEM_FIELD))
        entry = entries.get(key) if key else None
        if entry is None:
            gap = NO_PRICE
        else:
            quantity = volumes.get(entry.item.driver)
            priced = annual_fee(entry.item, quantity, cases)
            if priced is None:
                gap = NO_VOLUME
            else:
                fee = priced
                basis.append(Basis("outsourcing_fee", PRICE_BOOK, entry.item.key))
                if entry.item.driver in DRIVER_VOLUMES:
                    basis.append(Basis(entry.item.driver, COMPANY_PROFILE))
    if _explicit(origins, values, "outsourcing_transition_cost") or gap is not None \
            or entry is None or entry.item.setup is None:
        transition = Span.exactly(Decimal(values["outsourcing_transition_cost"] or 0))
        basis.append(Basis("outsourcing_transition_cost", origins["outsourcing_transition_cost"]))
    else:
        transition = entry.item.setup
        basis.append(Basis("outsourcing_transition_cost", PRICE_BOOK, entry.item.key))

    ranged = estimate_range(occurrences, _effort_range(effort), profile,
                            Prices(build, running, fee, transition))
    typical_profile = replace(profile, automation_build_cost=build.typical,
                              automation_annual_cost=running.typical,
                              outsourcing_annual_fee=fee.typical,
                              outsourcing_transition_cost=transition.typical)
    break_even_fee = break_even_annual_fee(ranged.typical, typical_profile)
    if entry is not None and gap is None and break_even_fee is not None:
        price = unit_price_at(Decimal(break_even_fee), entry.item,
                              volumes.get(entry.item.driver), cases)
        # Below the base fee alone no unit price breaks even.
        unit_price = rules.yen(price) if price is not None and price > 0 else None
    return TaskEstimate(
        task_id=task.id, ranged=ranged, profile=typical_profile, values=values, effort=effort,
        effort_range=_effort_range(effort), assessment=assessed,
        price_entry=entry if gap is None else None, outsourcing_gap=gap,
        break_even_build_cost=break_even_build_cost(ranged.typical, typical_profile),
        break_even_annual_fee=break_even_fee, break_even_unit_price=unit_price, basis=basis)


def _fee_origin(origins: dict[str, str]) -> str:
    """Explicit fees come from the task's own profile or its department's."""
    for name in ("outsourcing_fee_per_occurrence", "outsourcing_monthly_fee"):
        if origins[name] != costing.BUILT_IN:
            return origins[name]
    return costing.BUILT_IN


def outsourcing_fees(estimate: TaskEstimate) -> Decimal:
    """What the outsourced work is charged a year at the typical prices (its
    oversight is in-house effort, measured with the rest)."""
    profile, n = estimate.profile, estimate.typical.occurrences_per_year
    return (n * profile.outsourcing_fee_per_occurrence + 12 * profile.outsourcing_monthly_fee
            + profile.outsourcing_annual_fee)
