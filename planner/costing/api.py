from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, bp, page_json, requires_role
from planner.core.api_forms import form_from_json, input_fields, page_params, require_valid
from planner.core.errors import N_, Forbidden, ValidationError
from planner.core.roles import Role
from planner.costing import domain as rules
from planner.costing import estimates, suggestions
from planner.costing import operations as costing
from planner.costing.domain.ranged import Band, OptionRange
from planner.costing.forms import CostProfileForm, ReviewForm
from planner.costing.models.cost_profile import PROFILE_FIELDS, SHARE_FIELDS
from planner.costing.models.suggestion import SUGGESTION_STATUSES
from planner.costing.operations import PRICE_ITEM_FIELD
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
    form = require_valid(form_from_json(CostProfileForm, request.get_json(silent=True)))
    values = {name: form[name].data for name in input_fields(form)}
    costing.save_task_profile(api_user(), task, values)
    return jsonify(_profile_json(task))


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
    form = require_valid(form_from_json(CostProfileForm, request.get_json(silent=True)))
    costing.save_department_defaults({name: form[name].data for name in input_fields(form)},
                                     department.id)
    return jsonify(_department_profile_json(department.id))


def _band(band: Band) -> dict[str, int]:
    return {"low": band.low, "typical": band.typical, "high": band.high}


def _ranged_option(option: rules.Option | None, ranged: OptionRange | None
                   ) -> dict[str, Any] | None:
    if option is None or ranged is None:
        return None
    return {**asdict(option), "verdict": ranged.verdict, "range": {
        name: _band(getattr(ranged, name))
        for name in ("one_off_cost", "annual_cost", "annual_saving", "npv")}}


def estimate_json(task, found: estimates.TaskEstimate) -> dict[str, Any]:  # noqa: ANN001
    result = found.typical
    automation = _ranged_option(result.automation, found.ranged.automation)
    automation["potential"] = float(1 - found.profile.automation_residual_share)
    automation["ease"] = found.assessment.ease if found.assessment else None
    automation["break_even_build_cost"] = found.break_even_build_cost
    outsourcing = _ranged_option(result.outsourcing, found.ranged.outsourcing)
    if outsourcing is not None:
        outsourcing.update(break_even_annual_fee=found.break_even_annual_fee,
                           break_even_unit_price=found.break_even_unit_price,
                           price_item=found.price_entry.item.key if found.price_entry else None)
    suitability = costing.suitability_of(found.values)
    return {
        "occurrences_per_year": result.occurrences_per_year,
        "in_house": {"annual_cost": result.in_house_annual_cost},
        "automation": automation,
        "outsourcing": outsourcing,
        "outsourcing_gap": found.outsourcing_gap,
        "suitability": {"score": suitability[0], "label": suitability[1]} if suitability else None,
        "effort": {"minutes": found.effort.minutes, "source": found.effort.source,
                   "measurements": len(found.effort.samples),
                   "range": {"low": int(found.effort_range.low),
                             "typical": int(found.effort_range.typical),
                             "high": int(found.effort_range.high)}},
        "basis": [{"input": b.input, "source": b.source, "detail": b.detail}
                  for b in found.basis],
        "sensitivity": rules.sensitivity(result.occurrences_per_year, found.effort.minutes,
                                         found.profile),
    }


@bp.get("/tasks/<int:task_id>/estimate")
def get_estimate(task_id: int):  # noqa: ANN201
    """In-house, automation and outsourcing, each option as low / typical / high,
    and where each input came from."""
    task = task_service.get_task(api_user(), task_id)
    return jsonify(estimate_json(task, estimates.estimate_of(task)))


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
    status, kind = request.args.get("status") or None, request.args.get("kind") or None
    errors = {}
    if status and status not in suggestions.SUGGESTION_STATUSES:
        errors["status"] = [N_("Unknown status.")]
    if kind and kind not in rules.SUGGESTION_KINDS:
        errors["kind"] = [N_("Unknown kind.")]
    if errors:
        raise ValidationError(errors)
    page, per_page = page_params()
    result = suggestions.list_suggestions(api_user(), page, per_page, status=status, kind=kind)
    return page_json(result, suggestion_json)


