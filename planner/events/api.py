"""The event types as JSON: what recording an event would open.

Everyone signed in may read them (they are the law and the company's usual
steps, not anyone's data); administrators add their own and change the
shipped ones, as on the event types' pages."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import get_locale

from planner.core import openapi
from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, require_valid
from planner.core.errors import N_, Message, NotFound, ValidationError
from planner.core.roles import Role
from planner.events import event_types as types
from planner.events.domain import CONDITIONS, KINDS, ORIGINS, EventType, StepTemplate
from planner.events.forms import EventStepForm, EventTypeForm, EventTypeTitlesForm
from planner.tasks.domain import CATEGORIES


def _step_json(step: StepTemplate, language: str) -> dict[str, Any]:
    rule = step.deadline
    return {
        "key": step.key,
        "title": step.title_ja if language == "ja" else step.title_en,
        "title_ja": step.title_ja, "title_en": step.title_en,
        "legal_basis": step.legal_basis_ja if language == "ja" else step.legal_basis_en,
        "department": step.department, "category": step.category,
        "effort_minutes": step.effort_minutes,
        "deadline": {"kind": rule.kind, "n": rule.n, "day": rule.day,
                     "counts_event_day": rule.counts_event_day, "statutory": rule.statutory},
        "when": step.when, "source": step.source, "url": step.url or None,
        "origin": step.origin,
    }


def event_type_json(event_type: EventType, language: str) -> dict[str, Any]:
    return {
        "key": event_type.key,
        "title": event_type.title_ja if language == "ja" else event_type.title_en,
        "title_ja": event_type.title_ja, "title_en": event_type.title_en,
        "steps": [_step_json(step, language) for step in event_type.steps],
        "origin": event_type.origin, "archived": event_type.archived,
    }


def _language() -> str:
    return "ja" if str(get_locale()).startswith("ja") else "en"


@bp.get("/event-types")
def list_event_types():  # noqa: ANN201
    """The event types in force with their steps: the shipped ones in the data file's
    order, then the company's own; `archived=true` adds the types put away."""
    archived = request.args.get("archived", "").lower() in ("1", "true", "yes")
    found = types.all_event_types() if archived else types.event_types()
    language = _language()
    return jsonify({"items": [event_type_json(each, language) for each in found],
                    "total": len(found)})


def _known(key: str) -> EventType:
    found = types.event_type(key)
    if found is None:
        raise NotFound(N_("There is no event type %(key)s.", key=key))
    return found


@bp.get("/event-types/<key>")
def get_event_type(key: str):  # noqa: ANN201
    return jsonify(event_type_json(_known(key), _language()))


@bp.post("/event-types")
@requires_role(Role.ADMIN)
def post_event_type():  # noqa: ANN201
    """A type of the company's own, without steps yet."""
    form = require_valid(form_from_json(EventTypeForm, request.get_json(silent=True)))
    kind = types.add_event_type(api_user(), form.key.data, form.title_ja.data,
                                form.title_en.data)
    return jsonify(event_type_json(kind, _language())), 201


@bp.patch("/event-types/<key>")
@requires_role(Role.ADMIN)
def patch_event_type(key: str):  # noqa: ANN201
    """New titles, or `archived` to put the type away (or back)."""
    kind = _known(key)
    form = require_valid(form_from_json(EventTypeTitlesForm, request.get_json(silent=True),
                                        base={"title_ja": kind.title_ja,
                                              "title_en": kind.title_en,
                                              "archived": kind.archived}))
    changed = types.change_event_type(api_user(), key, title_ja=form.title_ja.data,
                                      title_en=form.title_en.data, archived=form.archived.data)
    return jsonify(event_type_json(changed, _language()))


_DEADLINE_FIELDS = {"kind": "deadline_kind", "n": "deadline_n", "day": "deadline_day",
                    "counts_event_day": "counts_event_day", "statutory": "statutory"}
_BODY_NAMES = {form_name: f"deadline.{name}" for name, form_name in _DEADLINE_FIELDS.items()}


def _named_for_api(fields: dict[str, list[Message]]) -> dict[str, list[Message]]:
    """The form's deadline_kind is the body's deadline.kind."""
    return {_BODY_NAMES.get(name, name): messages for name, messages in fields.items()}


