"""The OpenAPI 3.1 document. Request bodies and the query parameters that a
form checks are derived from the WTForms classes that validate them, so the
document cannot drift from the rules; tests/core/http/test_openapi.py fails when a
route under /api/v1 is missing from it."""
from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.core.api import bp
from planner.core.api_forms import INT_MAX, INT_MIN, input_fields, json_type
from planner.core.roles import ROLES
from planner.costing.domain import SUGGESTION_KINDS
from planner.costing.models.cost_profile import PROFILE_FIELDS, SHARE_FIELDS
from planner.costing.models.suggestion import SUGGESTION_STATUSES
from planner.coverage.models.absence import ABSENCE_KINDS
from planner.tasks.domain import CATEGORIES, CRITICALITIES
from planner.work.models import OCCURRENCE_STATUSES

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
        parameters.append(_query(name, schema, str(field.label.text)))
    return parameters


# --- Building blocks ----------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
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
    return {str(s): {"description": _ERROR_TEXT[s], "content": _json(_ref("Error"))}
            for s in statuses}


def _query(name: str, schema: dict, description: str = "") -> dict[str, Any]:
    parameter = {"name": name, "in": "query", "required": False, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": INT_MAX}}


PAGING = [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"}]


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A response object: every property is always present unless listed."""
    return {"type": "object", "properties": properties,
            "required": [name for name in properties if name not in optional]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    return {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}


def _page_of(item: str, **extra: Any) -> dict[str, Any]:
    return _object({
        "items": {"type": "array", "items": _ref(item)},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        **extra,
    })


def _op(summary: str, ok: dict[str, Any], errors: tuple[int, ...], *,
        body: dict[str, Any] | None = None, body_required: bool = True,
        parameters: list[dict[str, Any]] | None = None, tag: str,
        description: str = "") -> dict[str, Any]:
    """An operation; every one needs authentication, so 401 is always listed."""
    operation: dict[str, Any] = {"summary": summary, "tags": [tag],
                                 "responses": {**ok, **_errors(401, *errors)}}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {"required": body_required, "content": _json(body)}
    return operation


def _ok(schema: str | dict[str, Any], status: int = 200,
        description: str = "OK") -> dict[str, Any]:
    return {str(status): {"description": description,
                          "content": _json(_ref(schema) if isinstance(schema, str) else schema)}}


NO_CONTENT = {"204": {"description": "Deleted"}}

# --- Response schemas -------------------------------------------------------

STRING, INTEGER, BOOLEAN, NUMBER = ({"type": t} for t in ("string", "integer", "boolean",
                                                          "number"))
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
PERSON_REF = _object({"id": INTEGER, "name": STRING})
OWNER = _object({"user_id": INTEGER, "name": STRING,
                 "role": {"type": "string", "enum": ["primary", "backup", "trainee"]},
                 "level": {"type": "integer", "minimum": 0, "maximum": 4}})
OPTION = _object({"one_off_cost": INTEGER, "annual_cost": INTEGER, "annual_saving": INTEGER,
                  "payback_months": _nullable(NUMBER), "npv": INTEGER,
                  "hours_freed": NUMBER})
NPV_PAIR = {"type": "array", "items": _nullable(INTEGER), "minItems": 2, "maxItems": 2,
            "description": "NPV of automation, then of outsourcing (null: no offer)"}
SENSITIVITY_ROW = _object({"-": NPV_PAIR, "+": NPV_PAIR})


def _profile_values() -> dict[str, Any]:
    return {name: _nullable(NUMBER if name in SHARE_FIELDS else INTEGER)
            for name in PROFILE_FIELDS}


def _effective_values() -> dict[str, Any]:
    values = {name: NUMBER if name in SHARE_FIELDS else INTEGER for name in PROFILE_FIELDS}
    # Ratings have no built-in default: unrated stays null.
    return {name: _nullable(schema) if name.startswith("suitability_") else schema
            for name, schema in values.items()}


def _response_schemas() -> dict[str, Any]:
    occurrence = _object({
        "id": INTEGER, "task_id": INTEGER, "task_title": STRING, "department_id": INTEGER,
        "nominal_date": DATE, "due_date": DATE,
        "status": {"type": "string", "enum": list(OCCURRENCE_STATUSES)},
        "completed_by_id": _nullable(INTEGER), "completed_at": _nullable(DATETIME),
        "note": STRING})
    suggestion = _object({
        "id": INTEGER, "task_id": INTEGER, "task_title": STRING,
        "kind": {"type": "string", "enum": list(SUGGESTION_KINDS)},
        "status": {"type": "string", "enum": list(SUGGESTION_STATUSES)},
        "annual_saving": INTEGER, "npv": INTEGER, "payback_months": _nullable(NUMBER),
        "suitability": _nullable(INTEGER), "owner_id": _nullable(INTEGER),
        "due_date": _nullable(DATE), "note": STRING})
    training_plan = _object({
        "id": INTEGER, "task_id": INTEGER, "task_title": STRING, "trainee": PERSON_REF,
        "trainer": _nullable(PERSON_REF), "target_level": INTEGER, "due_date": DATE,
        "estimated_hours": NUMBER,
        "status": {"type": "string", "enum": ["planned", "done", "cancelled"]}})
    return {
        "Error": _object({"error": _object({
            "code": STRING, "message": STRING,
            "fields": {"type": "object", "description": "Messages per field name",
                       "additionalProperties": {"type": "array", "items": STRING}},
        }, optional=("fields",))}),
        "Task": _object({
            "id": INTEGER, "code": _nullable(STRING), "title": STRING,
            "department_id": INTEGER,
            "department": _object({"id": INTEGER, "code": STRING, "name": STRING}),
            "category": {"type": "string", "enum": list(CATEGORIES)},
            "criticality": {"type": "string", "enum": list(CRITICALITIES)},
            "legal_basis": STRING, "effort_minutes": {"type": "integer", "minimum": 0},
            "procedure": {"type": "string", "description": "Markdown"},
            "primary_owner_id": _nullable(INTEGER),
            "version": {"type": "integer", "minimum": 1,
                        "description": "Send it back in a PATCH to be refused (409) if "
                                       "someone saved the task since you read it"},
            "owners": {"type": "array", "items": OWNER},
            "preset": STRING, "day": _nullable(INTEGER), "weekday": _nullable(STRING),
            "month": _nullable(INTEGER), "business_day": _nullable(INTEGER),
            "once_date": _nullable(DATE), "rrule": _nullable(STRING), "dtstart": DATE,
            "shift": {"type": "string", "enum": ["none", "previous", "next"]},
            "lead_days": {"type": "array", "items": INTEGER},
            "archived": BOOLEAN, "created_at": DATETIME, "updated_at": DATETIME,
        }),
        "Occurrence": occurrence,
        "Preview": _object({"dates": {"type": "array", "items": _object({
            "nominal": DATE, "due": DATE, "moved": BOOLEAN, "reason": _nullable(STRING)})}}),
        "Owners": _object({"owners": {"type": "array", "items": OWNER}}),
        "CoverageItem": _object({
            "id": INTEGER, "title": STRING, "department_id": INTEGER,
            "criticality": {"type": "string", "enum": list(CRITICALITIES)},
            "qualified_count": {"type": "integer", "minimum": 0},
            "single_point_of_failure": BOOLEAN, "occurrences_per_year": INTEGER,
            "risk_score": NUMBER}),
        "Absence": _object({
            "id": INTEGER, "user_id": INTEGER, "name": STRING, "start_date": DATE,
            "end_date": DATE, "kind": {"type": "string", "enum": list(ABSENCE_KINDS)},
            "note": STRING}),
        "Workload": _object({"items": {"type": "array", "items": _object({
            "person_id": INTEGER, "name": STRING,
            "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
            "hours": NUMBER, "capacity": INTEGER, "overloaded": BOOLEAN})},
            "total": INTEGER, "people_total": INTEGER, "page": INTEGER, "per_page": INTEGER}),
        "CostProfile": _object({"task_id": INTEGER, **_profile_values(),
                                "effective": _object(_effective_values())}),
        "DepartmentCostProfile": _object({"department_id": INTEGER, **_profile_values(),
                                          "effective": _object(_effective_values())}),
        "Estimate": _object({
            "occurrences_per_year": INTEGER,
            "in_house": _object({"annual_cost": INTEGER}),
            "automation": OPTION, "outsourcing": _nullable(OPTION),
            "suitability": _nullable(_object({"score": INTEGER, "label": STRING})),
            "sensitivity": _object({"effort": SENSITIVITY_ROW, "hourly_cost": SENSITIVITY_ROW,
                                    "fees": SENSITIVITY_ROW})}),
        "Suggestion": suggestion,
        "Notification": _object({
            "id": INTEGER, "kind": STRING, "subject": STRING, "body": STRING,
            "occurrence_id": _nullable(INTEGER), "sent_at": _nullable(DATETIME),
            "read": BOOLEAN}),
        "Unread": _object({"unread": {"type": "integer", "minimum": 0}}),
        "Person": _object({
            "id": INTEGER, "name": STRING, "email": STRING,
            "role": {"type": "string", "enum": list(ROLES)},
            "language": STRING, "active": BOOLEAN,
            "department_ids": {"type": "array", "items": INTEGER},
            "capacity_hours": _nullable(INTEGER), "created_at": DATETIME}),
        "Department": _object({
            "id": INTEGER, "code": STRING, "name": STRING, "active": BOOLEAN,
            "webhook_url": {**_nullable(STRING), "description": "Administrators only"},
        }, optional=("webhook_url",)),
        "TrainingPlan": training_plan,
        "MyWork": _object({
            "today": DATE,
            **{name: {"type": "array", "items": _ref("Occurrence")}
               for name in ("overdue", "due_today", "this_week", "next_30_days")},
            "training": {"type": "array", "items": _ref("TrainingPlan")},
            "improvements": {"type": "array", "items": _ref("Suggestion")}}),
        "Risk": _object({
            "departments": {"type": "array", "items": _object({
                "department_id": INTEGER, "name": STRING, "tasks": INTEGER,
                "covered": INTEGER, "share": NUMBER, "bus_factor": _nullable(INTEGER)})},
            "at_risk": {"type": "array", "items": _object({
                "occurrence": _ref("Occurrence"),
                "absent": {"type": "array", "items": PERSON_REF},
                "qualified": {"type": "array", "items": PERSON_REF}})},
            "single_points_of_failure": {"type": "array", "items": _object({
                "task_id": INTEGER, "title": STRING, "department_id": INTEGER,
                "criticality": STRING, "risk_score": NUMBER, "qualified_count": INTEGER,
                "candidates": {"type": "array", "items": _object({
                    "user_id": INTEGER, "name": STRING, "level": INTEGER,
                    "same_department": BOOLEAN, "headroom_hours": NUMBER,
                    "training_hours": NUMBER})}})},
            "single_points_of_failure_total": INTEGER, "at_risk_total": INTEGER,
            "page": INTEGER, "per_page": INTEGER,
            "training_plans": {"type": "array", "items": _ref("TrainingPlan")}}),
        **{f"{name}Page": _page_of(name) for name in (
            "Task", "Occurrence", "CoverageItem", "Absence", "Suggestion", "Person",
            "Department")},
        "NotificationPage": _page_of("Notification", unread={"type": "integer", "minimum": 0}),
        **_handover_schemas(),
    }


def _handover_schemas() -> dict[str, Any]:
    from planner.handover.models import HANDOVER_REASONS
    from planner.inventory.models import PROPOSALS

    answer = _object({
        "id": INTEGER, "cycle_id": INTEGER, "task_id": INTEGER, "task_title": STRING,
        "respondent": _nullable(PERSON_REF), "answered_at": _nullable(DATETIME),
        "still_needed": BOOLEAN, "effort_minutes_before": INTEGER,
        "effort_minutes_after": _nullable(INTEGER), "occurrences_per_year": INTEGER,
        "frequency_right": BOOLEAN, "proposal": {"type": "string", "enum": list(PROPOSALS)},
        "comment": STRING, "retired_at": _nullable(DATETIME)})
    cycle_fields = {"id": INTEGER, "department_id": INTEGER, "name": STRING, "due_date": DATE,
                    "started_at": DATETIME, "closed_at": _nullable(DATETIME),
                    "answered": INTEGER, "total": INTEGER}
    reason = {"type": "string", "enum": list(HANDOVER_REASONS)}
    return {
        "ProcedureVersions": _object({
            "task_id": INTEGER, "procedure_reviewed_at": _nullable(DATE),
            "review_due": BOOLEAN,
            "versions": {"type": "array", "items": _object({
                "number": INTEGER, "text": STRING, "author": _nullable(PERSON_REF),
                "created_at": DATETIME})}}),
        "HandoverPlan": _object({
            "person": PERSON_REF, "reason": reason, "start_date": DATE, "end_date": DATE,
            "uncovered": {"type": "array", "items": INTEGER,
                          "description": "Tasks nobody qualified would cover"},
            "items": {"type": "array", "items": _object({
                "task_id": INTEGER, "task_title": STRING,
                "role": {"type": "string", "enum": ["primary", "backup", "trainee"]},
                "level": INTEGER, "open_in_window": {"type": "array", "items": DATE},
                "covered_without": BOOLEAN, "covered_after": BOOLEAN,
                "needs_training": BOOLEAN, "successor_id": _nullable(INTEGER),
                "proposals": {"type": "array", "items": _object({
                    "person": PERSON_REF, "level": INTEGER, "qualified": BOOLEAN,
                    "headroom_hours": NUMBER, "training_hours": NUMBER,
                    "fits": BOOLEAN})}})},
            "to_close": {"type": "array", "items": _ref("Occurrence")}}),
        "Handover": _object({
            "id": INTEGER, "person": PERSON_REF, "reason": reason, "start_date": DATE,
            "end_date": DATE, "applied_at": DATETIME, "note": STRING,
            "lines": {"type": "array", "items": _object({
                "task_id": INTEGER, "previous_role": STRING, "previous_level": INTEGER,
                "successor_id": _nullable(INTEGER), "training_planned": BOOLEAN})}}),
        "InventoryAnswer": answer,
        "InventoryCycle": _object(cycle_fields),
        "InventoryCycleDetail": _object({
            **cycle_fields, "answers": {"type": "array", "items": _ref("InventoryAnswer")},
            "summary": _object({
                "hours_before": NUMBER, "hours_after": NUMBER, "hours_saved": NUMBER,
                "retire": {"type": "array", "items": INTEGER},
                "proposals": {"type": "array", "items": INTEGER}})}),
        "InventoryCyclePage": _page_of("InventoryCycle", pending={
            "type": "array", "items": _ref("InventoryAnswer")}),
        "Reminded": _object({"reminded": {"type": "integer", "minimum": 0}}),
    }


# --- Request schemas --------------------------------------------------------


def _request_schemas() -> dict[str, Any]:
    from planner.costing.forms import CostProfileForm, ReviewForm
    from planner.coverage.forms import AbsenceForm, AcceptSuggestionForm, OwnerRow
    from planner.handover.forms import HandoverForm
    from planner.inventory.forms import InventoryAnswerForm, InventoryStartForm
    from planner.people.forms import DepartmentForm, PersonForm
    from planner.tasks.forms import TaskForm
    from planner.work.forms import CompleteForm, SkipForm

    def make(form_class: type[FlaskForm]) -> FlaskForm:
        return form_class(formdata=None, meta={"csrf": False})

    owner_row = form_schema(make(OwnerRow))
    # The page offers an empty row to fill in; in the API every row names a person.
    owner_row["properties"]["user_id"] = {"type": "integer", "minimum": 1, "maximum": INT_MAX}
    owner_row["required"] = ["user_id"]
    absence = form_schema(make(AbsenceForm))
    absence["required"] = [n for n in absence.get("required", []) if n != "user_id"]
    absence["properties"]["user_id"]["description"] = "Default: the caller"
    person = form_schema(make(PersonForm))
    person["properties"]["email"]["format"] = "email"
    task = make(TaskForm)
    handover = form_schema(make(HandoverForm))
    handover["properties"]["successors"] = {
        "type": "object", "description": "Task id → the successor's person id, or null; a "
                                         "task not named keeps the proposed successor",
        "propertyNames": {"pattern": "^[0-9]+$"},
        "additionalProperties": _nullable({"type": "integer", "minimum": 1,
                                           "maximum": INT_MAX})}
    return {
        "TaskInput": form_schema(task),
        "TaskPatch": form_schema(task, required=False),
        "CompleteInput": form_schema(make(CompleteForm)),
        "SkipInput": form_schema(make(SkipForm)),
        "OwnersInput": {"type": "object", "required": ["owners"],
                        "additionalProperties": False,
                        "properties": {"owners": {"type": "array", "items": owner_row}}},
        "AbsenceInput": absence,
        "AbsencePatch": form_schema(make(AbsenceForm), required=False),
        "CostProfileInput": form_schema(make(CostProfileForm)),
        "ReviewInput": form_schema(make(ReviewForm)),
        "PersonInput": person,
        "PersonPatch": {**person, "required": []},
        "DepartmentInput": form_schema(make(DepartmentForm)),
        "DepartmentPatch": form_schema(make(DepartmentForm), required=False),
        "TrainingInput": form_schema(make(AcceptSuggestionForm)),
        "HandoverInput": handover,
        "InventoryStartInput": form_schema(make(InventoryStartForm)),
        "InventoryAnswerInput": form_schema(make(InventoryAnswerForm)),
    }


# --- Paths ------------------------------------------------------------------


def _paths() -> dict[str, Any]:
    from planner.calendar.forms import PreviewForm
    from planner.tasks.api import task_filter_form
    from planner.work.forms import OccurrenceFilterForm

    task_id, occurrence_id = _path("task_id"), _path("occurrence_id")
    absence_id, person_id = _path("absence_id"), _path("person_id")
    department_id = _path("department_id")
    department_filter = _query("department_id", {"type": "integer", "minimum": 1,
                                                  "maximum": INT_MAX})
    occurrence_filters = form_parameters(OccurrenceFilterForm(formdata=None))
    absence_filters = [p for p in occurrence_filters
                       if p["name"] in ("person_id", "due_from", "due_to")]
    task_filters = form_parameters(task_filter_form(None))
    return {
        "/tasks": {
            "get": _op("List the tasks the caller may see", _ok("TaskPage"), (422,),
                       parameters=[*task_filters, *PAGING], tag="Tasks"),
            "post": _op("Create a task", _ok("Task", 201, "Created"), (403, 422),
                        body=_ref("TaskInput"), tag="Tasks",
                        description="Sending only `rrule`, `business_day` or `once_date` "
                                    "picks the preset."),
        },
        "/tasks/{task_id}": {
            "parameters": [task_id],
            "get": _op("One task", _ok("Task"), (404,), tag="Tasks"),
            "patch": _op("Change some fields of a task", _ok("Task"), (403, 404, 409, 422),
                         body=_ref("TaskPatch"), tag="Tasks",
                         description="Only the fields sent change."),
        },
        "/tasks/{task_id}/archive": {
            "parameters": [task_id],
            "post": _op("Archive a task (managers)", _ok("Task"), (403, 404), tag="Tasks",
                        description="Its future open occurrences are cancelled."),
        },
        "/tasks/{task_id}/restore": {
            "parameters": [task_id],
            "post": _op("Restore an archived task (managers)", _ok("Task"), (403, 404),
                        tag="Tasks"),
        },
        "/recurrence/preview": {
            "get": _op("Preview the due dates of a schedule", _ok("Preview"), (422,),
                       parameters=form_parameters(PreviewForm(formdata=None)), tag="Tasks",
                       description="Against the organisation's calendar; `rrule`, "
                                   "`business_day` or `once_date` alone picks the preset."),
        },
        "/occurrences": {
            "get": _op("List occurrences", _ok("OccurrencePage"), (422,),
                       parameters=[*occurrence_filters, *PAGING], tag="Occurrences"),
        },
        "/occurrences/{occurrence_id}/complete": {
            "parameters": [occurrence_id],
            "post": _op("Mark an occurrence done", _ok("Occurrence"), (403, 404, 422),
                        body=_ref("CompleteInput"), body_required=False, tag="Occurrences"),
        },
        "/occurrences/{occurrence_id}/skip": {
            "parameters": [occurrence_id],
            "post": _op("Skip an occurrence, saying why", _ok("Occurrence"), (403, 404, 422),
                        body=_ref("SkipInput"), tag="Occurrences"),
        },
        "/occurrences/{occurrence_id}/reopen": {
            "parameters": [occurrence_id],
            "post": _op("Reopen a done or skipped occurrence", _ok("Occurrence"),
                        (403, 404), tag="Occurrences"),
        },
        "/my-work": {
            "get": _op("The caller's work, as on \"my work\"", _ok("MyWork"), (), tag="Work"),
        },
        "/overdue": {
            "get": _op("Overdue occurrences in the caller's departments (managers)",
                       _ok("OccurrencePage"), (403, 422), parameters=PAGING, tag="Work"),
        },
        "/tasks/{task_id}/owners": {
            "parameters": [task_id],
            "get": _op("A task's owners", _ok("Owners"), (404,), tag="Coverage"),
            "put": _op("Replace a task's owners (managers)", _ok("Owners"), (403, 404, 422),
                       body=_ref("OwnersInput"), tag="Coverage",
                       description="An active task keeps exactly one primary owner."),
        },
        "/tasks/{task_id}/training": {
            "parameters": [task_id],
            "post": _op("Plan cross-training on a task (managers)",
                        _ok("TrainingPlan", 201, "Planned"), (403, 404, 422),
                        body=_ref("TrainingInput"), tag="Coverage"),
        },
        "/coverage": {
            "get": _op("Qualified people and key-person risk per task",
                       _ok("CoverageItemPage"), (422,),
                       parameters=[department_filter, *PAGING], tag="Coverage"),
        },
        "/risk": {
            "get": _op("The risk dashboard (managers)", _ok("Risk"), (403, 422),
                       parameters=[department_filter, *PAGING], tag="Coverage",
                       description="Single points of failure a page at a time, highest "
                                   "risk first; the 20 soonest deadlines at risk."),
        },
        "/absences": {
            "get": _op("List absences", _ok("AbsencePage"), (422,),
                       parameters=[*absence_filters, *PAGING], tag="Coverage"),
            "post": _op("Record an absence", _ok("Absence", 201, "Created"), (403, 422),
                        body=_ref("AbsenceInput"), tag="Coverage"),
        },
        "/absences/{absence_id}": {
            "parameters": [absence_id],
            "get": _op("One absence", _ok("Absence"), (404,), tag="Coverage"),
            "patch": _op("Change an absence", _ok("Absence"), (403, 404, 422),
                         body=_ref("AbsencePatch"), tag="Coverage"),
            "delete": _op("Remove an absence", NO_CONTENT, (403, 404), tag="Coverage"),
        },
        "/workload": {
            "get": _op("Hours per person and month", _ok("Workload"), (404, 422),
                       parameters=[
                           department_filter,
                           _query("months", {"type": "integer", "minimum": 1, "maximum": 24}),
                           _query("from", DATE, "First month (default: this month)"),
                           *PAGING],
                       tag="Coverage",
                       description="For a department's people, a page of people at a "
                                   "time, or without one for the caller."),
        },
        "/tasks/{task_id}/cost-profile": {
            "parameters": [task_id],
            "get": _op("A task's cost inputs", _ok("CostProfile"), (404,), tag="Costing"),
            "put": _op("Replace a task's cost inputs (managers)", _ok("CostProfile"),
                       (403, 404, 422), body=_ref("CostProfileInput"), tag="Costing",
                       description="A field left out or null inherits the department's "
                                   "default."),
        },
        "/tasks/{task_id}/estimate": {
            "parameters": [task_id],
            "get": _op("In-house, automation and outsourcing estimates", _ok("Estimate"),
                       (404,), tag="Costing"),
        },
        "/departments/{department_id}/cost-profile": {
            "parameters": [department_id],
            "get": _op("A department's default cost inputs (administrators)",
                       _ok("DepartmentCostProfile"), (403, 404), tag="Costing"),
            "put": _op("Replace a department's default cost inputs (administrators)",
                       _ok("DepartmentCostProfile"), (403, 404, 422),
                       body=_ref("CostProfileInput"), tag="Costing"),
        },
        "/suggestions": {
            "get": _op("Suggestions: automate, outsource, cross-train or keep",
                       _ok("SuggestionPage"), (422,), parameters=[
                           _query("status", {"type": "string",
                                             "enum": list(SUGGESTION_STATUSES)}),
                           _query("kind", {"type": "string", "enum": list(SUGGESTION_KINDS)}),
                           *PAGING], tag="Costing"),
        },
        "/suggestions/{suggestion_id}/review": {
            "parameters": [_path("suggestion_id")],
            "post": _op("Record a manager's decision", _ok("Suggestion"), (403, 404, 422),
                        body=_ref("ReviewInput"), tag="Costing",
                        description="Approving needs `owner_id` and `due_date`."),
        },
        "/notifications": {
            "get": _op("The caller's inbox, newest first", _ok("NotificationPage"), (422,),
                       parameters=PAGING, tag="Notifications"),
        },
        "/notifications/{notification_id}/read": {
            "parameters": [_path("notification_id")],
            "post": _op("Mark an inbox entry read", _ok("Unread"), (404,),
                        tag="Notifications"),
        },
        "/people": {
            "get": _op("List people (administrators)", _ok("PersonPage"), (403, 422),
                       parameters=[department_filter, *PAGING], tag="People"),
            "post": _op("Add a person (administrators)", _ok("Person", 201, "Created"),
                        (403, 422), body=_ref("PersonInput"), tag="People",
                        description="Without a password the person cannot sign in yet."),
        },
        "/people/{person_id}": {
            "parameters": [person_id],
            "get": _op("One person (administrators)", _ok("Person"), (403, 404),
                       tag="People"),
            "patch": _op("Change a person (administrators)", _ok("Person"), (403, 404, 422),
                         body=_ref("PersonPatch"), tag="People",
                         description="Only the fields sent change; deactivating signs the "
                                     "person out everywhere."),
        },
        "/departments": {
            "get": _op("The caller's departments (administrators: all)",
                       _ok("DepartmentPage"), (422,), parameters=PAGING, tag="People"),
            "post": _op("Add a department (administrators)",
                        _ok("Department", 201, "Created"), (403, 422),
                        body=_ref("DepartmentInput"), tag="People"),
        },
        "/departments/{department_id}": {
            "parameters": [department_id],
            "get": _op("One department", _ok("Department"), (404,), tag="People"),
            "patch": _op("Change a department (administrators)", _ok("Department"),
                         (403, 404, 422), body=_ref("DepartmentPatch"), tag="People"),
        },
        **_handover_paths(task_id, person_id),
    }


def _handover_paths(task_id: dict[str, Any], person_id: dict[str, Any]) -> dict[str, Any]:
    from planner.handover.models import HANDOVER_REASONS

    cycle_id, answer_id = _path("cycle_id"), _path("answer_id")
    window = [_query("reason", {"type": "string", "enum": list(HANDOVER_REASONS)}),
              _query("start_date", DATE, "Default: in two weeks"),
              _query("end_date", DATE, "Default: 90 days after the start")]
    return {
        "/tasks/{task_id}/procedure/versions": {
            "parameters": [task_id],
            "get": _op("The procedure's versions, newest first", _ok("ProcedureVersions"),
                       (404,), tag="Procedures"),
        },
        "/tasks/{task_id}/procedure/reviewed": {
            "parameters": [task_id],
            "post": _op("Mark the procedure reviewed (its owners, managers)",
                        _ok("ProcedureVersions"), (403, 404), tag="Procedures"),
        },
        "/people/{person_id}/handover": {
            "parameters": [person_id],
            "get": _op("What a person's handover would do (managers)", _ok("HandoverPlan"),
                       (403, 404, 422), parameters=window, tag="Handover"),
            "post": _op("Apply a person's handover (managers)",
                        _ok("Handover", 201, "Applied"), (403, 404, 409, 422),
                        body=_ref("HandoverInput"), tag="Handover",
                        description="409 `uncovered_tasks` while a task would have nobody "
                                    "qualified, unless `accept_uncovered` is true."),
        },
        "/inventory": {
            "get": _op("Inventory cycles, and the caller's pending answers",
                       _ok("InventoryCyclePage"), (422,), parameters=PAGING, tag="Inventory"),
            "post": _op("Start an inventory cycle (managers)",
                        _ok("InventoryCycleDetail", 201, "Started"), (403, 404, 409, 422),
                        body=_ref("InventoryStartInput"), tag="Inventory"),
        },
        "/inventory/{cycle_id}": {
            "parameters": [cycle_id],
            "get": _op("A cycle with its answers and summary", _ok("InventoryCycleDetail"),
                       (404,), tag="Inventory"),
        },
        "/inventory/{cycle_id}/remind": {
            "parameters": [cycle_id],
            "post": _op("Remind those who have not answered (managers)", _ok("Reminded"),
                        (403, 404, 409), tag="Inventory"),
        },
        "/inventory/{cycle_id}/close": {
            "parameters": [cycle_id],
            "post": _op("Close a cycle; corrected efforts become the tasks' (managers)",
                        _ok("InventoryCycleDetail"), (403, 404), tag="Inventory"),
        },
        "/inventory/answers/{answer_id}": {
            "parameters": [answer_id],
            "get": _op("One answer", _ok("InventoryAnswer"), (404,), tag="Inventory"),
            "put": _op("Answer for a task (its primary owner, managers)",
                       _ok("InventoryAnswer"), (403, 404, 409, 422),
                       body=_ref("InventoryAnswerInput"), tag="Inventory"),
        },
        "/inventory/answers/{answer_id}/retire": {
            "parameters": [answer_id],
            "post": _op("Retire a task its owner says is not needed (managers)",
                        _ok("InventoryAnswer"), (403, 404, 409), tag="Inventory"),
        },
    }


# Routes that are not operations: the document itself and its documentation page.
UNDOCUMENTED_ENDPOINTS = frozenset({"api.openapi", "api.docs", "api.docs_asset"})


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
        "tags": [{"name": name} for name in ("Tasks", "Occurrences", "Work", "Coverage",
                                              "Costing", "Notifications", "People")],
        "components": {
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A token from \"My account\" or `planner tokens create`."}},
            "parameters": {
                "page": _query("page", {"type": "integer", "minimum": 1, "maximum": INT_MAX,
                                        "default": 1}),
                "per_page": _query("per_page", {
                    "type": "integer", "minimum": 1,
                    "maximum": current_app.config["MAX_PER_PAGE"],
                    "default": current_app.config["PER_PAGE"]}),
            },
            "schemas": {**_response_schemas(), **_request_schemas()},
        },
        "paths": _paths(),
    }


@bp.get("/openapi.json")
def openapi():  # noqa: ANN201
    return jsonify(document())
