"""The price book as the product uses it: the shipped reference prices
(price_book.toml, read once per process) with an administrator's own prices
on top, and the figures an automation is priced with.

A change of price changes every estimate that uses it, so each use case here
tells costing (cost_inputs_saved) which tasks to recompute; the request's
commit then carries the new proposals with the new price."""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.company.domain import VOLUME_DRIVERS
from planner.company.signals import profile_saved
from planner.core import settings
from planner.core.errors import N_, Forbidden, Message, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.costing.domain.pricing import AutomationRates, PriceItem
from planner.costing.domain.ranges import Span
from planner.costing.models.price_override import PriceOverride
from planner.costing.signals import cost_inputs_saved
from planner.people.models.user import User
from planner.tasks.domain import CATEGORIES
from planner.tasks.models import Task

# Far above any back-office service's price, far below what a BigInteger holds:
# a figure past it is a typing slip (an extra zero or three), not a price. (The
# messages spell it out: keep them in step.)
PRICE_MAX = 10_000_000_000
# One robot licence carrying more automations than this is not a licence model.
AUTOMATIONS_PER_LICENCE_MAX = 1000
LEVELS: tuple[str, ...] = ("low", "typical", "high")

_ITEM_FIELDS = frozenset({"key", "title_ja", "title_en", "driver", "period", "unit_ja",
                          "unit_en", "low", "typical", "high", "base", "setup", "categories",
                          "source", "url", "seen_on", "note", "sources"})
_ITEM_OPTIONAL = frozenset({"base", "setup", "categories", "url", "note", "sources"})
_AUTOMATION_FIELDS = frozenset({"day_rate", "licence_per_year", "automations_per_licence",
                                "maintenance_share", "source", "url", "seen_on", "note",
                                "source_of"})
_AUTOMATION_OPTIONAL = frozenset({"url", "note", "source_of"})


@dataclass(frozen=True)
class Description:
    """What the file says about an item besides its prices."""

    title_ja: str
    title_en: str
    unit_ja: str
    unit_en: str
    categories: tuple[str, ...]
    source: str
    url: str
    seen_on: date
    note: str
    # The other pages a range was read off: (publisher and page, address).
    sources: tuple[tuple[str, str], ...]

    def title(self, language: str) -> str:
        return self.title_ja if language == "ja" else self.title_en

    def unit(self, language: str) -> str:
        return self.unit_ja if language == "ja" else self.unit_en


@dataclass(frozen=True)
class ShippedItem(Description):
    """One item as the file ships it."""

    item: PriceItem


@dataclass(frozen=True)
class ShippedAutomation:
    rates: AutomationRates
    source: str
    url: str
    seen_on: date
    note: str


@dataclass(frozen=True)
class PriceBookEntry(Description):
    """An item of the price book with this organisation's prices: `item` holds
    the effective ones, `shipped` the file's."""

    item: PriceItem
    shipped: PriceItem
    overridden_by: str | None = None
    overridden_at: datetime | None = None

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def overridden(self) -> bool:
        return self.overridden_at is not None


# --- Reading the file ---------------------------------------------------------------


class PriceBookFileError(ValueError):
    """price_book.toml cannot be used; the message names the item."""


def _span(raw: Any, where: str) -> Span:
    if not isinstance(raw, Mapping) or set(raw) != set(LEVELS):
        raise PriceBookFileError(f"{where}: needs exactly low, typical and high")
    values = [raw[level] for level in LEVELS]
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= PRICE_MAX
           for v in values):
        raise PriceBookFileError(f"{where}: prices are whole yen from 0 to {PRICE_MAX}")
    try:
        return Span(*(Decimal(v) for v in values))
    except ValueError as error:
        raise PriceBookFileError(f"{where}: {error}") from None


def _text(raw: dict[str, Any], name: str, where: str) -> str:
    value = raw.get(name, "")
    if not isinstance(value, str):
        raise PriceBookFileError(f"{where}: {name} must be text")
    return value


def _seen_on(raw: dict[str, Any], where: str) -> date:
    value = raw["seen_on"]
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PriceBookFileError(f"{where}: seen_on must be a date (2026-12-06)")
    return value


def _fields_check(raw: dict[str, Any], known: frozenset[str], optional: frozenset[str],
                  where: str) -> None:
    unknown, missing = raw.keys() - known, known - optional - raw.keys()
    if unknown or missing:
        raise PriceBookFileError(f"{where}: unknown fields {sorted(unknown)}, "
                                 f"missing fields {sorted(missing)}")