@bp.post("/suggestions/<int:suggestion_id>/review")
def review_suggestion(suggestion_id: int):  # noqa: ANN201
    """{"action": "approve"|"reject"|"defer"|"start"|"done", "note", "owner_id", "due_date"}"""
    suggestion = suggestions.get_suggestion(api_user(), suggestion_id)
    if not Role(api_user().role).at_least(Role.MANAGER):
        raise Forbidden()
    form = form_from_json(ReviewForm, request.get_json(silent=True))
    form.owner_id.validate_choice = False
    require_valid(form)
    suggestions.review(api_user(), suggestion, suggestions.Review(
        form.action.data, form.note.data or "", form.owner_id.data, form.due_date.data))
    return jsonify(suggestion_json(suggestion))


# --- OpenAPI ----------------------------------------------------------------------

BAND = openapi.object_of({"low": openapi.INTEGER, "typical": openapi.INTEGER,
                          "high": openapi.INTEGER})
OPTION_FIELDS = {
    "one_off_cost": openapi.INTEGER, "annual_cost": openapi.INTEGER,
    "annual_saving": openapi.INTEGER, "payback_months": openapi.nullable(openapi.NUMBER),
    "npv": openapi.INTEGER, "hours_freed": openapi.NUMBER,
    "verdict": {"type": "string", "enum": ["robust", "depends", "loses"],
                "description": "robust: saves even at the low end of the range; depends: "
                               "at the typical values only; loses: not even then"},
    "range": openapi.object_of({"one_off_cost": BAND, "annual_cost": BAND,
                                "annual_saving": BAND, "npv": BAND}),
}
AUTOMATION = openapi.object_of({
    **OPTION_FIELDS, "potential": openapi.NUMBER, "ease": openapi.nullable(openapi.INTEGER),
    "break_even_build_cost": openapi.nullable(openapi.INTEGER)})
OUTSOURCING = openapi.object_of({
    **OPTION_FIELDS, "break_even_annual_fee": openapi.nullable(openapi.INTEGER),
    "break_even_unit_price": openapi.nullable(openapi.INTEGER),
    "price_item": openapi.nullable(openapi.STRING)})
NPV_PAIR = {"type": "array", "items": openapi.nullable(openapi.INTEGER), "minItems": 2, "maxItems": 2,
            "description": "NPV of automation, then of outsourcing (null: no offer)"}
SENSITIVITY_ROW = openapi.object_of({"-": NPV_PAIR, "+": NPV_PAIR})


def _schema_of(name: str) -> dict[str, Any]:
    if name == PRICE_ITEM_FIELD:
        return openapi.STRING
    return openapi.NUMBER if name in SHARE_FIELDS else openapi.INTEGER


def _profile_values() -> dict[str, Any]:
    return {name: openapi.nullable(_schema_of(name)) for name in PROFILE_FIELDS}


