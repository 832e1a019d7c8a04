"""Handover: what a person's leave or departure would do, and doing it, as JSON."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, form_from_query, require_valid
from planner.core.clock import org_today
from planner.core.errors import N_, Message, ValidationError
from planner.core.roles import Role
from planner.handover import operations as handover_service
from planner.handover.forms import HandoverForm
from planner.handover.models import HANDOVER_REASONS, Handover
from planner.people.api import person_ref
from planner.work.api import occurrence_json

# --- Handover -------------------------------------------------------------------


def _window(values: dict[str, Any]) -> tuple[str, date, date]:
    start = values.get("start_date") or org_today() + timedelta(days=14)
    end = values.get("end_date") or start + timedelta(days=90)
    return values.get("reason") or "leaving", start, end


def _plan_json(plan: handover_service.HandoverPlan) -> dict[str, Any]:
    return {
        "person": person_ref(plan.person), "reason": plan.reason,
        "start_date": plan.start.isoformat(), "end_date": plan.end.isoformat(),
        "uncovered": plan.uncovered,
        "items": [{
            "task_id": i.task.id, "task_title": i.task.title, "role": i.role, "level": i.level,
            "open_in_window": [o.due_date.isoformat() for o in i.open_in_window],
            "covered_without": i.change.covered_without,
            "covered_after": i.change.covered_after,
            "needs_training": i.change.needs_training,
            "successor_id": i.change.successor_id,
            "review_required": i.change.review_required,
            "reviewer_id": i.change.reviewer_id,
            "reviewer_needs_training": i.change.reviewer_needs_training,
            "reviewer_missing": i.change.reviewer_missing,
            "proposals": [{"person": person_ref(person), "level": p.successor.level,
                           "qualified": p.successor.qualified,
                           "headroom_hours": round(p.successor.headroom_hours, 1),
                           "training_hours": p.training_hours, "fits": p.fits}
                          for person, p in i.proposals],
        } for i in plan.items],
        "to_close": [occurrence_json(o) for o in plan.to_close],
    }


def _handover_json(record: Handover) -> dict[str, Any]:
    return {"id": record.id, "person": person_ref(record.person), "reason": record.reason,
            "start_date": record.start_date.isoformat(), "end_date": record.end_date.isoformat(),
            "applied_at": record.applied_at.isoformat(), "note": record.note,
            "lines": [{"task_id": line.task_id, "previous_role": line.previous_role,
                       "previous_level": line.previous_level,
                       "successor_id": line.successor_id,
                       "training_planned": line.training_planned} for line in record.lines]}


@bp.get("/people/<int:person_id>/handover")
@requires_role(Role.MANAGER)
def handover_plan(person_id: int):  # noqa: ANN201
    """What a handover would do, with the proposed successor of each task."""
    form = form_from_query(HandoverForm, request.args.to_dict())
    form.validate()
    # All three are optional here (a window is proposed); only what was sent is checked.
    errors = {k: v for k, v in form.errors.items()
              if k in ("reason", "start_date", "end_date") and request.args.get(k)}
    if errors:
        raise ValidationError({k: [Message(m) for m in v] for k, v in errors.items()})
    reason, start, end = _window(form.data)
    return jsonify(_plan_json(handover_service.plan(api_user(), person_id, reason, start, end)))


@bp.post("/people/<int:person_id>/handover")
@requires_role(Role.MANAGER)
def apply_handover(person_id: int):  # noqa: ANN201
    """{"reason", "start_date", "end_date", "successors": {"<task id>": person id or
    null}, "accept_uncovered", "note"}; a task not named keeps its proposal."""
    handover_service.person_in_scope(api_user(), person_id)  # 404 before any 422
    body = request.get_json(silent=True)
    successors: dict[int, int | None] = {}
    if isinstance(body, dict) and "successors" in body:
        body = dict(body)
        raw = body.pop("successors")
        if not isinstance(raw, dict) or not all(
                str(k).isdigit() and (v is None or (isinstance(v, int)
                                                    and not isinstance(v, bool)))
                for k, v in raw.items()):
            raise ValidationError.single("successors", N_(
                "Send an object of task ids and person ids (or null)."))
        successors = {int(k): v for k, v in raw.items()}
    form = require_valid(form_from_json(HandoverForm, body))
    reason, start, end = _window(form.data)
    proposed = handover_service.plan(api_user(), person_id, reason, start, end)
    chosen = {i.task.id: successors.get(i.task.id, i.change.successor_id)
              for i in proposed.items}
    record = handover_service.apply(api_user(), person_id, reason, start, end, chosen,
                                    bool(form.accept_uncovered.data), form.note.data or "")
    return jsonify(_handover_json(record)), 201


# --- OpenAPI ----------------------------------------------------------------------

REASON = {"type": "string", "enum": list(HANDOVER_REASONS)}


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    handover = openapi.form_schema(openapi.blank_form(HandoverForm))
    handover["properties"]["successors"] = {
        "type": "object", "description": "Task id → the successor's person id, or null; a "
                                         "task not named keeps the proposed successor",
        "propertyNames": {"pattern": "^[0-9]+$"},
        "additionalProperties": openapi.nullable(openapi.ID)}
    return {
        "HandoverPlan": openapi.object_of({
            "person": openapi.PERSON_REF, "reason": REASON, "start_date": openapi.DATE, "end_date": openapi.DATE,
            "uncovered": {"type": "array", "items": openapi.INTEGER,
                          "description": "Tasks nobody qualified would cover"},
            "items": {"type": "array", "items": openapi.object_of({
                "task_id": openapi.INTEGER, "task_title": openapi.STRING,
                "role": {"type": "string", "enum": ["primary", "backup", "trainee"]},
                "level": openapi.INTEGER, "open_in_window": {"type": "array", "items": openapi.DATE},
                "covered_without": openapi.BOOLEAN, "covered_after": openapi.BOOLEAN,
                "needs_training": openapi.BOOLEAN, "successor_id": openapi.nullable(openapi.INTEGER),
                "review_required": openapi.BOOLEAN,
                "reviewer_id": openapi.nullable(openapi.INTEGER),
                "reviewer_needs_training": openapi.BOOLEAN, "reviewer_missing": openapi.BOOLEAN,
                "proposals": {"type": "array", "items": openapi.object_of({
                    "person": openapi.PERSON_REF, "level": openapi.INTEGER, "qualified": openapi.BOOLEAN,
                    "headroom_hours": openapi.NUMBER, "training_hours": openapi.NUMBER,
                    "fits": openapi.BOOLEAN})}})},
            "to_close": {"type": "array", "items": openapi.ref("Occurrence")}}),
        "Handover": openapi.object_of({
            "id": openapi.INTEGER, "person": openapi.PERSON_REF, "reason": REASON, "start_date": openapi.DATE,
            "end_date": openapi.DATE, "applied_at": openapi.DATETIME, "note": openapi.STRING,
            "lines": {"type": "array", "items": openapi.object_of({
                "task_id": openapi.INTEGER, "previous_role": openapi.STRING, "previous_level": openapi.INTEGER,
                "successor_id": openapi.nullable(openapi.INTEGER), "training_planned": openapi.BOOLEAN})}}),
        "HandoverInput": handover,
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    person_id = openapi.path_param("person_id")
    window = [openapi.query_param("reason", REASON),
              openapi.query_param("start_date", openapi.DATE, "Default: in two weeks"),
              openapi.query_param("end_date", openapi.DATE, "Default: 90 days after the start")]
    return {
        "/people/{person_id}/handover": {
            "parameters": [person_id],
            "get": openapi.op("What a person's handover would do (managers)", openapi.ok("HandoverPlan"),
                      (403, 404, 422), parameters=window, tag="Handover"),
            "post": openapi.op("Apply a person's handover (managers)",
                       openapi.ok("Handover", 201, "Applied"), (403, 404, 409, 422),
                       body=openapi.ref("HandoverInput"), tag="Handover",
                       description="409 `uncovered_tasks` while a task would have nobody "
                                   "qualified, unless `accept_uncovered` is true."),
        },
    }
