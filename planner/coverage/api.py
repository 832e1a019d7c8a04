from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify, request

from planner.core import dates, labels, openapi
from planner.core.api import api_user, bp, page_json, requires_role
from planner.core.api_forms import form_from_json, page_params, query_int, require_valid
from planner.core.clock import org_today
from planner.core.errors import N_, ValidationError
from planner.core.limits import INT_MAX
from planner.core.pagination import Page
from planner.core.roles import Role
from planner.coverage import absences as absence_service
from planner.coverage import domain as rules
from planner.coverage import operations as coverage_service
from planner.coverage.absences import AbsenceData
from planner.coverage.forms import AbsenceForm, AcceptSuggestionForm, OwnerRow
from planner.coverage.models.absence import ABSENCE_KINDS, Absence
from planner.coverage.models.training import TrainingPlan
from planner.coverage.operations import OwnerEntry
from planner.people import operations as users
from planner.people.api import person_ref
from planner.tasks import operations as task_service
from planner.tasks.domain import CRITICALITIES
from planner.work.api import occurrence_json
from planner.work.forms import OccurrenceFilterForm


def _owners_json(task) -> list[dict[str, Any]]:  # noqa: ANN001
    return [{"user_id": o.user_id, "name": o.user.name, "role": o.role, "level": o.level}
            for o in task.owners]



def training_plan_json(plan: TrainingPlan) -> dict[str, Any]:
    """A cross-training plan, as coverage's API and "my work" answer it."""
    return {
        "id": plan.id, "task_id": plan.task_id, "task_title": plan.task.title,
        "trainee": person_ref(plan.trainee), "trainer": person_ref(plan.trainer),
        "target_level": plan.target_level, "due_date": plan.due_date.isoformat(),
        "estimated_hours": plan.estimated_hours, "status": plan.status,
    }


@bp.get("/tasks/<int:task_id>/owners")
def get_owners(task_id: int):  # noqa: ANN201
    task = task_service.get_task(api_user(), task_id)
    return jsonify({"owners": _owners_json(task)})


@bp.put("/tasks/<int:task_id>/owners")
def put_owners(task_id: int):  # noqa: ANN201
    """Replace the owners: {"owners": [{"user_id", "role", "level"}, ...]}."""
    task = task_service.get_task(api_user(), task_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("owners"), list):
        raise ValidationError.single("owners", N_("Send {\"owners\": [...]}, a list of owners."))
    entries, errors = [], {}
    for index, row in enumerate(body["owners"]):
        try:
            form = form_from_json(OwnerRow, row)
            form.user_id.validate_choice = False
            require_valid(form)
        except ValidationError as error:
            errors.update({f"owners-{index}-{k}": v for k, v in error.fields.items()}
                          or {f"owners-{index}": [error.message]})
            continue
        if form.user_id.data is None:
            errors[f"owners-{index}-user_id"] = [N_("This field is required.")]
            continue
        entries.append(OwnerEntry(form.user_id.data, form.role.data, form.level.data))
    if errors:
        raise ValidationError(errors)
    coverage_service.set_owners(api_user(), task, entries)
    return jsonify({"owners": _owners_json(task)})


@bp.get("/coverage")
def coverage():  # noqa: ANN201
    department_id = query_int("department_id")
    page, per_page = page_params()
    listed = coverage_service.coverage_list(api_user(), department_id, page, per_page)
    return jsonify({
        "items": [{"id": task.id, "title": task.title, "department_id": task.department_id,
                   "criticality": task.criticality,
                   "qualified_count": c.qualified_count,
                   "single_point_of_failure": c.single_point_of_failure,
                   "occurrences_per_year": c.occurrences_per_year,
                   "risk_score": c.risk_score} for task, c in listed.items],
        "total": listed.total, "page": page, "per_page": per_page,
    })


def _absence_json(absence: Absence) -> dict[str, Any]:
    return {"id": absence.id, "user_id": absence.user_id, "name": absence.user.name,
            "start_date": absence.start_date.isoformat(),
            "end_date": absence.end_date.isoformat(), "kind": absence.kind, "note": absence.note}


def _absence_form(payload: Any, base: dict | None = None) -> AbsenceForm:
    form = form_from_json(AbsenceForm, payload, base)
    form.user_id.validate_choice = False  # the service checks who may be named
    require_valid(form)
    return form


