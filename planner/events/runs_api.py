"""The events API: record an event (its run opens), list, read and cancel."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, bp, page_json, requires_role
from planner.core.api_forms import form_from_json, page_params, query_int, require_valid
from planner.core.errors import N_, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.employees import operations as roster
from planner.employees.forms import EmployeeForm
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData
from planner.events import operations as event_service
from planner.events.event_types import event_type
from planner.events.models import EVENT_STATUSES, Event
from planner.events.operations import Run, RunStep
from planner.work.models import OCCURRENCE_STATUSES


def _title(step: RunStep) -> str:
    return step.occurrence.task.title


def step_json(step: RunStep) -> dict[str, Any]:
    occurrence = step.occurrence
    owner = step.owner
    return {"key": step.key, "title": _title(step), "due_date": occurrence.due_date.isoformat(),
            "work_by": occurrence.work_by.isoformat(), "owner_id": owner.id if owner else None,
            "occurrence_id": occurrence.id, "status": occurrence.status,
            "completed_by_id": occurrence.completed_by_id,
            "completed_at": occurrence.completed_at.isoformat() if occurrence.completed_at
            else None}


def event_json(event: Event, run: Run | None = None) -> dict[str, Any]:
    found = {"id": event.id, "type": event.type_key, "date": event.date.isoformat(),
             "employee_id": event.employee_id, "status": event.status, "source": event.source,
             "note": event.note, "recorded_by_id": event.recorded_by_id,
             "recorded_at": event.recorded_at.isoformat(),
             "cancelled_at": event.cancelled_at.isoformat() if event.cancelled_at else None}
    if run is not None:
        found["steps"] = [step_json(s) for s in run.steps]
    return found


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _employee(body: dict[str, Any]) -> Employee | None:
    """The employee named by id, or the one the body describes (found by
    number, else added to the roster)."""
    if body.get("employee") is not None:
        data = body["employee"]
        if not isinstance(data, dict):
            raise ValidationError.single("employee", N_("Send the employee as an object."))
        try:
            form = require_valid(form_from_json(EmployeeForm, data))
            employee, _ = roster.find_or_create(
                api_user(), EmployeeData(**{name: form[name].data for name in roster.FIELDS}))
        except ValidationError as error:
            raise ValidationError({f"employee.{k}": v for k, v in error.fields.items()}
                                  or {"employee": [error.message]}) from None
        return employee
    raw = body.get("employee_id")
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValidationError.single("employee_id", N_(
            "Send employee_id (a roster id) or employee (the employee's details)."))
    employee = db.session.get(Employee, raw)
    if employee is None:
        raise ValidationError.single("employee_id", N_("There is no employee with this id."))
    return employee


def _owners(value: Any) -> dict[str, int | None]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and (v is None or (isinstance(v, int) and not isinstance(v, bool)))
            for k, v in value.items()):
        raise ValidationError.single("owners", N_(
            "Send owners as {\"step key\": person id}."))
    return value


@bp.post("/events")
@requires_role(Role.MANAGER)
def record_event():  # noqa: ANN201
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError.single("type", N_("Send a JSON object with type, date and employee."))
    errors: dict[str, list] = {}
    type_key = body.get("type")
    if not isinstance(type_key, str) or event_type(type_key) is None:
        errors["type"] = [event_service.UNKNOWN_TYPE]
    event_date = _date(body.get("date"))
    if event_date is None:
        errors["date"] = [N_("Enter the date of the event (YYYY-MM-DD).")]
    note = body.get("note", "")
    if not isinstance(note, str):
        errors["note"] = [N_("Send the note as text.")]
    key = body.get("idempotency_key") or request.headers.get("Idempotency-Key")
    if key is not None and not isinstance(key, str):
        errors["idempotency_key"] = [N_("Send the idempotency key as text.")]
    try:
        owners = _owners(body.get("owners"))
    except ValidationError as error:
        errors.update(error.fields)
        owners = {}
    if errors:
        raise ValidationError(errors)
    existing = event_service.find_by_message(key)
    if existing is not None:  # the same request again: the event it made
        return jsonify(event_json(existing, event_service.run_of(existing))), 200
    employee = _employee(body)
    # The same key sent twice at once: the second finds the first's event and says so.
    event, created = event_service.record_event_once(
        api_user(), type_key, event_date, employee, source="api", message_id=key, note=note,
        owners=owners)
    return jsonify(event_json(event, event_service.run_of(event))), 201 if created else 200


@bp.get("/events")
def list_events():  # noqa: ANN201
    page, per_page = page_params()
    status = request.args.get("status") or None
    if status is not None and status not in EVENT_STATUSES:
        raise ValidationError.single("status", N_("Choose open or cancelled."))
    result = event_service.list_events(api_user(), page, per_page,
                                       type=request.args.get("type") or None, status=status,
                                       employee_id=query_int("employee_id"))
    progress = event_service.progress(result.items)
    return page_json(result, lambda e: {**event_json(e), "steps_done": progress.get(e.id, (0, 0))[0],
                                        "steps_total": progress.get(e.id, (0, 0))[1]})


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):  # noqa: ANN201
    event = event_service.get_event(api_user(), event_id)
    return jsonify(event_json(event, event_service.run_of(event)))


@bp.post("/events/<int:event_id>/cancel")
@requires_role(Role.MANAGER)
def cancel_event(event_id: int):  # noqa: ANN201
    event = event_service.get_event(api_user(), event_id)
    event_service.cancel_event(api_user(), event)
    return jsonify(event_json(event, event_service.run_of(event)))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    step = openapi.object_of({
        "key": openapi.STRING, "title": openapi.STRING, "due_date": openapi.DATE,
        "work_by": openapi.DATE, "owner_id": openapi.nullable(openapi.INTEGER),
        "occurrence_id": openapi.INTEGER,
        "status": {"type": "string", "enum": list(OCCURRENCE_STATUSES)},
        "completed_by_id": openapi.nullable(openapi.INTEGER),
        "completed_at": openapi.nullable(openapi.DATETIME)})
    fields = {
        "id": openapi.INTEGER, "type": openapi.STRING, "date": openapi.DATE,
        "employee_id": openapi.INTEGER,
        "status": {"type": "string", "enum": list(EVENT_STATUSES)},
        "source": openapi.STRING, "note": openapi.STRING,
        "recorded_by_id": openapi.nullable(openapi.INTEGER), "recorded_at": openapi.DATETIME,
        "cancelled_at": openapi.nullable(openapi.DATETIME)}
    return {
        "RunStep": step,
        "Event": openapi.object_of({**fields, "steps": {"type": "array",
                                                         "items": openapi.ref("RunStep")}}),
        "EventSummary": openapi.object_of({**fields, "steps_done": openapi.INTEGER,
                                           "steps_total": openapi.INTEGER}),
        "EventPage": openapi.page_of("EventSummary"),
        "EventInput": {
            "type": "object", "required": ["type", "date"],
            "properties": {
                "type": openapi.STRING, "date": openapi.DATE,
                "employee_id": {**openapi.INTEGER,
                                "description": "A roster id; or send employee instead."},
                "employee": {"type": "object", "description": (
                    "The employee's details (number, name, name_kana, division, "
                    "employment_type, hire_date, leave_date, health_pension_insured, "
                    "employment_insurance_insured): found by number, else added.")},
                "note": openapi.STRING,
                "owners": {"type": "object", "additionalProperties": openapi.nullable(
                    openapi.INTEGER), "description": "Step key -> the person given the step."},
                "idempotency_key": {**openapi.STRING, "maxLength": 100, "description": (
                    "The same key again answers with the event it recorded (200).")},
            }},
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    filters = [openapi.query_param("type", openapi.STRING),
               openapi.query_param("status", {"type": "string", "enum": list(EVENT_STATUSES)}),
               openapi.query_param("employee_id", openapi.INTEGER)]
    return {
        "/events": {
            "get": openapi.op("Events, newest first, with their progress",
                              openapi.ok("EventPage"), (422,),
                              parameters=[*openapi.PAGING, *filters], tag="Events"),
            "post": openapi.op("Record an event: its procedure run opens (managers)",
                               {**openapi.ok("Event", 201, "Recorded"),
                                **openapi.ok("Event", 200, "Already recorded")},
                               (403, 422), body=openapi.ref("EventInput"), tag="Events"),
        },
        "/events/{event_id}": {
            "parameters": [openapi.path_param("event_id")],
            "get": openapi.op("An event and its run's steps", openapi.ok("Event"), (404,),
                              tag="Events"),
        },
        "/events/{event_id}/cancel": {
            "parameters": [openapi.path_param("event_id")],
            "post": openapi.op("Cancel an event: its open steps are cancelled (managers)",
                               openapi.ok("Event"), (403, 404), tag="Events"),
        },
    }