def _effective_values() -> dict[str, Any]:
    # Ratings and the price-book item have no built-in default: they stay null.
    return {name: openapi.nullable(_schema_of(name))
            if name.startswith("suitability_") or name == PRICE_ITEM_FIELD else _schema_of(name)
            for name in PROFILE_FIELDS}


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "CostProfile": openapi.object_of({"task_id": openapi.INTEGER, **_profile_values(),
                                  "effective": openapi.object_of(_effective_values())}),
        "DepartmentCostProfile": openapi.object_of({"department_id": openapi.INTEGER, **_profile_values(),
                                            "effective": openapi.object_of(_effective_values())}),
        "Estimate": openapi.object_of({
            "occurrences_per_year": openapi.INTEGER,
            "in_house": openapi.object_of({"annual_cost": openapi.INTEGER}),
            "automation": AUTOMATION, "outsourcing": openapi.nullable(OUTSOURCING),
            "outsourcing_gap": openapi.nullable({"type": "string",
                                                 "enum": ["no_price", "no_volume"]}),
            "effort": openapi.object_of({"minutes": openapi.INTEGER,
                                         "source": {"type": "string",
                                                    "enum": ["measured", "registered"]},
                                         "measurements": openapi.INTEGER, "range": BAND}),
            "basis": {"type": "array", "items": openapi.object_of({
                "input": openapi.STRING, "source": openapi.STRING, "detail": openapi.STRING})},
            "suitability": openapi.nullable(openapi.object_of({"score": openapi.INTEGER, "label": openapi.STRING})),
            "sensitivity": openapi.object_of({"effort": SENSITIVITY_ROW,
                                      "hourly_cost": SENSITIVITY_ROW,
                                      "fees": SENSITIVITY_ROW})}),
        "Suggestion": openapi.object_of({
            "id": openapi.INTEGER, "task_id": openapi.INTEGER, "task_title": openapi.STRING,
            "kind": {"type": "string", "enum": list(rules.SUGGESTION_KINDS)},
            "status": {"type": "string", "enum": list(SUGGESTION_STATUSES)},
            "annual_saving": openapi.INTEGER, "npv": openapi.INTEGER, "payback_months": openapi.nullable(openapi.NUMBER),
            "suitability": openapi.nullable(openapi.INTEGER), "owner_id": openapi.nullable(openapi.INTEGER),
            "due_date": openapi.nullable(openapi.DATE), "note": openapi.STRING}),
        "SuggestionPage": openapi.page_of("Suggestion"),
        "CostProfileInput": openapi.form_schema(openapi.blank_form(CostProfileForm)),
        "ReviewInput": openapi.form_schema(openapi.blank_form(ReviewForm)),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    task_id, department_id = openapi.path_param("task_id"), openapi.path_param("department_id")
    return {
        "/tasks/{task_id}/cost-profile": {
            "parameters": [task_id],
            "get": openapi.op("A task's cost inputs", openapi.ok("CostProfile"), (404,), tag="Costing"),
            "put": openapi.op("Replace a task's cost inputs (managers)", openapi.ok("CostProfile"),
                      (403, 404, 422), body=openapi.ref("CostProfileInput"), tag="Costing",
                      description="A field left out or null inherits the department's "
                                  "default."),
        },
        "/tasks/{task_id}/estimate": {
            "parameters": [task_id],
            "get": openapi.op("In-house, automation and outsourcing estimates", openapi.ok("Estimate"),
                      (404,), tag="Costing"),
        },
        "/departments/{department_id}/cost-profile": {
            "parameters": [department_id],
            "get": openapi.op("A department's default cost inputs (administrators)",
                      openapi.ok("DepartmentCostProfile"), (403, 404), tag="Costing"),
            "put": openapi.op("Replace a department's default cost inputs (administrators)",
                      openapi.ok("DepartmentCostProfile"), (403, 404, 422),
                      body=openapi.ref("CostProfileInput"), tag="Costing"),
        },
        "/suggestions": {
            "get": openapi.op("Suggestions: automate, outsource, cross-train or keep",
                      openapi.ok("SuggestionPage"), (422,), parameters=[
                          openapi.query_param("status", {"type": "string",
                                                 "enum": list(SUGGESTION_STATUSES)}),
                          openapi.query_param("kind", {"type": "string",
                                               "enum": list(rules.SUGGESTION_KINDS)}),
                          *openapi.PAGING], tag="Costing"),
        },
        "/suggestions/{suggestion_id}/review": {
            "parameters": [openapi.path_param("suggestion_id")],
            "post": openapi.op("Record a manager's decision", openapi.ok("Suggestion"), (403, 404, 422),
                       body=openapi.ref("ReviewInput"), tag="Costing",
                       description="Approving needs `owner_id` and `due_date`."),
        },
    }