def _absence_data(form: AbsenceForm) -> AbsenceData:
    return AbsenceData(form.user_id.data, form.start_date.data, form.end_date.data,
                       form.kind.data, form.note.data or "")


@bp.get("/absences")
def list_absences():  # noqa: ANN201
    form = OccurrenceFilterForm(request.args)  # person_id, due_from, due_to
    require_valid(form)
    page, per_page = page_params()
    result: Page = absence_service.list_absences(
        api_user(), page, per_page, person_id=form.person_id.data,
        from_date=form.due_from.data, to_date=form.due_to.data)
    return page_json(result, _absence_json)


@bp.post("/absences")
def create_absence():  # noqa: ANN201
    payload = request.get_json(silent=True)
    if isinstance(payload, dict) and "user_id" not in payload:
        payload = {**payload, "user_id": api_user().id}
    form = _absence_form(payload)
    absence = absence_service.create_absence(api_user(), _absence_data(form))
    return jsonify(_absence_json(absence)), 201


@bp.get("/absences/<int:absence_id>")
def get_absence(absence_id: int):  # noqa: ANN201
    return jsonify(_absence_json(absence_service.get_absence(api_user(), absence_id)))


@bp.patch("/absences/<int:absence_id>")
def update_absence(absence_id: int):  # noqa: ANN201
    absence = absence_service.get_absence(api_user(), absence_id)
    base = {k: v for k, v in _absence_json(absence).items()
            if k in ("user_id", "start_date", "end_date", "kind", "note")}
    form = _absence_form(request.get_json(silent=True), base)
    absence_service.update_absence(api_user(), absence, _absence_data(form))
    return jsonify(_absence_json(absence))


@bp.delete("/absences/<int:absence_id>")
def delete_absence(absence_id: int):  # noqa: ANN201
    absence = absence_service.get_absence(api_user(), absence_id)
    absence_service.delete_absence(api_user(), absence)
    return "", 204