def _item(raw: dict[str, Any]) -> ShippedItem:
    where = f"price_book.toml, item {raw.get('key')!r}"
    _fields_check(raw, _ITEM_FIELDS, _ITEM_OPTIONAL, where)
    categories = raw.get("categories", [])
    if not isinstance(categories, list) or not set(categories) <= set(CATEGORIES):
        raise PriceBookFileError(f"{where}: categories must be among {list(CATEGORIES)}")
    try:
        item = PriceItem(
            key=_text(raw, "key", where), driver=raw["driver"], period=raw["period"],
            price=_span({level: raw[level] for level in LEVELS}, where),
            base=_span(raw["base"], f"{where}, base") if "base" in raw else None,
            setup=_span(raw["setup"], f"{where}, setup") if "setup" in raw else None)
    except ValueError as error:  # the domain's own checks: driver, period
        raise PriceBookFileError(f"{where}: {error}") from None
    return ShippedItem(
        item=item, title_ja=_text(raw, "title_ja", where), title_en=_text(raw, "title_en", where),
        unit_ja=_text(raw, "unit_ja", where), unit_en=_text(raw, "unit_en", where),
        categories=tuple(categories), source=_text(raw, "source", where),
        url=_text(raw, "url", where), seen_on=_seen_on(raw, where),
        note=_text(raw, "note", where), sources=_sources(raw.get("sources", []), where))


def _sources(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list) or not all(
            isinstance(s, dict) and isinstance(s.get("source"), str)
            and isinstance(s.get("url"), str) for s in raw):
        raise PriceBookFileError(f"{where}: sources must be a list of {{source, url}}")
    return tuple((s["source"], s["url"]) for s in raw)


def _automation(raw: Any) -> ShippedAutomation:
    where = "price_book.toml, [automation]"
    if not isinstance(raw, dict):
        raise PriceBookFileError(f"{where}: the table is missing")
    _fields_check(raw, _AUTOMATION_FIELDS, _AUTOMATION_OPTIONAL, where)
    per_licence, share = raw["automations_per_licence"], raw["maintenance_share"]
    if isinstance(per_licence, bool) or not isinstance(per_licence, int):
        raise PriceBookFileError(f"{where}: automations_per_licence must be a whole number")
    if isinstance(share, bool) or not isinstance(share, (int, float)):
        raise PriceBookFileError(f"{where}: maintenance_share must be a number")
    try:
        rates = AutomationRates(
            day_rate=_span(raw["day_rate"], f"{where}, day_rate"),
            licence_per_year=_span(raw["licence_per_year"], f"{where}, licence_per_year"),
            automations_per_licence=per_licence,
            maintenance_share=Decimal(str(share)))
    except ValueError as error:
        raise PriceBookFileError(f"{where}: {error}") from None
    return ShippedAutomation(rates=rates, source=_text(raw, "source", where),
                             url=_text(raw, "url", where), seen_on=_seen_on(raw, where),
                             note=_text(raw, "note", where))


