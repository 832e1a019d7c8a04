"""Handover, procedure versions and the work inventory: the pages' services
as JSON."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import jsonify, request

from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, form_from_query, page_params, require_valid
from planner.core.clock import org_today
from planner.core.errors import N_, Message, ValidationError
from planner.core.roles import Role
from planner.handover import operations as handover_service
from planner.handover.forms import HandoverForm
from planner.handover.models import Handover
from planner.inventory import operations as inventory_service
from planner.inventory.forms import InventoryAnswerForm, InventoryStartForm
from planner.inventory.models import InventoryAnswer, InventoryCycle
from planner.people.models.user import User
from planner.procedures import operations as procedure_service
from planner.procedures.models import ProcedureVersion
from planner.tasks import operations as task_service
from planner.work.api import occurrence_json


def _person(person: User | None) -> dict[str, Any] | None:
    return {"id": person.id, "name": person.name} if person is not None else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- Procedures -----------------------------------------------------------------


def _version_json(version: ProcedureVersion) -> dict[str, Any]:
    return {"number": version.number, "text": version.text, "author": _person(version.author),
            "created_at": version.created_at.isoformat()}


def _procedure_json(task) -> dict[str, Any]:  # noqa: ANN001
    versions = procedure_service.versions(api_user(), task)
    return {"task_id": task.id, "procedure_reviewed_at": _iso(task.procedure_reviewed_at),
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


# --- Handover -------------------------------------------------------------------


def _window(values: dict[str, Any]) -> tuple[str, date, date]:
    start = values.get("start_date") or org_today() + timedelta(days=14)
    end = values.get("end_date") or start + timedelta(days=90)
    return values.get("reason") or "leaving", start, end


def _plan_json(plan: handover_service.HandoverPlan) -> dict[str, Any]:
    return {
        "person": _person(plan.person), "reason": plan.reason,
        "start_date": plan.start.isoformat(), "end_date": plan.end.isoformat(),
        "uncovered": plan.uncovered,
        "items": [{
            "task_id": i.task.id, "task_title": i.task.title, "role": i.role, "level": i.level,
            "open_in_window": [o.due_date.isoformat() for o in i.open_in_window],
            "covered_without": i.change.covered_without,
            "covered_after": i.change.covered_after,
            "needs_training": i.change.needs_training,
            "successor_id": i.change.successor_id,
            "proposals": [{"person": _person(person), "level": p.successor.level,
                           "qualified": p.successor.qualified,
                           "headroom_hours": round(p.successor.headroom_hours, 1),
                           "training_hours": p.training_hours, "fits": p.fits}
                          for person, p in i.proposals],
        } for i in plan.items],
        "to_close": [occurrence_json(o) for o in plan.to_close],
    }


def _handover_json(record: Handover) -> dict[str, Any]:
    return {"id": record.id, "person": _person(record.person), "reason": record.reason,
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
    form = form_from_json(HandoverForm, body)
    require_valid(form)
    reason, start, end = _window(form.data)
    proposed = handover_service.plan(api_user(), person_id, reason, start, end)
    chosen = {i.task.id: successors.get(i.task.id, i.change.successor_id)
              for i in proposed.items}
    record = handover_service.apply(api_user(), person_id, reason, start, end, chosen,
                                    bool(form.accept_uncovered.data), form.note.data or "")
    return jsonify(_handover_json(record)), 201


# --- The work inventory ---------------------------------------------------------


def _answer_json(item: InventoryAnswer) -> dict[str, Any]:
    return {"id": item.id, "cycle_id": item.cycle_id, "task_id": item.task_id,
            "task_title": item.task.title, "respondent": _person(item.respondent),
            "answered_at": _iso(item.answered_at), "still_needed": item.still_needed,
            "effort_minutes_before": item.effort_minutes_before,
            "effort_minutes_after": item.effort_minutes_after,
            "occurrences_per_year": item.occurrences_per_year,
            "frequency_right": item.frequency_right, "proposal": item.proposal,
            "comment": item.comment, "retired_at": _iso(item.retired_at)}


def _cycle_json(cycle: InventoryCycle, detail: bool = False) -> dict[str, Any]:
    progress = inventory_service.progress(cycle)
    result = {"id": cycle.id, "department_id": cycle.department_id, "name": cycle.name,
              "due_date": cycle.due_date.isoformat(), "started_at": cycle.started_at.isoformat(),
              "closed_at": _iso(cycle.closed_at), "answered": progress.answered,
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
    form = form_from_json(InventoryAnswerForm, request.get_json(silent=True))
    require_valid(form)
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
