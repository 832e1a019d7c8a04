"""What the pages "my work", "overdue" and the risk dashboard show, and the
training plans a cross-training suggestion becomes."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core.api import api_user, bp, requires_role
from planner.core.api_forms import form_from_json, page_params, query_int, require_valid
from planner.core.roles import Role
from planner.costing import suggestions as suggestion_service
from planner.coverage import operations as coverage_service
from planner.coverage.forms import AcceptSuggestionForm
from planner.coverage.models.training import TrainingPlan
from planner.people.models.user import User
from planner.tasks import operations as task_service
from planner.work import operations as occurrence_service
from planner.work.api import occurrence_json


def _person_ref(person: User | None) -> dict[str, Any] | None:
    return {"id": person.id, "name": person.name} if person is not None else None


def training_plan_json(plan: TrainingPlan) -> dict[str, Any]:
    return {
        "id": plan.id, "task_id": plan.task_id, "task_title": plan.task.title,
        "trainee": _person_ref(plan.trainee), "trainer": _person_ref(plan.trainer),
        "target_level": plan.target_level, "due_date": plan.due_date.isoformat(),
        "estimated_hours": plan.estimated_hours, "status": plan.status,
    }


@bp.get("/my-work")
def my_work():  # noqa: ANN201
    """The caller's open occurrences grouped as on "my work", their training
    plans and the approved improvements they carry out."""
    from planner.costing.api import suggestion_json

    actor = api_user()
    work = occurrence_service.my_work(actor)
    return jsonify({
        "today": work.today_date.isoformat(),
        "overdue": [occurrence_json(o) for o in work.overdue],
        "due_today": [occurrence_json(o) for o in work.today],
        "this_week": [occurrence_json(o) for o in work.this_week],
        "next_30_days": [occurrence_json(o) for o in work.next_30_days],
        "training": [training_plan_json(p) for p in coverage_service.training_of(actor)],
        "improvements": [suggestion_json(s) for s in suggestion_service.assigned_to(actor)],
    })


@bp.get("/overdue")
@requires_role(Role.MANAGER)
def overdue():  # noqa: ANN201
    """Open occurrences past their due date in the caller's departments."""
    page, per_page = page_params()
    result = occurrence_service.overdue_page(api_user(), page, per_page)
    return jsonify({"items": [occurrence_json(o) for o in result.items], "total": result.total,
                    "page": page, "per_page": per_page})


@bp.get("/risk")
@requires_role(Role.MANAGER)
def risk():  # noqa: ANN201
    """The risk dashboard: coverage per department, deadlines at risk from
    absences (the soonest 20, and how many), single points of failure with the
    best people to train (highest risk first, a page of them)."""
    department_id = query_int("department_id")
    page, per_page = page_params()
    data = coverage_service.dashboard(api_user(), department_id, page=page, per_page=per_page)
    return jsonify({
        "departments": [{"department_id": d.id, "name": d.name, "tasks": c.tasks,
                         "covered": c.covered, "share": c.share, "bus_factor": c.bus_factor}
                        for d, c in data.departments],
        "at_risk": [{"occurrence": occurrence_json(r.occurrence),
                     "absent": [_person_ref(p) for p in r.absent],
                     "qualified": [_person_ref(p) for p in r.qualified]}
                    for r in data.at_risk],
        "single_points_of_failure": [
            {"task_id": r.task.id, "title": r.task.title, "department_id": r.task.department_id,
             "criticality": r.task.criticality, "risk_score": r.coverage.risk_score,
             "qualified_count": r.coverage.qualified_count,
             "candidates": [{"user_id": person.id, "name": person.name, "level": c.level,
                             "same_department": c.same_department,
                             "headroom_hours": round(c.headroom_hours, 1),
                             "training_hours": hours}
                            for person, c, hours in r.candidates]}
            for r in data.single_points_of_failure],
        "single_points_of_failure_total": data.spof.total,
        "at_risk_total": data.at_risk_total,
        "page": page, "per_page": per_page,
        "training_plans": [training_plan_json(p) for p in
                           coverage_service.planned_training(api_user(), department_id)],
    })


@bp.post("/tasks/<int:task_id>/training")
@requires_role(Role.MANAGER)
def plan_training(task_id: int):  # noqa: ANN201
    """Accept a cross-training suggestion: {"trainee_id", "due_date"}. Asking
    again for the same trainee answers the plan already made."""
    task = task_service.get_task(api_user(), task_id)
    form = form_from_json(AcceptSuggestionForm, request.get_json(silent=True))
    require_valid(form)
    plan = coverage_service.accept_suggestion(api_user(), task, form.trainee_id.data,
                                              form.due_date.data)
    return jsonify(training_plan_json(plan)), 201
