"""The price book and the automation figures on the API: anyone signed in
reads them, administrators change them."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import get_locale

from planner.core import openapi
from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, input_fields, require_valid
from planner.core.errors import N_, Message, NotFound, ValidationError
from planner.core.roles import Role
from planner.costing import price_book as prices
from planner.costing.domain.pricing import DRIVERS, PERIODS
from planner.costing.domain.ranges import Span
from planner.costing.price_book_forms import AutomationRatesForm, PriceForm
from planner.tasks.domain import CATEGORIES

_BASE_FIELDS = {f"base_{level}": f"base.{level}" for level in prices.LEVELS}


def _language() -> str:
    return "ja" if str(get_locale()).startswith("ja") else "en"


def span_json(span: Span | None) -> dict[str, int] | None:
    """Yen as integers (the file and the overrides hold whole yen)."""
    if span is None:
        return None
    return {level: int(getattr(span, level)) for level in prices.LEVELS}


def entry_json(entry: prices.PriceBookEntry, language: str) -> dict[str, Any]:
    return {
        "key": entry.key, "title": entry.title(language), "title_ja": entry.title_ja,
        "title_en": entry.title_en, "unit": entry.unit(language), "driver": entry.item.driver,
        "period": entry.item.period, **span_json(entry.item.price),  # type: ignore[dict-item]
        "base": span_json(entry.item.base), "setup": span_json(entry.item.setup),
        "source": entry.source, "url": entry.url, "seen_on": entry.seen_on.isoformat(),
        "note": entry.note, "categories": list(entry.categories),
        "sources": [{"source": source, "url": url} for source, url in entry.sources],
        "overridden": entry.overridden, "overridden_by": entry.overridden_by,
        "overridden_at": entry.overridden_at.isoformat() if entry.overridden_at else None,
        "shipped": span_json(entry.shipped.price),
    }


def _known(key: str) -> prices.PriceBookEntry:
    entry = prices.price_entry(key)
    if entry is None:
        raise NotFound(N_("The price book has no item %(key)s.", key=key))
    return entry


@bp.get("/price-book")
def get_price_book():  # noqa: ANN201
    language = _language()
    items = [entry_json(entry, language) for entry in prices.price_book()]
    return jsonify({"items": items, "total": len(items)})


def _named_for_api(fields: dict[str, list[Message]]) -> dict[str, list[Message]]:
    """The form's base_low is the body's base.low."""
    return {_BASE_FIELDS.get(name, name): messages for name, messages in fields.items()}


def _price_values(payload: Any) -> dict[str, Any]:
    """The body's prices, checked by the page's form; `base` is a nested object."""
    if not isinstance(payload, dict):
        raise ValidationError({}, N_("The request body must be a JSON object."))
    errors: dict[str, list[Message]] = {
        name: [N_("Unknown field.")] for name in payload if name in _BASE_FIELDS}
    flat = {k: v for k, v in payload.items() if k != "base" and k not in _BASE_FIELDS}
    base = payload.get("base")
    if isinstance(base, dict):
        for level, value in base.items():
            if level in prices.LEVELS:
                flat[f"base_{level}"] = value
            else:
                errors[f"base.{level}"] = [N_("Unknown field.")]
    elif base is not None:
        errors["base"] = [N_("Must be an object with low, typical and high.")]
    try:
        form = require_valid(form_from_json(PriceForm, flat))
    except ValidationError as error:
        errors.update(_named_for_api(error.fields))
    if errors:
        raise ValidationError(errors)
    return {name: form[name].data for name in input_fields(form)}


@bp.put("/price-book/<key>")
@requires_role(Role.ADMIN)
def put_price(key: str):  # noqa: ANN201
    """The organisation's own price for an item; `base` left out keeps the shipped base fee."""
    _known(key)
    values = _price_values(request.get_json(silent=True))
    try:
        entry = prices.set_price(api_user(), key, **values)
    except ValidationError as error:
        raise ValidationError(_named_for_api(error.fields)) from None
    return jsonify(entry_json(entry, _language()))


@bp.delete("/price-book/<key>")
@requires_role(Role.ADMIN)
def reset_price(key: str):  # noqa: ANN201
    """Back to the shipped price."""
    _known(key)
    return jsonify(entry_json(prices.reset_price(api_user(), key), _language()))


def _rates_json(rates: prices.AutomationRates) -> dict[str, Any]:
    return {"day_rate": span_json(rates.day_rate),
            "licence_per_year": span_json(rates.licence_per_year),
            "automations_per_licence": rates.automations_per_licence,
            "maintenance_share": float(rates.maintenance_share)}


def automation_json() -> dict[str, Any]:
    shipped = prices.SHIPPED_AUTOMATION
    overrides = prices.automation_overrides()
    return {**_rates_json(prices.automation_rates()),
            "source": shipped.source, "url": shipped.url,
            "seen_on": shipped.seen_on.isoformat(), "note": shipped.note,
            "shipped": _rates_json(shipped.rates),
            "overrides": {name: float(value) if name == prices.SHARE_KEY and value is not None
                          else value for name, value in overrides.items()}}


