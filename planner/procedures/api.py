"""A task's procedure versions and its review, as JSON."""
from __future__ import annotations

from typing import Any

from flask import jsonify

from planner.core import openapi
from planner.core.api import api_user, bp, iso
from planner.core.clock import org_today
from planner.people.api import person_ref
from planner.procedures import operations as procedure_service
from planner.procedures.models import ProcedureVersion
from planner.tasks import operations as task_service


def _version_json(version: ProcedureVersion) -> dict[str, Any]:
    return {"number": version.number, "text": version.text, "author": person_ref(version.author),
            "created_at": version.created_at.isoformat()}


def _procedure_json(task) -> dict[str, Any]:  # noqa: ANN001
    versions = procedure_service.versions(api_user(), task)
    return {"task_id": task.id, "procedure_reviewed_at": iso(task.procedure_reviewed_at),
            "review_due": procedure_service.review_due(
                task.procedure_reviewed_at, org_today(),
                procedure_service.review_interval_months()),
            "versions": [_version_json(v) for v in versions]}


@bp.get("/tasks/<int:task_id>/procedure/versions")
def procedure_versions(task_id: int):  # noqa: ANN201
    """Every saved text of the procedure, newest first, with its author."""
    return jsonify(_procedure_json(task_service.get_task(api_user(), task_id)))


@bp.post("/tasks/<int:task_id>/procedure/reviewed")
def procedure_reviewed(task_id: int):  # noqa: ANN201
    task = task_service.get_task(api_user(), task_id)
    procedure_service.mark_reviewed(api_user(), task)
    return jsonify(_procedure_json(task))


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "ProcedureVersions": openapi.object_of({
            "task_id": openapi.INTEGER, "procedure_reviewed_at": openapi.nullable(openapi.DATE),
            "review_due": openapi.BOOLEAN,
            "versions": {"type": "array", "items": openapi.object_of({
                "number": openapi.INTEGER, "text": openapi.STRING, "author": openapi.nullable(openapi.PERSON_REF),
                "created_at": openapi.DATETIME})}}),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    task_id = openapi.path_param("task_id")
    return {
        "/tasks/{task_id}/procedure/versions": {
            "parameters": [task_id],
            "get": openapi.op("The procedure's versions, newest first", openapi.ok("ProcedureVersions"),
                      (404,), tag="Procedures"),
        },
        "/tasks/{task_id}/procedure/reviewed": {
            "parameters": [task_id],
            "post": openapi.op("Mark the procedure reviewed (its owners, managers)",
                       openapi.ok("ProcedureVersions"), (403, 404), tag="Procedures"),
        },
    }
