"""The price book's page: managers read the reference prices behind the
estimates; administrators put in their own (a quote they received) and the
automation figures, or go back to the shipped ones."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.access import requires_role
from planner.core.errors import ValidationError
from planner.core.forms import ConfirmForm
from planner.core.roles import Role
from planner.core.web_util import require_confirmation, show_errors
from planner.costing import price_book as prices
from planner.costing.price_book_forms import AutomationRatesForm, PriceForm

bp = Blueprint("price_book", __name__, url_prefix="/admin/price-book")


def _language() -> str:
    return "ja" if str(get_locale()).startswith("ja") else "en"


def _price_form(entry: prices.PriceBookEntry) -> PriceForm:
    base = entry.item.base
    return PriceForm(formdata=None, prefix=entry.key, data={
        "low": int(entry.item.price.low), "typical": int(entry.item.price.typical),
        "high": int(entry.item.price.high),
        "base_low": int(base.low) if base else None,
        "base_typical": int(base.typical) if base else None,
        "base_high": int(base.high) if base else None})


def _page(failed: PriceForm | None = None, failed_key: str | None = None,
          rates_form: AutomationRatesForm | None = None) -> tuple[str, int]:
    """The page; a form that failed is shown as sent, its errors next to its fields."""
    entries = prices.price_book()
    admin = Role(current_user.role) is Role.ADMIN
    forms: dict[str, Any] = {}
    if admin:
        forms = {entry.key: _price_form(entry) for entry in entries}
        if failed is not None and failed_key is not None:
            forms[failed_key] = failed
        if rates_form is None:
            rates_form = AutomationRatesForm(formdata=None, data=prices.automation_overrides())
    failing = failed is not None or (rates_form is not None and bool(rates_form.errors))
    return render_template(
        "costing/price_book.html", entries=entries, forms=forms, admin=admin,
        failed_key=failed_key, rates=prices.automation_rates(),
        shipped_rates=prices.SHIPPED_AUTOMATION, rates_form=rates_form,
        confirm=ConfirmForm(), language=_language(),
    ), 400 if failing else 200


@bp.get("/")
@requires_role(Role.MANAGER)
def index():  # noqa: ANN201
    return _page()


@bp.post("/items/<key>")
@requires_role(Role.ADMIN)
def save_price(key: str):  # noqa: ANN201
    entry = prices.price_entry(key)
    if entry is None:
        abort(404)
    form = PriceForm(prefix=key)
    if form.validate_on_submit():
        try:
            prices.set_price(current_user, key, form.low.data, form.typical.data,
                             form.high.data, form.base_low.data, form.base_typical.data,
                             form.base_high.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved the price of %(title)s. The proposals follow it.",
                    title=entry.title(_language())),
                  "success")
            return redirect(url_for("price_book.index", _anchor=f"item-{key}"))
    return _page(failed=form, failed_key=key)


@bp.post("/items/<key>/reset")
@requires_role(Role.ADMIN)
def reset_price(key: str):  # noqa: ANN201
    if prices.price_entry(key) is None:
        abort(404)
    require_confirmation()
    prices.reset_price(current_user, key)
    flash(_("Back to the shipped price."), "success")
    return redirect(url_for("price_book.index", _anchor=f"item-{key}"))


@bp.post("/automation")
@requires_role(Role.ADMIN)
def save_rates():  # noqa: ANN201
    form = AutomationRatesForm()
    if form.validate_on_submit():
        try:
            prices.set_automation_rates(current_user, {
                name: form[name].data for name in prices.RATE_KEYS})
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved the automation figures. The proposals follow them."), "success")
            return redirect(url_for("price_book.index", _anchor="automation"))
    return _page(rates_form=form)