@bp.get("/automation-rates")
def get_automation_rates():  # noqa: ANN201
    return jsonify(automation_json())


@bp.put("/automation-rates")
@requires_role(Role.ADMIN)
def put_automation_rates():  # noqa: ANN201
    """Fields left out keep their value; null takes the shipped figure back."""
    form = require_valid(form_from_json(AutomationRatesForm, request.get_json(silent=True),
                                        base=prices.automation_overrides()))
    values = {name: form[name].data for name in input_fields(form)}
    prices.set_automation_rates(api_user(), values)
    return jsonify(automation_json())


# --- OpenAPI ----------------------------------------------------------------------

_YEN = {"type": "integer", "minimum": 0, "maximum": prices.PRICE_MAX}
_SPAN = openapi.object_of({level: _YEN for level in prices.LEVELS})
_RATES = {"day_rate": _SPAN, "licence_per_year": _SPAN,
          "automations_per_licence": {"type": "integer", "minimum": 1},
          "maintenance_share": {"type": "number", "minimum": 0, "maximum": 1}}


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "PriceBookItem": openapi.object_of({
            "key": openapi.STRING, "title": openapi.STRING, "title_ja": openapi.STRING,
            "title_en": openapi.STRING, "unit": openapi.STRING,
            "driver": {"type": "string", "enum": list(DRIVERS)},
            "period": {"type": "string", "enum": list(PERIODS)},
            **{level: _YEN for level in prices.LEVELS},
            "base": openapi.nullable(_SPAN), "setup": openapi.nullable(_SPAN),
            "source": openapi.STRING, "url": openapi.STRING, "seen_on": openapi.DATE,
            "note": openapi.STRING,
            "sources": {"type": "array", "items": openapi.object_of(
                {"source": openapi.STRING, "url": openapi.STRING})},
            "categories": {"type": "array", "items": {"type": "string",
                                                      "enum": list(CATEGORIES)}},
            "overridden": openapi.BOOLEAN,
            "overridden_by": openapi.nullable(openapi.STRING),
            "overridden_at": openapi.nullable(openapi.DATETIME),
            "shipped": _SPAN,
        }),
        "PriceBook": openapi.object_of({
            "items": {"type": "array", "items": openapi.ref("PriceBookItem")},
            "total": openapi.INTEGER}),
        "PriceInput": {
            "type": "object", "additionalProperties": False,
            "required": list(prices.LEVELS),
            "properties": {**{level: _YEN for level in prices.LEVELS},
                           "base": openapi.nullable({
                               "type": "object", "additionalProperties": False,
                               "required": list(prices.LEVELS),
                               "properties": {level: _YEN for level in prices.LEVELS}})}},
        "AutomationRates": openapi.object_of({
            **_RATES, "source": openapi.STRING, "url": openapi.STRING,
            "seen_on": openapi.DATE, "note": openapi.STRING,
            "shipped": openapi.object_of(_RATES),
            "overrides": openapi.object_of({
                name: openapi.nullable(openapi.NUMBER if name == prices.SHARE_KEY
                                       else openapi.INTEGER) for name in prices.RATE_KEYS}),
        }),
        "AutomationRatesInput": openapi.form_schema(openapi.blank_form(AutomationRatesForm),
                                                    required=False),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    key = {"name": "key", "in": "path", "required": True,
           "schema": {"type": "string", "maxLength": 40}}
    return {
        "/price-book": {
            "get": openapi.op(
                "The outsourcing price book", openapi.ok("PriceBook"), (), tag="Costing",
                description="Reference prices of outsourced back-office work in yen (tax "
                            "excluded unless the note says otherwise), low / typical / high "
                            "per unit of `driver` per `period`, with their source; an "
                            "administrator's own price replaces the shipped one "
                            "(`overridden`, `shipped`)."),
        },
        "/price-book/{key}": {
            "parameters": [key],
            "put": openapi.op(
                "Set the organisation's own price for an item (administrators)",
                openapi.ok("PriceBookItem"), (403, 404, 422), body=openapi.ref("PriceInput"),
                tag="Costing",
                description="low ≤ typical ≤ high, whole yen from 0 to 10,000,000,000. "
                            "`base` left out or null keeps the shipped base fee. Every "
                            "proposal is recomputed with the new price."),
            "delete": openapi.op(
                "Back to the shipped price (administrators)", openapi.ok("PriceBookItem"),
                (403, 404), tag="Costing"),
        },
        "/automation-rates": {
            "get": openapi.op("The figures an automation is priced with",
                              openapi.ok("AutomationRates"), (), tag="Costing"),
            "put": openapi.op(
                "Change the automation figures (administrators)", openapi.ok("AutomationRates"),
                (403, 422), body=openapi.ref("AutomationRatesInput"), tag="Costing",
                description="Fields left out keep their value; null takes the shipped "
                            "figure back. Every proposal is recomputed."),
        },
    }
