"""The OpenAPI 3.1 document's builder. Each feature's API module declares the
paths it serves and the schemas they answer, next to its routes, through
@paths and @schemas; this module assembles them and knows no feature. Request
bodies and the query parameters that a form checks are derived from the
WTForms classes that validate them, so the document cannot drift from the
rules; tests/core/http/test_openapi.py fails when a route under /api/v1 is missing
from it."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, jsonify
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.core.api import bp
from planner.core.api_forms import input_fields, json_type
from planner.core.limits import INT_MAX, INT_MIN

# --- The registry -------------------------------------------------------------

# A feature's contribution: a function answering {path: path item} or
# {schema name: schema}. It is called for every request of the document, not
# once at import, because labels and descriptions follow the caller's language.
Contribution = Callable[[], dict[str, Any]]

_PATHS: list[Contribution] = []
_SCHEMAS: list[Contribution] = []


def paths(contribution: Contribution) -> Contribution:
    """Declare the paths a feature's API module serves (a decorator)."""
    _PATHS.append(contribution)
    return contribution


def schemas(contribution: Contribution) -> Contribution:
    """Declare the component schemas a feature's API module answers with or
    takes (a decorator)."""
    _SCHEMAS.append(contribution)
    return contribution


def _merged(contributions: Iterable[Contribution], kind: str) -> dict[str, Any]:
    """One mapping from every contribution. Two features naming the same path
    or schema would silently replace one another: refused instead."""
    merged: dict[str, Any] = {}
    for contribution in contributions:
        part = contribution()
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"OpenAPI {kind} declared twice: {', '.join(sorted(twice))}")
        merged.update(part)
    return merged


# --- Schemas derived from forms -----------------------------------------------


