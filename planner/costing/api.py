from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from flask import jsonify, request

from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, input_fields, require_valid
from planner.core.errors import N_, Forbidden, ValidationError
from planner.core.roles import Role
from planner.costing import domain as rules
from planner.costing import operations as costing
from planner.costing.forms import CostProfileForm
from planner.people import operations as users
from planner.tasks import operations as task_service


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def _profile_json(task) -> dict[str, Any]:  # noqa: ANN001
    return {"task_id": task.id, **_plain(costing.own_values(task)),
            "effective": _plain(costing.effective(task))}


@bp.get("/tasks/<int:task_id>/cost-profile")
def get_cost_profile(task_id: int):  # noqa: ANN201
    """The task's own inputs (null: inherited) and the effective ones."""
    return jsonify(_profile_json(task_service.get_task(api_user(), task_id)))


@bp.put("/tasks/<int:task_id>/cost-profile")
def put_cost_profile(task_id: int):  # noqa: ANN201
    """Replace the task's own inputs; a field left out or null inherits."""
    task = task_service.get_task(api_user(), task_id)
    form = form_from_json(CostProfileForm, request.get_json(silent=True))
    require_valid(form)
    values = {name: form[name].data for name in input_fields(form)}
    costing.save_task_profile(api_user(), task, values)
    return jsonify(_profile_json(task))


def option_json(option: rules.Option | None) -> dict[str, Any] | None:
    return asdict(option) if option is not None else None


def _department_profile_json(department_id: int) -> dict[str, Any]:
    return {"department_id": department_id, **_plain(costing.department_values(department_id)),
            "effective": _plain(costing.department_effective(department_id))}


@bp.get("/departments/<int:department_id>/cost-profile")
@requires_role(Role.ADMIN)
def get_department_cost_profile(department_id: int):  # noqa: ANN201
    """The department's default inputs (null: the built-in default) and the effective ones."""
    department = users.get_department(api_user(), department_id)
    return jsonify(_department_profile_json(department.id))


@bp.put("/departments/<int:department_id>/cost-profile")
@requires_role(Role.ADMIN)
def put_department_cost_profile(department_id: int):  # noqa: ANN201
    """Replace the department's defaults; a field left out or null takes the built-in one."""
    department = users.get_department(api_user(), department_id)
    form = form_from_json(CostProfileForm, request.get_json(silent=True))
    require_valid(form)
    costing.save_department_defaults({name: form[name].data for name in input_fields(form)},
                                     department.id)
    return jsonify(_department_profile_json(department.id))


@bp.get("/tasks/<int:task_id>/estimate")
def get_estimate(task_id: int):  # noqa: ANN201
    task = task_service.get_task(api_user(), task_id)
    result, values = costing.estimate(task)
    suitability = costing.suitability_of(values)
    return jsonify({
        "occurrences_per_year": result.occurrences_per_year,
        "in_house": {"annual_cost": result.in_house_annual_cost},
        "automation": option_json(result.automation),
        "outsourcing": option_json(result.outsourcing),
        "suitability": {"score": suitability[0], "label": suitability[1]} if suitability else None,
        "sensitivity": rules.sensitivity(result.occurrences_per_year, task.effort_minutes,
                                         costing.domain_profile(values)),
    })


def suggestion_json(suggestion) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": suggestion.id, "task_id": suggestion.task_id, "task_title": suggestion.task.title,
        "kind": suggestion.kind, "status": suggestion.status,
        "annual_saving": suggestion.annual_saving, "npv": suggestion.npv,
        "payback_months": suggestion.payback_months, "suitability": suggestion.suitability,
        "owner_id": suggestion.owner_id,
        "due_date": suggestion.due_date.isoformat() if suggestion.due_date else None,
        "note": suggestion.note,
    }


@bp.get("/suggestions")
def list_suggestions():  # noqa: ANN201
    from planner.core.api_forms import page_params
    from planner.costing import suggestions

    status, kind = request.args.get("status") or None, request.args.get("kind") or None
    errors = {}
    if status and status not in suggestions.SUGGESTION_STATUSES:
        errors["status"] = [N_("Unknown status.")]
    if kind and kind not in rules.SUGGESTION_KINDS:
        errors["kind"] = [N_("Unknown kind.")]
    if errors:
        raise ValidationError(errors)
    page, per_page = page_params()
    suggestions.refresh(api_user())
    result = suggestions.list_suggestions(api_user(), page, per_page, status=status, kind=kind)
    return jsonify({"items": [suggestion_json(s) for s in result.items], "total": result.total,
                    "page": result.page, "per_page": result.per_page})


@bp.post("/suggestions/<int:suggestion_id>/review")
def review_suggestion(suggestion_id: int):  # noqa: ANN201
    """{"action": "approve"|"reject"|"defer"|"start"|"done", "note", "owner_id", "due_date"}"""
    from planner.costing import suggestions
    from planner.costing.forms import ReviewForm

    suggestion = suggestions.get_suggestion(api_user(), suggestion_id)
    if not Role(api_user().role).at_least(Role.MANAGER):
        raise Forbidden()
    form = form_from_json(ReviewForm, request.get_json(silent=True))
    form.owner_id.validate_choice = False
    require_valid(form)
    suggestions.review(api_user(), suggestion, suggestions.Review(
        form.action.data, form.note.data or "", form.owner_id.data, form.due_date.data))
    return jsonify(suggestion_json(suggestion))