def load(text: str) -> tuple[list[ShippedItem], ShippedAutomation]:
    """The items and the automation figures of a price_book.toml text; a
    mistake in the hand-edited file stops start-up with the item it is in."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PriceBookFileError(f"price_book.toml: {error}") from None
    items = [_item(raw) for raw in document.get("item", [])]
    seen: set[str] = set()
    defaults: dict[str, str] = {}
    for shipped in items:
        if shipped.item.key in seen:
            raise PriceBookFileError(f"price_book.toml, item {shipped.item.key!r}: listed twice")
        seen.add(shipped.item.key)
        for category in shipped.categories:
            if category in defaults:
                raise PriceBookFileError(
                    f"price_book.toml, item {shipped.item.key!r}: {category!r} is already "
                    f"the default of {defaults[category]!r}")
            defaults[category] = shipped.item.key
    return items, _automation(document.get("automation"))


# Parsed once, at import: every estimate needs it, and the file changes only with a release.
SHIPPED, SHIPPED_AUTOMATION = load(
    files("planner.costing").joinpath("price_book.toml").read_text(encoding="utf-8"))
_SHIPPED_BY_KEY: dict[str, ShippedItem] = {shipped.item.key: shipped for shipped in SHIPPED}


# --- The price book with this organisation's prices ----------------------------------


def _entry(shipped: ShippedItem, override: PriceOverride | None) -> PriceBookEntry:
    item = shipped.item
    if override is not None:
        base = item.base
        if override.base_low is not None:
            base = Span(Decimal(override.base_low), Decimal(override.base_typical),
                        Decimal(override.base_high))
        item = PriceItem(key=item.key, driver=item.driver, period=item.period,
                         price=Span(Decimal(override.low), Decimal(override.typical),
                                    Decimal(override.high)),
                         base=base, setup=item.setup)
    return PriceBookEntry(
        **{field.name: getattr(shipped, field.name) for field in fields(Description)},
        item=item, shipped=shipped.item,
        overridden_by=override.updated_by.name if override is not None else None,
        overridden_at=override.updated_at if override is not None else None)


def entries_by_key() -> dict[str, PriceBookEntry]:
    """Every item by key, overrides applied (one query for them all)."""
    overrides = {override.key: override for override in db.session.scalars(
        select(PriceOverride).options(joinedload(PriceOverride.updated_by)))}
    return {shipped.item.key: _entry(shipped, overrides.get(shipped.item.key))
            for shipped in SHIPPED}


def price_book() -> list[PriceBookEntry]:
    """Every shipped item, in the file's order, with this organisation's prices."""
    return list(entries_by_key().values())


def price_entry(key: str) -> PriceBookEntry | None:
    shipped = _SHIPPED_BY_KEY.get(key)
    if shipped is None:
        return None
    return _entry(shipped, db.session.get(PriceOverride, key))


def item_choices(language: str) -> list[tuple[str, str]]:
    """(key, title) of every item, as a form offers them."""
    return [(shipped.item.key, shipped.title(language)) for shipped in SHIPPED]


def default_for_category(category: str) -> str | None:
    """The key of the item a task of this category is priced with by default."""
    return next((shipped.item.key for shipped in SHIPPED if category in shipped.categories),
                None)


def _require_admin(actor: User) -> None:
    if Role(actor.role) is not Role.ADMIN:
        raise Forbidden(N_("Only an administrator can change the price book."))


def _known(key: str) -> ShippedItem:
    shipped = _SHIPPED_BY_KEY.get(key)
    if shipped is None:
        raise NotFound(N_("The price book has no item %(key)s.", key=key))
    return shipped


def _ranged(values: Mapping[str, Any], names: tuple[str, str, str],
            errors: dict[str, list[Message]]) -> None:
    """Each of three yen amounts from 0 to PRICE_MAX, then low ≤ typical ≤ high
    (the order is checked only between amounts that are themselves fine)."""
    good = {}
    for name in names:
        value = values.get(name)
        if value is None:
            errors[name] = [N_("Enter an amount in yen.")]
        elif isinstance(value, bool) or not isinstance(value, (int, Decimal)) \
                or value != int(value):
            errors[name] = [N_("Enter a whole number of yen.")]
        elif not 0 <= value <= PRICE_MAX:
            errors[name] = [N_("Enter an amount from ¥0 to ¥10,000,000,000.")]
        else:
            good[name] = value
    low, typical, high = names
    if low in good and typical in good and good[low] > good[typical]:
        errors[typical] = [N_("The typical figure cannot be below the low one.")]
    if typical in good and high in good and good[typical] > good[high]:
        errors[high] = [N_("The high figure cannot be below the typical one.")]


def _all_active_tasks() -> list[Task]:
    return list(db.session.scalars(select(Task).where(Task.archived_at.is_(None))))


def prices_changed() -> None:
    """Every estimate may use the changed figure: recompute every active task's proposal."""
    cost_inputs_saved.send(None, tasks=_all_active_tasks())


@profile_saved.connect
def _volumes_changed(sender: None, *, changed: frozenset[str], **_: Any) -> None:
    """The company's volumes scale the outsourced prices (the company feature
    sits below costing, so it says so by a signal rather than importing us)."""
    if changed & set(VOLUME_DRIVERS):
        prices_changed()


def set_price(actor: User, key: str, low: int, typical: int, high: int,
              base_low: int | None = None, base_typical: int | None = None,
              base_high: int | None = None) -> PriceBookEntry:
    """The organisation's own price for an item. The base fee is optional: left
    out (all three None), the shipped one stays."""
    _require_admin(actor)
    _known(key)
    values = {"low": low, "typical": typical, "high": high, "base_low": base_low,
              "base_typical": base_typical, "base_high": base_high}
    errors: dict[str, list[Message]] = {}
    _ranged(values, ("low", "typical", "high"), errors)
    if any(values[name] is not None for name in ("base_low", "base_typical", "base_high")):
        _ranged(values, ("base_low", "base_typical", "base_high"), errors)
    if errors:
        raise ValidationError(errors)
    override = db.session.get(PriceOverride, key)
    if override is None:
        override = PriceOverride(key=key)
        db.session.add(override)
    for name, value in values.items():
        setattr(override, name, int(value) if value is not None else None)
    override.updated_by_id = actor.id
    override.updated_at = utcnow()  # also when the same figures are saved again
    db.session.flush()
    prices_changed()
    entry = price_entry(key)
    assert entry is not None
    return entry


