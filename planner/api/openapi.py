"""The OpenAPI 3.1 document. Request schemas are derived from the WTForms
classes that validate the bodies, so the document cannot drift from the rules."""
from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from planner.api import bp
from planner.api.forms import input_fields, json_type
from planner.domain.tasks import CATEGORIES, CRITICALITIES
from planner.web.forms import TaskForm


def form_schema(form: FlaskForm, required: bool = True) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    needed = []
    for name, field in input_fields(form).items():
        schema: dict[str, Any] = {"type": json_type(field)}
        mandatory = any(isinstance(v, (DataRequired, InputRequired)) for v in field.validators)
        if mandatory and field.default is None:
            needed.append(name)
        for validator in field.validators:
            if isinstance(validator, DataRequired) and schema["type"] == "string":
                schema["minLength"] = 1
            elif isinstance(validator, Length):
                if validator.max and validator.max > 0:
                    schema["maxLength"] = validator.max
                if validator.min and validator.min > 0:
                    schema["minLength"] = validator.min
            elif isinstance(validator, NumberRange):
                if validator.min is not None:
                    schema["minimum"] = validator.min
                if validator.max is not None:
                    schema["maximum"] = validator.max
        if schema["type"] == "array":
            schema["items"] = {"type": "integer"}
        if isinstance(field, DateField):
            schema["format"] = "date"
        if isinstance(field, SelectField) and schema["type"] == "string" and field.choices:
            schema["enum"] = [choice.value for choice in field.choices]
        if not mandatory:
            schema["type"] = [schema["type"], "null"]
        if field.default is not None:
            schema["default"] = field.default
        if field.description:
            schema["description"] = str(field.description)
        properties[name] = schema
    result: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    if required and needed:
        result["required"] = needed
    return result


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": "Error", "content": _json(_ref("Error"))} for s in statuses}


def _page_of(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
        },
    }


def _query(name: str, schema: dict, description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


TASK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "department_id", "category", "criticality", "effort_minutes",
                 "archived", "owners"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": ["string", "null"]},
        "title": {"type": "string"},
        "department_id": {"type": "integer"},
        "department": {"type": "object", "properties": {
            "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"}}},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "criticality": {"type": "string", "enum": list(CRITICALITIES)},
        "legal_basis": {"type": "string"},
        "effort_minutes": {"type": "integer", "minimum": 0},
        "procedure": {"type": "string", "description": "Markdown"},
        "primary_owner_id": {"type": ["integer", "null"]},
        "owners": {"type": "array", "items": {"type": "object", "properties": {
            "user_id": {"type": "integer"}, "name": {"type": "string"},
            "role": {"type": "string", "enum": ["primary", "backup", "trainee"]},
            "level": {"type": "integer", "minimum": 0, "maximum": 4}}}},
        "archived": {"type": "boolean"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "fields": {"type": "object",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        },
    }},
}


def document() -> dict[str, Any]:
    task_form = TaskForm(formdata=None, meta={"csrf": False})
    task_id = {"name": "task_id", "in": "path", "required": True,
               "schema": {"type": "integer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Back-office planner API", "version": "1.0.0",
                 "description": "Dates are ISO 8601, datetimes carry their offset, money is "
                                "an integer number of yen."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Task": TASK_SCHEMA,
                "TaskInput": form_schema(task_form),
                "TaskPatch": form_schema(task_form, required=False),
                "TaskPage": _page_of("Task"),
                "Error": ERROR_SCHEMA,
            },
        },
        "paths": {
            "/tasks": {
                "get": {
                    "summary": "List the tasks the caller may see",
                    "parameters": [
                        _query("q", {"type": "string", "maxLength": 200}, "Text search"),
                        _query("department_id", {"type": "integer"}),
                        _query("category", {"type": "string", "enum": list(CATEGORIES)}),
                        _query("criticality", {"type": "string", "enum": list(CRITICALITIES)}),
                        _query("owner_id", {"type": "integer"}),
                        _query("status", {"type": "string",
                                          "enum": ["active", "archived", "all"]}),
                        _query("sort", {"type": "string"}),
                        _query("page", {"type": "integer", "minimum": 1}),
                        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}),
                    ],
                    "responses": {"200": {"description": "A page of tasks",
                                          "content": _json(_ref("TaskPage"))},
                                  **_errors(401, 422)},
                },
                "post": {
                    "summary": "Create a task",
                    "requestBody": {"required": True, "content": _json(_ref("TaskInput"))},
                    "responses": {"201": {"description": "Created",
                                          "content": _json(_ref("Task"))},
                                  **_errors(401, 403, 422)},
                },
            },
            "/tasks/{task_id}": {
                "parameters": [task_id],
                "get": {"summary": "One task",
                        "responses": {"200": {"description": "The task",
                                              "content": _json(_ref("Task"))},
                                      **_errors(401, 404)}},
                "patch": {"summary": "Change some fields of a task",
                          "requestBody": {"required": True, "content": _json(_ref("TaskPatch"))},
                          "responses": {"200": {"description": "The changed task",
                                                "content": _json(_ref("Task"))},
                                        **_errors(401, 403, 404, 422)}},
            },
        },
    }


@bp.get("/openapi.json")
def openapi():  # noqa: ANN201
    return jsonify(document())
