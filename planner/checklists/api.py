"""The checklist of an occurrence in the JSON API: read it, tick a step."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.checklists import operations as checklist_service
from planner.checklists.operations import Item
from planner.core import openapi
from planner.core.api import api_user, bp, iso
from planner.core.errors import N_, ValidationError
from planner.people.api import person_ref
from planner.work import operations as occurrence_service
from planner.work.models import Occurrence


def item_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.number,
        "text": item.text,
        "evidence_required": item.evidence_required,
        "ticked": item.ticked,
        "ticked_by": person_ref(item.ticked_by),
        "ticked_at": iso(item.ticked_at),
    }


def checklist_json(occurrence: Occurrence) -> dict[str, Any]:
    """The items; their files are in the occurrence's evidence, by `item_id`."""
    items = checklist_service.checklist(occurrence)
    return {"occurrence_id": occurrence.id,
            "frozen": any(item.row_id for item in items),
            "items": [item_json(item) for item in items]}


@bp.get("/occurrences/<int:occurrence_id>/checklist")
def get_checklist(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    return jsonify(checklist_json(occurrence))


def _ticked() -> bool:
    body = request.get_json(silent=True)
    if body is None:
        if request.get_data():
            raise ValidationError.single("ticked", N_("Send a JSON object."))
        return True
    if not isinstance(body, dict):
        raise ValidationError.single("ticked", N_("Send a JSON object."))
    value = body.get("ticked", True)
    if not isinstance(value, bool):
        raise ValidationError.single("ticked", N_("Say true or false."))
    return value


@bp.post("/occurrences/<int:occurrence_id>/checklist/<int:item_id>/tick")
def tick_item(occurrence_id: int, item_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    checklist_service.tick(api_user(), occurrence, item_id, _ticked())
    return jsonify(checklist_json(occurrence))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "ChecklistItem": openapi.object_of({
            "id": {"type": "integer", "minimum": 1,
                   "description": "The step's number in this occurrence's checklist"},
            "text": openapi.STRING, "evidence_required": openapi.BOOLEAN,
            "ticked": openapi.BOOLEAN, "ticked_by": openapi.nullable(openapi.PERSON_REF),
            "ticked_at": openapi.nullable(openapi.DATETIME)}),
        "Checklist": openapi.object_of({
            "occurrence_id": openapi.INTEGER,
            "frozen": {"type": "boolean",
                       "description": "Whether the steps were copied to this occurrence "
                                        "(at its first tick, file or hand-over); until then "
                                        "the task's current steps are shown"},
            "items": {"type": "array", "items": openapi.ref("ChecklistItem")}}),
        "TickInput": {"type": "object", "properties": {
            "ticked": {"type": "boolean", "default": True}}},
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    occurrence_id = openapi.path_param("occurrence_id")
    return {
        "/occurrences/{occurrence_id}/checklist": {
            "parameters": [occurrence_id],
            "get": openapi.op("An occurrence's checklist", openapi.ok("Checklist"), (404,),
                              tag="Occurrences"),
        },
        "/occurrences/{occurrence_id}/checklist/{item_id}/tick": {
            "parameters": [occurrence_id, openapi.path_param("item_id")],
            "post": openapi.op("Tick or untick a step of the checklist",
                               openapi.ok("Checklist"), (403, 404, 409, 422),
                               body=openapi.ref("TickInput"), body_required=False,
                               tag="Occurrences",
                               description="`ticked` defaults to true; 409 once the "
                                             "occurrence is no longer open."),
        },
    }