def reset_price(actor: User, key: str) -> PriceBookEntry:
    """Back to the shipped price."""
    _require_admin(actor)
    shipped = _known(key)
    override = db.session.get(PriceOverride, key)
    if override is not None:
        db.session.delete(override)
        db.session.flush()
        prices_changed()
    return _entry(shipped, None)


# --- The figures an automation is priced with ----------------------------------------

# Settings keys, None meaning the shipped figure (planner/core/settings.py).
RATE_SPANS: dict[str, tuple[str, str, str]] = {
    span: tuple(f"automation_{span}_{level}" for level in LEVELS)  # type: ignore[misc]
    for span in ("day_rate", "licence_per_year")
}
PER_LICENCE_KEY = "automations_per_licence"
SHARE_KEY = "automation_maintenance_share"
RATE_KEYS: tuple[str, ...] = (*RATE_SPANS["day_rate"], *RATE_SPANS["licence_per_year"],
                              PER_LICENCE_KEY, SHARE_KEY)


def _rate_values() -> dict[str, Any]:
    """Each rate setting's stored value (None: the shipped figure)."""
    return {name: settings.get(name) for name in RATE_KEYS}


def _rates_from(values: Mapping[str, Any]) -> AutomationRates:
    shipped = SHIPPED_AUTOMATION.rates

    def span(name: str) -> Span:
        default: Span = getattr(shipped, name)
        return Span(*(Decimal(values[key]) if values[key] is not None
                      else getattr(default, level)
                      for key, level in zip(RATE_SPANS[name], LEVELS, strict=True)))

    return AutomationRates(
        day_rate=span("day_rate"), licence_per_year=span("licence_per_year"),
        automations_per_licence=int(values[PER_LICENCE_KEY]
                                    if values[PER_LICENCE_KEY] is not None
                                    else shipped.automations_per_licence),
        maintenance_share=(Decimal(str(values[SHARE_KEY])) if values[SHARE_KEY] is not None
                           else shipped.maintenance_share))


def automation_rates() -> AutomationRates:
    """The shipped automation figures with the administrator's changes."""
    return _rates_from(_rate_values())


def automation_overrides() -> dict[str, Any]:
    """The administrator's own figures by settings key (None: shipped)."""
    return _rate_values()


def set_automation_rates(actor: User, values: Mapping[str, Any]) -> AutomationRates:
    """Change some automation figures (keys of RATE_KEYS; None: back to the
    shipped figure). The figures left out keep theirs; the result must still
    be a valid set of ranges."""
    _require_admin(actor)
    unknown = set(values) - set(RATE_KEYS)
    errors: dict[str, list[Message]] = {name: [N_("Unknown field.")] for name in unknown}
    stored = {**_rate_values(), **{k: v for k, v in values.items() if k in RATE_KEYS}}
    effective = {**{key: getattr(getattr(SHIPPED_AUTOMATION.rates, span), level)
                    for span, keys in RATE_SPANS.items()
                    for key, level in zip(keys, LEVELS, strict=True)},
                 **{k: v for k, v in stored.items() if v is not None}}
    for keys in RATE_SPANS.values():
        _ranged(effective, keys, errors)
    per_licence = stored[PER_LICENCE_KEY]
    if per_licence is not None and (
            isinstance(per_licence, bool) or not isinstance(per_licence, int)
            or not 1 <= per_licence <= AUTOMATIONS_PER_LICENCE_MAX):
        errors[PER_LICENCE_KEY] = [N_("Enter a whole number from 1 to %(max)d.",
                                      max=AUTOMATIONS_PER_LICENCE_MAX)]
    share = stored[SHARE_KEY]
    if share is not None:
        try:
            share = Decimal(str(share))
        except InvalidOperation:
            share = None
        if isinstance(stored[SHARE_KEY], bool) or share is None or not share.is_finite() \
                or not 0 <= share <= 1:
            errors[SHARE_KEY] = [N_("Enter a share from 0 to 1, e.g. 0.15.")]
        else:
            stored[SHARE_KEY] = str(share)  # JSON keeps a decimal exactly only as text
    if errors:
        raise ValidationError(errors)
    for name in RATE_KEYS:
        value = stored[name]
        settings.put(name, int(value) if isinstance(value, (int, Decimal)) else value)
    prices_changed()
    return automation_rates()
