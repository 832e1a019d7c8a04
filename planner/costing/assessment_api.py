"""A task's automation assessment in the JSON API: the answers and what they say."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, bp
from planner.core.api_forms import form_from_json, input_fields, require_valid
from planner.core.errors import Forbidden
from planner.costing import assessment as assessments
from planner.costing.assessment_forms import AssessmentForm
from planner.costing.domain.assessment import INPUT_SOURCES
from planner.tasks import operations as task_service
from planner.tasks.models import Task


def assessment_json(task: Task) -> dict[str, Any]:
    row = assessments.get_assessment(task)
    values = assessments.saved_values(row)
    if values is not None:
        values["rule_based_share"] = float(values["rule_based_share"])
    result = assessments.result_of(task, row)
    person = assessments.updated_by(row)
    return {
        "task_id": task.id, "answered": row is not None, "answers": values,
        "steps_from_procedure": assessments.steps_from_procedure(task),
        "updated_by": person.name if person else None,
        "updated_at": row.updated_at.isoformat() if row is not None else None,
        "result": None if result is None else {
            "potential": float(result.potential), "ease": result.ease,
            "build_days": float(result.build_days),
            "build_cost": assessments.yen_span(result.build_cost),
            "running_cost": assessments.yen_span(result.running_cost)},
    }


@bp.get("/tasks/<int:task_id>/assessment")
def get_assessment(task_id: int):  # noqa: ANN201
    """The task's automation assessment and what it says; anyone who sees the task."""
    return jsonify(assessment_json(task_service.get_task(api_user(), task_id)))


@bp.put("/tasks/<int:task_id>/assessment")
def put_assessment(task_id: int):  # noqa: ANN201
    """Replace the answers: the task's owners, its department's managers, administrators."""
    task = task_service.get_task(api_user(), task_id)
    if not assessments.may_answer(api_user(), task):
        raise Forbidden()  # before the body: a 422 would tell them to try again
    form = require_valid(form_from_json(AssessmentForm, request.get_json(silent=True)))
    assessments.save_assessment(api_user(), task,
                                {name: form[name].data for name in input_fields(form)})
    return jsonify(assessment_json(task))


# --- OpenAPI ----------------------------------------------------------------------

_YEN_SPAN = openapi.object_of({"low": openapi.INTEGER, "typical": openapi.INTEGER,
                               "high": openapi.INTEGER})


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    answers = openapi.object_of({
        "input_source": {"type": "string", "enum": list(INPUT_SOURCES)},
        "rule_based_share": openapi.NUMBER, "exceptions_per_100": openapi.INTEGER,
        "systems": openapi.INTEGER, "changes_per_year": openapi.INTEGER,
        "records_per_occurrence": openapi.INTEGER,
        "steps": {**openapi.nullable(openapi.INTEGER),
                  "description": "null: the numbered steps of the procedure"}})
    result = openapi.object_of({
        "potential": {"type": "number", "minimum": 0, "maximum": 1,
                      "description": "Share of the effort automation removes"},
        "ease": {"type": "integer", "minimum": 0, "maximum": 100,
                 "description": "Ease of implementation"},
        "build_days": openapi.NUMBER,
        "build_cost": {**_YEN_SPAN, "description": "Yen, once"},
        "running_cost": {**_YEN_SPAN, "description": "Yen a year"}})
    return {
        "Assessment": openapi.object_of({
            "task_id": openapi.INTEGER, "answered": openapi.BOOLEAN,
            "answers": openapi.nullable(answers), "steps_from_procedure": openapi.INTEGER,
            "updated_by": openapi.nullable(openapi.STRING),
            "updated_at": openapi.nullable(openapi.DATETIME),
            "result": openapi.nullable(result)}),
        "AssessmentInput": openapi.form_schema(openapi.blank_form(AssessmentForm)),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/tasks/{task_id}/assessment": {
            "parameters": [openapi.path_param("task_id")],
            "get": openapi.op("A task's automation assessment", openapi.ok("Assessment"),
                              (404,), tag="Costing",
                              description="The answers, and the automation potential, ease "
                                          "of implementation and cost ranges they give."),
            "put": openapi.op("Answer a task's automation assessment",
                              openapi.ok("Assessment"), (403, 404, 422),
                              body=openapi.ref("AssessmentInput"), tag="Costing",
                              description="The task's owners, its department's managers "
                                          "and administrators. `steps` left out or null: "
                                          "the numbered steps of the procedure."),
        },
    }