@bp.get("/workload")
def workload():  # noqa: ANN201
    """Hours per person and month: {"items": [{person_id, name, month, hours, capacity,
    overloaded}]}, for a department's people (`per_page` people a page, each with
    `months` items) or the caller."""
    errors: dict[str, list] = {}
    values: dict[str, Any] = {}
    for name, maximum in (("department_id", INT_MAX), ("months", 24)):
        try:
            values[name] = query_int(name, maximum=maximum)
        except ValidationError as error:
            errors.update(error.fields)
    start = request.args.get("from")
    try:
        first = date.fromisoformat(start) if start else None
    except ValueError:
        errors["from"] = [N_("Use the form YYYY-MM-DD.")]
        first = None
    if first is not None and not dates.in_range(first):
        errors["from"] = [N_("Enter a date between %(first)s and %(last)s.",
                             first=dates.EARLIEST.isoformat(),
                             last=dates.LATEST.isoformat())]
    if errors:
        raise ValidationError(errors)
    page, per_page = page_params()
    actor, department_id, months = api_user(), values["department_id"], values["months"] or 12
    if department_id:
        users.get_department(actor, department_id)  # one that does not exist is a 404 too
        grid = coverage_service.department_workload(actor, department_id, first, months,
                                                    page, per_page)
        people_total = grid.people_page.total
    else:
        grid = coverage_service.workload_grid([actor], first or org_today(), months)
        people_total = 1
    items = []
    for person in grid.people:
        for month, cell in zip(grid.months, grid.row(person.id), strict=True):
            items.append({"person_id": person.id, "name": person.name, "month": month,
                          "hours": cell.hours, "capacity": grid.capacity[person.id],
                          "overloaded": grid.overloaded(person.id, month)})
    return jsonify({"items": items, "total": people_total * len(grid.months),
                    "people_total": people_total, "page": page, "per_page": per_page,
                    "measured_tasks": grid.measured_tasks})


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
                     "absent": [person_ref(p) for p in r.absent],
                     "qualified": [person_ref(p) for p in r.qualified]}
                    for r in data.at_risk],
        "single_points_of_failure": [
            {"task_id": r.task.id, "title": r.task.title, "department_id": r.task.department_id,
             "criticality": r.task.criticality, "risk_score": r.coverage.risk_score,
             "qualified_count": r.coverage.qualified_count,
             "review_required": r.coverage.review_required, "gap": r.coverage.gap,
             "people_to_train": r.coverage.people_to_train,
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
    form = require_valid(form_from_json(AcceptSuggestionForm, request.get_json(silent=True)))
    plan = coverage_service.accept_suggestion(api_user(), task, form.trainee_id.data,
                                              form.due_date.data)
    return jsonify(training_plan_json(plan)), 201


# --- OpenAPI ----------------------------------------------------------------------


def _kind_description() -> str:
    """Each kind's label in the caller's language, and what a half day means."""
    named = "; ".join(f"{kind}: {labels.ABSENCE_KIND[kind]}" for kind in ABSENCE_KINDS)
    return (f"{named}. half_day_am and half_day_pm are one day (end_date = start_date); "
            "the person still counts as present for the at-risk checks.")


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    owner_row = openapi.form_schema(openapi.blank_form(OwnerRow))
    # The page offers an empty row to fill in; in the API every row names a person.
    owner_row["properties"]["user_id"] = openapi.ID
    owner_row["required"] = ["user_id"]
    absence = openapi.form_schema(openapi.blank_form(AbsenceForm))
    absence["required"] = [n for n in absence.get("required", []) if n != "user_id"]
    absence["properties"]["user_id"]["description"] = "Default: the caller"
    absence_patch = openapi.form_schema(openapi.blank_form(AbsenceForm), required=False)
    for schema in (absence, absence_patch):
        schema["properties"]["kind"]["description"] = _kind_description()
    return {
        "TrainingPlan": openapi.object_of({
            "id": openapi.INTEGER, "task_id": openapi.INTEGER, "task_title": openapi.STRING, "trainee": openapi.PERSON_REF,
            "trainer": openapi.nullable(openapi.PERSON_REF), "target_level": openapi.INTEGER, "due_date": openapi.DATE,
            "estimated_hours": openapi.NUMBER,
            "status": {"type": "string", "enum": ["planned", "done", "cancelled"]}}),
        "Owners": openapi.object_of({"owners": {"type": "array", "items": openapi.OWNER}}),
        "CoverageItem": openapi.object_of({
            "id": openapi.INTEGER, "title": openapi.STRING, "department_id": openapi.INTEGER,
            "criticality": {"type": "string", "enum": list(CRITICALITIES)},
            "qualified_count": {"type": "integer", "minimum": 0},
            "single_point_of_failure": openapi.BOOLEAN, "occurrences_per_year": openapi.INTEGER,
            "risk_score": openapi.NUMBER}),
        "CoverageItemPage": openapi.page_of("CoverageItem"),
        "Absence": openapi.object_of({
            "id": openapi.INTEGER, "user_id": openapi.INTEGER, "name": openapi.STRING, "start_date": openapi.DATE,
            "end_date": openapi.DATE, "kind": {"type": "string", "enum": list(ABSENCE_KINDS),
                                               "description": _kind_description()},
            "note": openapi.STRING}),
        "AbsencePage": openapi.page_of("Absence"),
        "Workload": openapi.object_of({"items": {"type": "array", "items": openapi.object_of({
            "person_id": openapi.INTEGER, "name": openapi.STRING,
            "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
            "hours": openapi.NUMBER, "capacity": openapi.INTEGER, "overloaded": openapi.BOOLEAN})},
            "total": openapi.INTEGER, "people_total": openapi.INTEGER, "page": openapi.INTEGER, "per_page": openapi.INTEGER,
            "measured_tasks": {"type": "integer", "minimum": 0,
                               "description": "Tasks counted at their measured effort (the "
                                              "median minutes taken of their latest 12 "
                                              "completions, from 3 on) instead of the "
                                              "registered one"}}),
        "Risk": openapi.object_of({
            "departments": {"type": "array", "items": openapi.object_of({
                "department_id": openapi.INTEGER, "name": openapi.STRING, "tasks": openapi.INTEGER,
                "covered": openapi.INTEGER, "share": openapi.NUMBER, "bus_factor": openapi.nullable(openapi.INTEGER)})},
            "at_risk": {"type": "array", "items": openapi.object_of({
                "occurrence": openapi.ref("Occurrence"),
                "absent": {"type": "array", "items": openapi.PERSON_REF},
                "qualified": {"type": "array", "items": openapi.PERSON_REF}})},
            "single_points_of_failure": {"type": "array", "items": openapi.object_of({
                "task_id": openapi.INTEGER, "title": openapi.STRING, "department_id": openapi.INTEGER,
                "criticality": openapi.STRING, "risk_score": openapi.NUMBER, "qualified_count": openapi.INTEGER,
                "review_required": openapi.BOOLEAN,
                "gap": {"type": "string", "enum": list(rules.GAPS),
                        "description": "What is missing: nobody qualified; nobody to prepare "
                                       "nor to check; no reviewer (確認者が不足); no backup"},
                "people_to_train": openapi.INTEGER,
                "candidates": {"type": "array", "items": openapi.object_of({
                    "user_id": openapi.INTEGER, "name": openapi.STRING, "level": openapi.INTEGER,
                    "same_department": openapi.BOOLEAN, "headroom_hours": openapi.NUMBER,
                    "training_hours": openapi.NUMBER})}})},
            "single_points_of_failure_total": openapi.INTEGER, "at_risk_total": openapi.INTEGER,
            "page": openapi.INTEGER, "per_page": openapi.INTEGER,
            "training_plans": {"type": "array", "items": openapi.ref("TrainingPlan")}}),
        "OwnersInput": {"type": "object", "required": ["owners"],
                        "additionalProperties": False,
                        "properties": {"owners": {"type": "array", "items": owner_row}}},
        "AbsenceInput": absence,
        "AbsencePatch": absence_patch,
        "TrainingInput": openapi.form_schema(openapi.blank_form(AcceptSuggestionForm)),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    task_id, absence_id = openapi.path_param("task_id"), openapi.path_param("absence_id")
    department_filter = openapi.query_param("department_id", openapi.ID)
    absence_filters = [p for p in openapi.form_parameters(OccurrenceFilterForm(formdata=None))
                       if p["name"] in ("person_id", "due_from", "due_to")]
    return {
        "/tasks/{task_id}/owners": {
            "parameters": [task_id],
            "get": openapi.op("A task's owners", openapi.ok("Owners"), (404,), tag="Coverage"),
            "put": openapi.op("Replace a task's owners (managers)", openapi.ok("Owners"), (403, 404, 422),
                      body=openapi.ref("OwnersInput"), tag="Coverage",
                      description="An active task keeps exactly one primary owner."),
        },
        "/tasks/{task_id}/training": {
            "parameters": [task_id],
            "post": openapi.op("Plan cross-training on a task (managers)",
                       openapi.ok("TrainingPlan", 201, "Planned"), (403, 404, 422),
                       body=openapi.ref("TrainingInput"), tag="Coverage"),
        },
        "/coverage": {
            "get": openapi.op("Qualified people and key-person risk per task",
                      openapi.ok("CoverageItemPage"), (422,),
                      parameters=[department_filter, *openapi.PAGING], tag="Coverage"),
        },
        "/risk": {
            "get": openapi.op("The risk dashboard (managers)", openapi.ok("Risk"), (403, 422),
                      parameters=[department_filter, *openapi.PAGING], tag="Coverage",
                      description="Single points of failure a page at a time, highest "
                                  "risk first; the 20 soonest deadlines at risk."),
        },
        "/absences": {
            "get": openapi.op("List absences", openapi.ok("AbsencePage"), (422,),
                      parameters=[*absence_filters, *openapi.PAGING], tag="Coverage"),
            "post": openapi.op("Record an absence", openapi.ok("Absence", 201, "Created"), (403, 422),
                       body=openapi.ref("AbsenceInput"), tag="Coverage"),
        },
        "/absences/{absence_id}": {
            "parameters": [absence_id],
            "get": openapi.op("One absence", openapi.ok("Absence"), (404,), tag="Coverage"),
            "patch": openapi.op("Change an absence", openapi.ok("Absence"), (403, 404, 422),
                        body=openapi.ref("AbsencePatch"), tag="Coverage"),
            "delete": openapi.op("Remove an absence", openapi.NO_CONTENT, (403, 404), tag="Coverage"),
        },
        "/workload": {
            "get": openapi.op("Hours per person and month", openapi.ok("Workload"), (404, 422),
                      parameters=[
                          department_filter,
                          openapi.query_param("months", {"type": "integer", "minimum": 1,
                                                 "maximum": 24}),
                          openapi.query_param("from", openapi.DATE, "First month (default: this month)"),
                          *openapi.PAGING],
                      tag="Coverage",
                      description="For a department's people, a page of people at a "
                                  "time, or without one for the caller."),
        },
    }
