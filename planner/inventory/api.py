"""The work inventory: the page's service as JSON."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, bp, iso, requires_role
from planner.core.api_forms import form_from_json, page_params, require_valid
from planner.core.roles import Role
from planner.inventory import operations as inventory_service
from planner.inventory.forms import InventoryAnswerForm, InventoryStartForm
from planner.inventory.models import PROPOSALS, InventoryAnswer, InventoryCycle
from planner.people.api import person_ref


def _answer_json(item: InventoryAnswer) -> dict[str, Any]:
    return {"id": item.id, "cycle_id": item.cycle_id, "task_id": item.task_id,
            "task_title": item.task.title, "respondent": person_ref(item.respondent),
            "answered_at": iso(item.answered_at), "still_needed": item.still_needed,
            "effort_minutes_before": item.effort_minutes_before,
            "effort_minutes_after": item.effort_minutes_after,
            "occurrences_per_year": item.occurrences_per_year,
            "frequency_right": item.frequency_right, "proposal": item.proposal,
            "comment": item.comment, "retired_at": iso(item.retired_at)}


def _cycle_json(cycle: InventoryCycle, detail: bool = False) -> dict[str, Any]:
    progress = inventory_service.progress(cycle)
    result = {"id": cycle.id, "department_id": cycle.department_id, "name": cycle.name,
              "due_date": cycle.due_date.isoformat(), "started_at": cycle.started_at.isoformat(),
              "closed_at": iso(cycle.closed_at), "answered": progress.answered,
              "total": progress.total}
    if detail:
        summary = inventory_service.summary(cycle)
        result["answers"] = [_answer_json(a) for a in cycle.answers]
        result["summary"] = {"hours_before": summary.hours_before,
                             "hours_after": summary.hours_after,
                             "hours_saved": summary.hours_saved,
                             "retire": [a.id for a in summary.retire],
                             "proposals": [a.id for a in summary.proposals]}
    return result


@bp.get("/inventory")
def list_inventory():  # noqa: ANN201
    page, per_page = page_params()
    cycles = inventory_service.cycles(api_user())
    chunk = cycles[(page - 1) * per_page: page * per_page]
    return jsonify({"items": [_cycle_json(c) for c in chunk], "total": len(cycles),
                    "page": page, "per_page": per_page,
                    "pending": [_answer_json(a) for a in inventory_service.pending_for(
                        api_user())]})


@bp.post("/inventory")
@requires_role(Role.MANAGER)
def start_inventory():  # noqa: ANN201
    form = form_from_json(InventoryStartForm, request.get_json(silent=True))
    form.department_id.validate_choice = False  # the service answers for the scope
    require_valid(form)
    cycle = inventory_service.start_cycle(api_user(), form.department_id.data, form.name.data,
                                          form.due_date.data)
    return jsonify(_cycle_json(cycle, detail=True)), 201


@bp.get("/inventory/<int:cycle_id>")
def get_inventory(cycle_id: int):  # noqa: ANN201
    return jsonify(_cycle_json(inventory_service.get_cycle(api_user(), cycle_id), detail=True))


@bp.post("/inventory/<int:cycle_id>/remind")
@requires_role(Role.MANAGER)
def remind_inventory(cycle_id: int):  # noqa: ANN201
    cycle = inventory_service.get_cycle(api_user(), cycle_id)
    count = inventory_service.remind(api_user(), cycle)
    return jsonify({"reminded": count})


@bp.post("/inventory/<int:cycle_id>/close")
@requires_role(Role.MANAGER)
def close_inventory(cycle_id: int):  # noqa: ANN201
    cycle = inventory_service.get_cycle(api_user(), cycle_id)
    inventory_service.close(api_user(), cycle)
    return jsonify(_cycle_json(cycle, detail=True))


@bp.get("/inventory/answers/<int:answer_id>")
def get_inventory_answer(answer_id: int):  # noqa: ANN201
    return jsonify(_answer_json(inventory_service.get_answer(api_user(), answer_id)))


@bp.put("/inventory/answers/<int:answer_id>")
def put_inventory_answer(answer_id: int):  # noqa: ANN201
    """Answer for a task: {"still_needed": 1|0, "effort_minutes_after", "frequency_right",
    "proposal", "comment", "procedure"} (an empty or missing procedure is left alone)."""
    item = inventory_service.get_answer(api_user(), answer_id)
    form = require_valid(form_from_json(InventoryAnswerForm, request.get_json(silent=True)))
    inventory_service.answer(api_user(), item, inventory_service.AnswerData(
        still_needed=bool(form.still_needed.data),
        effort_minutes_after=form.effort_minutes_after.data,
        frequency_right=bool(form.frequency_right.data), proposal=form.proposal.data,
        comment=form.comment.data or "", procedure=form.procedure.data or None))
    return jsonify(_answer_json(item))


@bp.post("/inventory/answers/<int:answer_id>/retire")
@requires_role(Role.MANAGER)
def retire_inventory_task(answer_id: int):  # noqa: ANN201
    item = inventory_service.get_answer(api_user(), answer_id)
    inventory_service.retire(api_user(), item)
    return jsonify(_answer_json(item))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    cycle_fields = {"id": openapi.INTEGER, "department_id": openapi.INTEGER, "name": openapi.STRING, "due_date": openapi.DATE,
                    "started_at": openapi.DATETIME, "closed_at": openapi.nullable(openapi.DATETIME),
                    "answered": openapi.INTEGER, "total": openapi.INTEGER}
    return {
        "InventoryAnswer": openapi.object_of({
            "id": openapi.INTEGER, "cycle_id": openapi.INTEGER, "task_id": openapi.INTEGER, "task_title": openapi.STRING,
            "respondent": openapi.nullable(openapi.PERSON_REF), "answered_at": openapi.nullable(openapi.DATETIME),
            "still_needed": openapi.BOOLEAN, "effort_minutes_before": openapi.INTEGER,
            "effort_minutes_after": openapi.nullable(openapi.INTEGER), "occurrences_per_year": openapi.INTEGER,
            "frequency_right": openapi.BOOLEAN,
            "proposal": {"type": "string", "enum": list(PROPOSALS)},
            "comment": openapi.STRING, "retired_at": openapi.nullable(openapi.DATETIME)}),
        "InventoryCycle": openapi.object_of(cycle_fields),
        "InventoryCycleDetail": openapi.object_of({
            **cycle_fields, "answers": {"type": "array", "items": openapi.ref("InventoryAnswer")},
            "summary": openapi.object_of({
                "hours_before": openapi.NUMBER, "hours_after": openapi.NUMBER, "hours_saved": openapi.NUMBER,
                "retire": {"type": "array", "items": openapi.INTEGER},
                "proposals": {"type": "array", "items": openapi.INTEGER}})}),
        "InventoryCyclePage": openapi.page_of("InventoryCycle", pending={
            "type": "array", "items": openapi.ref("InventoryAnswer")}),
        "Reminded": openapi.object_of({"reminded": {"type": "integer", "minimum": 0}}),
        "InventoryStartInput": openapi.form_schema(openapi.blank_form(InventoryStartForm)),
        "InventoryAnswerInput": openapi.form_schema(openapi.blank_form(InventoryAnswerForm)),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    cycle_id, answer_id = openapi.path_param("cycle_id"), openapi.path_param("answer_id")
    return {
        "/inventory": {
            "get": openapi.op("Inventory cycles, and the caller's pending answers",
                      openapi.ok("InventoryCyclePage"), (422,), parameters=openapi.PAGING, tag="Inventory"),
            "post": openapi.op("Start an inventory cycle (managers)",
                       openapi.ok("InventoryCycleDetail", 201, "Started"), (403, 404, 409, 422),
                       body=openapi.ref("InventoryStartInput"), tag="Inventory"),
        },
        "/inventory/{cycle_id}": {
            "parameters": [cycle_id],
            "get": openapi.op("A cycle with its answers and summary", openapi.ok("InventoryCycleDetail"),
                      (404,), tag="Inventory"),
        },
        "/inventory/{cycle_id}/remind": {
            "parameters": [cycle_id],
            "post": openapi.op("Remind those who have not answered (managers)", openapi.ok("Reminded"),
                       (403, 404, 409), tag="Inventory"),
        },
        "/inventory/{cycle_id}/close": {
            "parameters": [cycle_id],
            "post": openapi.op("Close a cycle; corrected efforts become the tasks' (managers)",
                       openapi.ok("InventoryCycleDetail"), (403, 404), tag="Inventory"),
        },
        "/inventory/answers/{answer_id}": {
            "parameters": [answer_id],
            "get": openapi.op("One answer", openapi.ok("InventoryAnswer"), (404,), tag="Inventory"),
            "put": openapi.op("Answer for a task (its primary owner, managers)",
                      openapi.ok("InventoryAnswer"), (403, 404, 409, 422),
                      body=openapi.ref("InventoryAnswerInput"), tag="Inventory"),
        },
        "/inventory/answers/{answer_id}/retire": {
            "parameters": [answer_id],
            "post": openapi.op("Retire a task its owner says is not needed (managers)",
                       openapi.ok("InventoryAnswer"), (403, 404, 409), tag="Inventory"),
        },
    }
