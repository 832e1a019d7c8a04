from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from planner.core.errors import ValidationError
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.limits import INT_MAX
from planner.core.pagination import PageNotFound
from planner.core.transaction import abandon


def show_errors(form: FlaskForm, error: ValidationError) -> None:
    """Put a service's field errors next to the form's fields, its writes undone
    (the form is shown again over the saved data)."""
    abandon()
    for name, messages in error.fields.items():
        field = form._fields.get(name)
        target = field.errors if field is not None else form.form_errors
        if isinstance(target, tuple):
            target = field.errors = list(target)
        target.extend(translate(m) for m in messages)


def flash_field_errors(form: FlaskForm) -> None:
    """A one-row form (in a list, or a button pair) that did not validate: 400
    without a valid CSRF token, else each field's first message, named, as a
    flash, since there is no form to show it next to."""
    if "csrf_token" in form.errors or not form.errors:
        abort(400)
    for name, messages in form.errors.items():
        flash(_("%(field)s: %(message)s", field=form[name].label.text, message=messages[0]),
              "error")


def flash_refusal(error: ValidationError) -> None:
    """A one-button action the service refused (no form to show it next to):
    its writes undone, its messages flashed."""
    abandon()
    flash(" ".join(translate(m) for messages in error.fields.values() for m in messages),
          "error")


def safe_next(default: str) -> str:
    """A redirect target from ?next= that stays on this site."""
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def page_arg(name: str = "page") -> int:
    """A page number from the query string: 1 when not given; one that names
    no page (0, -3, "x", or past any SQL OFFSET: 99999999999999999999) is a
    404, as a page past the last one is (pagination.Page)."""
    raw = request.args.get(name, "")
    if raw == "":
        return 1
    try:
        page = int(raw)
    except ValueError:
        raise PageNotFound() from None
    if not 1 <= page <= INT_MAX:
        raise PageNotFound()
    return page


def page_args(default_per_page: int = 25, maximum: int = 200) -> tuple[int, int]:
    per_page = request.args.get("per_page", default_per_page, type=int) or default_per_page
    return page_arg(), min(max(per_page, 1), maximum)


def require_confirmation() -> None:
    """A one-button form (archive, mark read, revoke…) is refused with a 400
    unless it carries its CSRF token."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