def _step_from_body(payload: Any, key: str | None = None) -> StepTemplate:
    """The body (shaped like a step of GET /event-types, `deadline` nested),
    checked by the page's form."""
    if not isinstance(payload, dict):
        raise ValidationError({}, N_("The request body must be a JSON object."))
    errors: dict[str, list[Message]] = {
        name: [N_("Unknown field.")] for name in payload if name in _BODY_NAMES}
    flat = {name: value for name, value in payload.items()
            if name not in ("deadline", "when") and name not in _BODY_NAMES}
    if key is not None:
        flat.pop("key", None)
    flat["when"] = payload.get("when") or ""
    deadline = payload.get("deadline")
    if isinstance(deadline, dict):
        for name, value in deadline.items():
            if name in _DEADLINE_FIELDS:
                flat[_DEADLINE_FIELDS[name]] = value
            else:
                errors[f"deadline.{name}"] = [N_("Unknown field.")]
    else:
        errors["deadline"] = [N_("Must be an object with kind, n, day, counts_event_day and "
                                 "statutory.")]
    form = form_from_json(EventStepForm, flat).prepare(types.department_names(),
                                                       editing=key is not None)
    try:
        require_valid(form)
    except ValidationError as error:
        errors.update(_named_for_api(error.fields))
    if errors:
        raise ValidationError(errors)
    return form.template(key)


@bp.post("/event-types/<key>/steps")
@requires_role(Role.ADMIN)
def post_event_step(key: str):  # noqa: ANN201
    """A step of the company's own, after the type's other steps."""
    _known(key)
    step = _step_from_body(request.get_json(silent=True))
    try:
        added = types.add_step(api_user(), key, step)
    except ValidationError as error:
        raise ValidationError(_named_for_api(error.fields)) from None
    return jsonify(_step_json(added, _language())), 201


@bp.put("/event-types/<key>/steps/<step_key>")
@requires_role(Role.ADMIN)
def put_event_step(key: str, step_key: str):  # noqa: ANN201
    """The whole step anew (its key stays); a shipped step's company version."""
    if _known(key).step(step_key) is None:
        raise NotFound(N_("This event type has no step %(key)s.", key=step_key))
    step = _step_from_body(request.get_json(silent=True), step_key)
    try:
        changed = types.change_step(api_user(), key, step_key, step)
    except ValidationError as error:
        raise ValidationError(_named_for_api(error.fields)) from None
    return jsonify(_step_json(changed, _language()))


@bp.delete("/event-types/<key>/steps/<step_key>")
@requires_role(Role.ADMIN)
def delete_event_step(key: str, step_key: str):  # noqa: ANN201
    """Events recorded from now on no longer open the step (a shipped one can be reset)."""
    _known(key)
    types.remove_step(api_user(), key, step_key)
    return "", 204


