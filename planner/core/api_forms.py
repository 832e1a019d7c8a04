"""API bodies are validated by the same WTForms classes as the pages.

JSON is type-checked first (a form would happily take a list for a title),
then handed to the form as form data without CSRF, since a bearer token is
not sent by a browser on its own."""
from __future__ import annotations

from typing import Any, TypeVar

from flask import current_app, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import NumberRange

from planner.core.errors import N_, Message, ValidationError
from planner.core.forms import IntegerListField
from planner.core.limits import INT_MAX, INT_MIN, storable

FormT = TypeVar("FormT", bound=FlaskForm)


def _int_coerced(field: Field) -> bool:
    coerce = getattr(field, "coerce", str)
    return coerce is not str


def json_type(field: Field) -> str:
    if isinstance(field, (SelectMultipleField, IntegerListField)):
        return "array"
    if isinstance(field, IntegerField) or (isinstance(field, SelectField) and _int_coerced(field)):
        return "integer"
    if isinstance(field, BooleanField):
        return "boolean"
    if isinstance(field, DecimalField):
        return "number"
    return "string"


def _type_ok(value: Any, expected: str) -> bool:
    if value is None:
        return True
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "array":
        return isinstance(value, list) and all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in value)
    return isinstance(value, str)


def _as_form_values(value: Any) -> list:
    if value is None:
        return [""]
    if isinstance(value, bool):
        return ["y"] if value else []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [value if isinstance(value, str) else str(value)]


def input_fields(form: FlaskForm) -> dict[str, Field]:
    """The fields a client fills in: not the CSRF token, the buttons or the
    pages' hidden plumbing (where to go back to)."""
    return {name: f for name, f in form._fields.items()
            if name != "csrf_token" and not isinstance(f, (SubmitField, HiddenField))}


def form_from_json(form_class: type[FormT], payload: Any, base: dict[str, Any] | None = None,
                   **kwargs: Any) -> FormT:
    """A form filled from a JSON object (merged over `base` for PATCH).

    Unknown names and wrongly typed values are left out of the form and kept
    in `form.json_errors`, so require_valid() reports them with every other
    field's error in one answer.
    """
    if not isinstance(payload, dict):
        raise ValidationError({}, N_("The request body must be a JSON object."))
    probe = form_class(formdata=None, meta={"csrf": False}, **kwargs)
    fields = input_fields(probe)
    errors: dict[str, list] = {}
    accepted = {}
    for name, value in payload.items():
        if name not in fields:
            errors[name] = [N_("Unknown field.")]
        elif not _type_ok(value, json_type(fields[name])):
            errors[name] = [N_("Must be of type %(type)s.", type=json_type(fields[name]))]
        else:
            accepted[name] = value
    # An omitted field takes the form's default, as an untouched page field would.
    defaults = {name: f.default for name, f in fields.items() if f.default is not None}
    merged = {**defaults, **(base or {}), **accepted}
    formdata = MultiDict()
    for name, value in merged.items():
        if name in fields and name not in errors:
            for item in _as_form_values(value):
                formdata.add(name, item)
    form = form_class(formdata=formdata, meta={"csrf": False}, **kwargs)
    form.json_errors = errors
    return form


def form_from_query(form_class: type[FormT], args: dict[str, str]) -> FormT:
    """A GET form filled from query parameters, omitted ones taking their defaults."""
    probe = form_class(formdata=None)
    formdata = MultiDict(args)
    for name, field in input_fields(probe).items():
        if name not in formdata and field.default is not None:
            for item in _as_form_values(field.default):
                formdata.add(name, item)
    return form_class(formdata=formdata)


def form_errors(form: FlaskForm) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()
            if name != "csrf_token"}




def _value_errors(form: FlaskForm) -> dict[str, list]:
    """What every form field needs beyond its own validators, in the API:
    integers the database can hold (ids and counts without a range of their
    own are 32-bit columns) and text it can store."""
    errors: dict[str, list] = {}
    for name, field in input_fields(form).items():
        ranged = any(isinstance(v, NumberRange) for v in field.validators)
        values = field.data if isinstance(field.data, list) else [field.data]
        for value in values:
            if isinstance(value, int) and not isinstance(value, bool) and not ranged and not (
                    INT_MIN <= value <= INT_MAX):
                errors[name] = [N_("Must be an integer from %(min)d to %(max)d.",
                                   min=INT_MIN, max=INT_MAX)]
            elif isinstance(value, str) and not storable(value):
                errors[name] = [N_("Contains characters that cannot be stored.")]
    return errors


def require_valid(form: FormT) -> FormT:
    """The form, once valid; else its errors (and the JSON's) raised as one
    ValidationError."""
    valid = form.validate()
    json_errors = {**_value_errors(form), **getattr(form, "json_errors", {})}
    if not valid or json_errors:
        fields = {name: [Message(m) for m in messages]
                  for name, messages in form_errors(form).items() if name not in json_errors}
        raise ValidationError({**fields, **json_errors}, N_("Some fields are not valid."))
    return form


def query_int(name: str, minimum: int = 1, maximum: int = INT_MAX) -> int | None:
    """An optional integer query parameter (an id, a count), checked."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise ValidationError.single(
            name, N_("Must be an integer from %(min)d to %(max)d.", min=minimum, max=maximum))
    return value


def page_params() -> tuple[int, int]:
    """?page= and ?per_page=, checked: a list endpoint never guesses."""
    errors: dict[str, list] = {}
    values = {}
    maximum = current_app.config["MAX_PER_PAGE"]
    for name, default, top in (("page", 1, INT_MAX),
                               ("per_page", current_app.config["PER_PAGE"], maximum)):
        raw = request.args.get(name)
        try:
            value = default if raw in (None, "") else int(raw)
        except ValueError:
            value = 0
        if not 1 <= value <= top:
            errors[name] = [N_("Must be an integer from 1 to %(max)d.", max=top)]
        values[name] = value
    if errors:
        raise ValidationError(errors)
    return values["page"], values["per_page"]