def _field_schema(field: Any) -> tuple[dict[str, Any], bool, bool]:
    """A field's JSON schema, whether it must be sent, whether null is taken."""
    kind = json_type(field)
    schema: dict[str, Any] = {"type": kind}
    validators = field.validators
    mandatory = any(isinstance(v, (DataRequired, InputRequired)) for v in validators)
    optional = any(isinstance(v, Optional) for v in validators)
    # A single choice without Optional() must be one of the choices: null is refused.
    single_choice = isinstance(field, SelectField) and not isinstance(field, SelectMultipleField)
    nullable = not mandatory and not (single_choice and not optional)
    bounded = False
    for validator in validators:
        if isinstance(validator, DataRequired) and kind == "string":
            schema["minLength"] = 1
        elif isinstance(validator, Length):
            if validator.max and validator.max > 0:
                schema["maxLength"] = validator.max
            if validator.min and validator.min > 0:
                schema["minLength"] = validator.min
        elif isinstance(validator, NumberRange):
            bounded = True
            if validator.min is not None:
                schema["minimum"] = validator.min
            if validator.max is not None:
                schema["maximum"] = validator.max
    if kind == "integer" and not bounded:
        schema.update(minimum=INT_MIN, maximum=INT_MAX)  # what the database holds
    if kind == "array":
        schema["items"] = {"type": "integer", "minimum": INT_MIN, "maximum": INT_MAX}
    if isinstance(field, DateField):
        schema["format"] = "date"
    if single_choice and field.choices and getattr(field, "validate_choice", True):
        values = [choice.value for choice in field.choices]
        if kind == "string" or all(isinstance(v, int) for v in values):
            schema["enum"] = values
    if nullable:
        schema["type"] = [kind, "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    if field.default is not None:
        schema["default"] = field.default
    if field.description:
        schema["description"] = str(field.description)
    return schema, mandatory and field.default is None, nullable


def form_schema(form: FlaskForm, required: bool = True) -> dict[str, Any]:
    """The JSON body form_from_json() accepts for this form; required=False
    for a PATCH, where only the fields sent change."""
    properties: dict[str, Any] = {}
    needed = []
    for name, field in input_fields(form).items():
        properties[name], must, _ = _field_schema(field)
        if must:
            needed.append(name)
    result: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    if required and needed:
        result["required"] = needed
    return result


def form_parameters(form: FlaskForm) -> list[dict[str, Any]]:
    """Query parameters checked by a GET form (form_from_query, require_valid)."""
    parameters = []
    for name, field in input_fields(form).items():
        schema, _, _ = _field_schema(field)
        if schema["type"] == "array" or "array" in schema["type"]:
            schema = {"type": "string", "pattern": r"^[0-9, -]*$",
                      "description": "Whole numbers separated by commas, e.g. 7,1,0."}
        else:
            # A query string has no null: an empty or missing parameter means "none".
            schema = {k: v for k, v in schema.items() if k not in ("default",)}
            if isinstance(schema["type"], list):
                schema["type"] = schema["type"][0]
            if "enum" in schema:
                schema["enum"] = [v for v in schema["enum"] if v not in (None, "")]
        parameters.append(query_param(name, schema, str(field.label.text)))
    return parameters


# --- Building blocks, for the features' declarations -------------------------


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema, by name."""
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


_ERROR_TEXT = {
    400: "Bad request",
    401: "No token, or a revoked one",
    403: "Your role or department does not allow this",
    404: "Not found, or another department's record",
    409: "Conflict with the current state",
    422: "Validation failed; `fields` names each field",
}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": _ERROR_TEXT[s], "content": _json(ref("Error"))}
            for s in statuses}


def query_param(name: str, schema: dict, description: str = "") -> dict[str, Any]:
    """An optional query parameter."""
    parameter = {"name": name, "in": "query", "required": False, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


# A record id, in a path or a query: what the database holds.
ID = {"type": "integer", "minimum": 1, "maximum": INT_MAX}


def path_param(name: str) -> dict[str, Any]:
    """A record's id in the path."""
    return {"name": name, "in": "path", "required": True, "schema": ID}


PAGING = [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"}]


def object_of(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A response object: every property is always present unless listed."""
    return {"type": "object", "properties": properties,
            "required": [name for name in properties if name not in optional]}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, or null."""
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    return {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}


def page_of(item: str, **extra: Any) -> dict[str, Any]:
    """A page of a list: its items (the schema named `item`), the total and the paging."""
    return object_of({
        "items": {"type": "array", "items": ref(item)},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        **extra,
    })


def op(summary: str, success: dict[str, Any], errors: tuple[int, ...], *,
       body: dict[str, Any] | None = None, body_required: bool = True,
       parameters: list[dict[str, Any]] | None = None, tag: str,
       description: str = "") -> dict[str, Any]:
    """An operation; every one needs authentication, so 401 is always listed."""
    operation: dict[str, Any] = {"summary": summary, "tags": [tag],
                                 "responses": {**success, **_errors(401, *errors)}}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {"required": body_required, "content": _json(body)}
    return operation


def ok(schema: str | dict[str, Any], status: int = 200,
       description: str = "OK") -> dict[str, Any]:
    """A success response: a schema's name or the schema itself."""
    return {str(status): {"description": description,
                          "content": _json(ref(schema) if isinstance(schema, str) else schema)}}


NO_CONTENT = {"204": {"description": "Deleted"}}


# --- Shared schemas -----------------------------------------------------------

STRING, INTEGER, BOOLEAN, NUMBER = ({"type": t} for t in ("string", "integer", "boolean",
                                                          "number"))
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
# A person named inside another record (a trainee, an author, a respondent...).
PERSON_REF = object_of({"id": INTEGER, "name": STRING})
# A task's owner: in a task, and in its owners' list.
OWNER = object_of({"user_id": INTEGER, "name": STRING,
                   "role": {"type": "string", "enum": ["primary", "backup", "trainee"]},
                   "level": {"type": "integer", "minimum": 0, "maximum": 4}})


def blank_form(form_class: type[FlaskForm]) -> FlaskForm:
    """A form with no data and no CSRF field, to derive a request body's schema from."""
    return form_class(formdata=None, meta={"csrf": False})


@schemas
def error_schemas() -> dict[str, Any]:
    """Every error, from every feature, has this shape (core.api_errors)."""
    return {
        "Error": object_of({"error": object_of({
            "code": STRING, "message": STRING,
            "fields": {"type": "object", "description": "Messages per field name",
                       "additionalProperties": {"type": "array", "items": STRING}},
        }, optional=("fields",))}),
    }


# --- The document -------------------------------------------------------------

# Routes that are not operations: the document itself and its documentation page.
UNDOCUMENTED_ENDPOINTS = frozenset({"api.openapi", "api.docs", "api.docs_asset"})
# The order Swagger UI shows its sections in; a tag not listed comes after them.
TAG_ORDER = ("Tasks", "Occurrences", "Work", "Coverage", "Costing", "Notifications", "People")


def document() -> dict[str, Any]:
    """The whole document; built per request, since descriptions follow the
    caller's language."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Back-office planner API", "version": "1.0.0",
                 "description": "Dates are ISO 8601, datetimes carry their offset, money is "
                                "an integer number of yen. Lists take `page` and `per_page` "
                                "and answer `total`. Every error has the `Error` shape."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "tags": [{"name": name} for name in TAG_ORDER],
        "components": {
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A token from \"My account\" or `planner tokens create`."}},
            "parameters": {
                "page": query_param("page", {"type": "integer", "minimum": 1,
                                             "maximum": INT_MAX, "default": 1}),
                "per_page": query_param("per_page", {
                    "type": "integer", "minimum": 1,
                    "maximum": current_app.config["MAX_PER_PAGE"],
                    "default": current_app.config["PER_PAGE"]}),
            },
            "schemas": _merged(_SCHEMAS, "schemas"),
        },
        "paths": _merged(_PATHS, "paths"),
    }


@bp.get("/openapi.json")
def openapi():  # noqa: ANN201
    return jsonify(document())