@bp.post("/event-types/<key>/steps/<step_key>/reset")
@requires_role(Role.ADMIN)
def reset_event_step(key: str, step_key: str):  # noqa: ANN201
    """A shipped step as the file has it, opened again if it was removed."""
    _known(key)
    return jsonify(_step_json(types.reset_step(api_user(), key, step_key), _language()))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    text = openapi.STRING
    return {
        "RelativeDeadline": openapi.object_of({
            "kind": {"type": "string", "enum": list(KINDS)},
            "n": {"type": "integer", "minimum": 0},
            "day": openapi.nullable({"type": "integer", "minimum": 1, "maximum": 31}),
            "counts_event_day": openapi.BOOLEAN,
            "statutory": openapi.BOOLEAN,
        }),
        "EventStepTemplate": openapi.object_of({
            "key": text, "title": text, "title_ja": text, "title_en": text,
            "legal_basis": text,
            # A department's code: the shipped steps name the four the planner starts
            # with; a company's own step may name any of its departments.
            "department": text,
            "category": {"type": "string", "enum": list(CATEGORIES)},
            "effort_minutes": {"type": "integer", "minimum": 1},
            "deadline": openapi.ref("RelativeDeadline"),
            # null (every employee) is one of the values, so the enum lists it too.
            "when": openapi.nullable({"type": "string", "enum": list(CONDITIONS)}),
            "source": text,
            "url": openapi.nullable(text),
            "origin": {"type": "string", "enum": list(ORIGINS)},
        }),
        "EventType": openapi.object_of({
            "key": text, "title": text, "title_ja": text, "title_en": text,
            "steps": {"type": "array", "items": openapi.ref("EventStepTemplate")},
            "origin": {"type": "string", "enum": list(ORIGINS)},
            "archived": openapi.BOOLEAN,
        }),
        "EventTypeInput": openapi.form_schema(openapi.blank_form(EventTypeForm)),
        "EventTypePatch": openapi.form_schema(openapi.blank_form(EventTypeTitlesForm),
                                              required=False),
        "EventStepInput": {
            "type": "object", "additionalProperties": False,
            "required": ["key", "title_ja", "title_en", "department", "category",
                         "effort_minutes", "deadline"],
            "properties": {
                "key": {**text, "maxLength": 40}, "title_ja": text, "title_en": text,
                "legal_basis_ja": text, "legal_basis_en": text, "department": text,
                "category": {"type": "string", "enum": list(CATEGORIES)},
                "effort_minutes": {"type": "integer", "minimum": 1},
                "deadline": {
                    "type": "object", "additionalProperties": False, "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string", "enum": list(KINDS)},
                        "n": {"type": "integer", "minimum": 0},
                        "day": openapi.nullable({"type": "integer", "minimum": 1,
                                                 "maximum": 31}),
                        "counts_event_day": openapi.BOOLEAN, "statutory": openapi.BOOLEAN}},
                "when": openapi.nullable({"type": "string", "enum": list(CONDITIONS)}),
                "source": text, "url": text,
            }},
        "EventTypeList": openapi.object_of({
            "items": {"type": "array", "items": openapi.ref("EventType")},
            "total": openapi.INTEGER,
        }),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/event-types": {
            "get": openapi.op(
                "Event types and the steps each opens", openapi.ok("EventTypeList"), (),
                tag="Events",
                description="`title` and `legal_basis` follow the caller's language. A step's "
                            "`deadline` counts from the event's date: `within_days` (the "
                            "event's day not counted unless `counts_event_day`), "
                            "`day_of_next_month` (day `day` of the month after the event's, "
                            "`n` months after when above 1), `within_months` (the Civil Code's "
                            "months), `business_days_before` (company business days before the "
                            "event). A `statutory` date moves to the authorities' next open day; "
                            "any other is the company's target. `when` names what the employee "
                            "must be for the step to apply (null: everyone). `source` says "
                            "where the deadline comes from; `url` is the authority's page, null "
                            "when none was found. `origin`: shipped, edited (the company's "
                            "version of a shipped one) or own (the company's). "
                            "`archived=true` also lists the types put away.",
                parameters=[openapi.query_param("archived", openapi.BOOLEAN,
                                                "Also the types put away.")]),
            "post": openapi.op(
                "Add an event type of the company's own (administrators)",
                openapi.ok("EventType", 201), (403, 422), body=openapi.ref("EventTypeInput"),
                tag="Events", description="`key`: lower-case letters, digits, hyphens or "
                                          "underscores, at most 40. Add its steps next."),
        },
        "/event-types/{key}": {
            "parameters": [_KEY],
            "get": openapi.op("An event type with its steps", openapi.ok("EventType"), (404,),
                              tag="Events"),
            "patch": openapi.op(
                "Rename an event type or put it away (administrators)", openapi.ok("EventType"),
                (403, 404, 422), body=openapi.ref("EventTypePatch"), tag="Events",
                description="Only the fields sent change; `archived`: no new events of it."),
        },
        "/event-types/{key}/steps": {
            "parameters": [_KEY],
            "post": openapi.op(
                "Add a step of the company's own (administrators)",
                openapi.ok("EventStepTemplate", 201), (403, 404, 422),
                body=openapi.ref("EventStepInput"), tag="Events",
                description="After the type's other steps. Events recorded from now on open "
                            "it; a deadline set by law (`deadline.statutory`) needs a "
                            "`source`."),
        },
        "/event-types/{key}/steps/{step_key}": {
            "parameters": [_KEY, _STEP_KEY],
            "put": openapi.op(
                "Replace a step (administrators)", openapi.ok("EventStepTemplate"),
                (403, 404, 422), body=openapi.ref("EventStepInput"), tag="Events",
                description="The whole step; its key stays. For a shipped step, the company's "
                            "version replaces the file's until it is reset. Its task follows "
                            "the new titles, department and effort; events already recorded "
                            "keep their dates."),
            "delete": openapi.op(
                "Stop opening a step (administrators)", openapi.NO_CONTENT, (403, 404),
                tag="Events", description="Steps already opened stay. A shipped step can be "
                                          "reset; the company's own is deleted."),
        },
        "/event-types/{key}/steps/{step_key}/reset": {
            "parameters": [_KEY, _STEP_KEY],
            "post": openapi.op(
                "Back to the shipped step (administrators)", openapi.ok("EventStepTemplate"),
                (403, 404), tag="Events",
                description="The file's version, opened again if it was removed."),
        },
    }


_KEY = {"name": "key", "in": "path", "required": True,
        "schema": {"type": "string", "maxLength": 40}}
_STEP_KEY = {"name": "step_key", "in": "path", "required": True,
             "schema": {"type": "string", "maxLength": 40}}
