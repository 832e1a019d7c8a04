"""WTForms for every page. The same TaskForm validates API bodies, so a rule
is written once for both faces."""
from __future__ import annotations

import re

import wtforms
from flask import current_app
from flask_babel import gettext as _
from flask_wtf import FlaskForm as _FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.fields import FieldList, FormField
from wtforms.validators import NumberRange
from wtforms.validators import ValidationError as FieldError

from planner.core import dates, labels
from planner.core.i18n import lazy_gettext as _l
from planner.core.i18n import wtforms_translations
from planner.core.limits import INT_MAX, INT_MIN, storable
from planner.core.select_widget import SelectField


class FlaskForm(_FlaskForm):
    """The base of every form here: besides a form's own validators, text the
    databases can store (PostgreSQL refuses NUL) and whole numbers their 32-bit
    columns hold, refused next to the field as the API refuses them, instead
    of failing in the database with a 500."""

    class Meta:
        def get_translations(self, form):  # noqa: ANN001, ANN202
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations  # Flask-WTF's, without its reading per request

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        valid = super().validate(extra_validators)
        return _storable(self) and valid


def _storable(form: _FlaskForm) -> bool:
    ok = True
    for field in form:
        if isinstance(field, FormField):
            ok = _storable(field.form) and ok
            continue
        if isinstance(field, FieldList):
            for entry in field.entries:
                ok = (_storable(entry.form) if isinstance(entry, FormField)
                      else _storable_field(entry, INT_MIN, INT_MAX, storable)) and ok
            continue
        if isinstance(field, SubmitField) or field.name.endswith("csrf_token"):
            continue
        ok = _storable_field(field, INT_MIN, INT_MAX, storable) and ok
    return ok


def _storable_field(field: wtforms.Field, low: int, high: int, storable) -> bool:  # noqa: ANN001
    ranged = any(isinstance(v, NumberRange) for v in field.validators)
    for value in field.data if isinstance(field.data, list) else [field.data]:
        if isinstance(value, int) and not isinstance(value, bool) and not ranged \
                and not low <= value <= high:
            message = _("Must be an integer from %(min)d to %(max)d.", min=low, max=high)
        elif isinstance(value, str) and not storable(value):
            message = _("Contains characters that cannot be stored.")
        else:
            continue
        field.errors = [*field.errors, message]
        return False
    return True


def optional_int(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[arg-type]




class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=labels.choices(labels.LANGUAGE))
    next = HiddenField()


class DateField(wtforms.DateField):
    """A date the planner can compute with: a typo such as 0202-04-10 or a
    far-off 9999-12-31 is an error next to the field, not an overflow later."""

    def pre_validate(self, form: FlaskForm) -> None:
        super().pre_validate(form)
        if self.data is not None and not dates.in_range(self.data):
            raise FieldError(_("Enter a date between %(first)s and %(last)s.",
                               first=dates.EARLIEST.isoformat(),
                               last=dates.LATEST.isoformat()))


class IntegerListField(StringField):
    """Whole numbers typed as "7, 1, 0" on a page or sent as [7, 1, 0] to the API."""

    def _value(self) -> str:
        return ", ".join(str(n) for n in self.data or [])

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        parts = [p for value in valuelist for p in re.split(r"[\s,、，]+", str(value)) if p]
        try:
            self.data = [int(p) for p in parts]  # int() reads full-width digits too
        except ValueError:
            self.data = None
            raise ValueError(_("Enter whole numbers separated by commas.")) from None












class ConfirmForm(FlaskForm):
    """An empty form: a CSRF-protected button for a state change."""

    submit = SubmitField(_l("Confirm"))


























































