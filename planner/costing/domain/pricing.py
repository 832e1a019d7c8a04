"""Reference prices: an outsourced service's price and the figures an
automation is priced with, as ranges."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from planner.costing.domain.ranges import Span

# What a price scales with. The company profile holds the head count and the
# monthly volumes; cases are a task's occurrences times the records of each.
DRIVERS: tuple[str, ...] = ("employees", "payroll_runs", "journal_entries", "invoices",
                            "expense_reports", "cases", "fixed")
# What one price buys: a unit for a month, a unit for a year, or one case.
PERIODS: tuple[str, ...] = ("month", "year", "case")


@dataclass(frozen=True)
class PriceItem:
    """One item of the price book, with an administrator's override applied."""

    key: str
    driver: str
    period: str
    price: Span                  # per unit (per driver unit, per period)
    base: Span | None = None     # a fixed fee per period on top
    setup: Span | None = None    # a one-off fee to start

    def __post_init__(self) -> None:
        if self.driver not in DRIVERS:
            raise ValueError(f"unknown driver {self.driver!r}")
        if self.period not in PERIODS:
            raise ValueError(f"unknown period {self.period!r}")


@dataclass(frozen=True)
class AutomationRates:
    """What building and running an automation costs here."""

    day_rate: Span                # yen per developer day
    licence_per_year: Span        # yen per robot licence a year
    automations_per_licence: int  # automations one licence carries
    maintenance_share: Decimal    # of the build cost, each year

    def __post_init__(self) -> None:
        if self.automations_per_licence < 1:
            raise ValueError("a licence carries at least one automation")
        if not 0 <= self.maintenance_share <= 1:
            raise ValueError("the maintenance share is between 0 and 1")
