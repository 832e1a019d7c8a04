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


def months_a_year(period: str) -> int:
    """How many times a year a base fee is charged: monthly for a monthly or
    per-case price (a retainer), yearly for a yearly price."""
    return 1 if period == "year" else 12


def units_a_year(item: PriceItem, quantity: Decimal | None, cases_per_year: Decimal
                 ) -> Decimal | None:
    """How many units of the price a year buys: the driver's quantity times the
    periods a year, the cases themselves, or one for a fixed price. None when
    the quantity the price scales with is not known."""
    if item.driver == "cases" or item.period == "case":
        return cases_per_year
    if item.driver == "fixed":
        per_period = Decimal(1)
    elif quantity is None:
        return None
    else:
        per_period = quantity
    return per_period * (12 if item.period == "month" else 1)


def annual_fee(item: PriceItem, quantity: Decimal | None, cases_per_year: Decimal
               ) -> Span | None:
    """What outsourcing to this item costs a year:
    price × units a year + base × (12, or 1 for a yearly price).

    Payroll for 120 employees at ¥1,000 per employee a month with a ¥30,000
    monthly base: 1,000 × 120 × 12 + 30,000 × 12 = ¥1,800,000 a year."""
    units = units_a_year(item, quantity, cases_per_year)
    if units is None:
        return None
    fee = item.price * units
    if item.base is not None:
        fee = fee + item.base * months_a_year(item.period)
    return fee


def unit_price_at(annual: Decimal, item: PriceItem, quantity: Decimal | None,
                  cases_per_year: Decimal) -> Decimal | None:
    """The unit price at which the item costs `annual` a year (with its typical
    base fee): the break-even price a quote can be held against. None when
    the item's units are not known or there are none."""
    units = units_a_year(item, quantity, cases_per_year)
    if not units:
        return None
    base = item.base.typical * months_a_year(item.period) if item.base is not None else 0
    return (annual - base) / units
