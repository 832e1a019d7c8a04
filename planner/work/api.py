from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _

from planner.calendar.operations import load_calendar
from planner.calendar.recurrence import next_occurrences, skipped_months
from planner.calendar.wording import skip_note
from planner.core import openapi
from planner.core.api import api_user, bp, page_json, requires_role
from planner.core.api_forms import form_from_json, form_from_query, page_params, require_valid
from planner.core.clock import org_today
from planner.core.roles import Role
from planner.core.signals import merged
from planner.tasks import operations as task_service
from planner.tasks.api import task_json
from planner.work import operations as occurrence_service
from planner.work.forms import CompleteForm, DeadlinePreviewForm, OccurrenceFilterForm, SkipForm
from planner.work.models import OCCURRENCE_STATUSES, Occurrence
from planner.work.operations import OccurrenceFilters
from planner.work.signals import my_work_document


def occurrence_json(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "id": occurrence.id,
        "task_id": occurrence.task_id,
        "task_title": occurrence.task.title,
        "department_id": occurrence.task.department_id,
        "nominal_date": occurrence.nominal_date.isoformat(),
        "due_date": occurrence.due_date.isoformat(),
        "work_by": occurrence.work_by.isoformat(),
        "deadline_basis": occurrence.task.deadline_basis,
        "status": occurrence.status,
        "completed_by_id": occurrence.completed_by_id,
        "completed_at": occurrence.completed_at.isoformat() if occurrence.completed_at else None,
        "note": occurrence.note,
        "minutes_taken": occurrence.minutes_taken,
        "event_id": occurrence.event_id,
        "assignee_id": occurrence.assignee_id,
        "review_required": occurrence.task.review_required,
        "prepared_by_id": occurrence.prepared_by_id,
        "prepared_at": _when(occurrence.prepared_at),
        "reviewed_by_id": occurrence.reviewed_by_id,
        "reviewed_at": _when(occurrence.reviewed_at),
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@bp.get("/occurrences")
def list_occurrences():  # noqa: ANN201
    form = require_valid(OccurrenceFilterForm(request.args))
    page, per_page = page_params()
    filters = OccurrenceFilters(
        person_id=form.person_id.data, department_id=form.department_id.data,
        status=form.status.data or None, due_from=form.due_from.data, due_to=form.due_to.data,
    )
    result = occurrence_service.list_occurrences(api_user(), filters, page, per_page)
    return page_json(result, occurrence_json)


def _body() -> Any:
    body = request.get_json(silent=True)
    return {} if body is None and not request.get_data() else body


@bp.post("/occurrences/<int:occurrence_id>/complete")
def complete_occurrence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    form = require_valid(form_from_json(CompleteForm, _body()))
    occurrence_service.complete(api_user(), occurrence, form.note.data or "",
                                minutes=form.minutes.data)
    return jsonify(occurrence_json(occurrence))


@bp.post("/occurrences/<int:occurrence_id>/skip")
def skip_occurrence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    form = require_valid(form_from_json(SkipForm, _body()))
    occurrence_service.skip(api_user(), occurrence, form.reason.data)
    return jsonify(occurrence_json(occurrence))


@bp.post("/occurrences/<int:occurrence_id>/reopen")
def reopen_occurrence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    occurrence_service.reopen(api_user(), occurrence)
    return jsonify(occurrence_json(occurrence))


@bp.post("/tasks/<int:task_id>/adopt-measured-effort")
@requires_role(Role.MANAGER)
def adopt_measured_effort(task_id: int):  # noqa: ANN201
    """The task's registered effort becomes its measured one (managers)."""
    task = task_service.get_task(api_user(), task_id)
    occurrence_service.adopt_measured_effort(api_user(), task)
    return jsonify(task_json(task))


@bp.get("/my-work")
def my_work():  # noqa: ANN201
    """The caller's open occurrences grouped as on "my work", their training
    plans and the approved improvements they carry out."""
    actor = api_user()
    work = occurrence_service.my_work(actor)
    return jsonify({
        "today": work.today_date.isoformat(),
        "overdue": [occurrence_json(o) for o in work.overdue],
        "past_work_by": [occurrence_json(o) for o in work.past_work_by],
        "due_today": [occurrence_json(o) for o in work.today],
        "this_week": [occurrence_json(o) for o in work.this_week],
        "next_30_days": [occurrence_json(o) for o in work.next_30_days],
        # Training plans and improvements: coverage's and costing's fields of the answer.
        **merged(my_work_document.send(actor)),
    })


@bp.get("/overdue")
@requires_role(Role.MANAGER)
def overdue():  # noqa: ANN201
    """Open occurrences past their due date in the caller's departments."""
    page, per_page = page_params()
    result = occurrence_service.overdue_page(api_user(), page, per_page)
    return page_json(result, occurrence_json)


@bp.get("/recurrence/preview")
def preview_recurrence():  # noqa: ANN201
    """The next due dates of a schedule against the organisation's calendar."""
    args = request.args.to_dict()
    if "preset" not in args:
        for name, preset in (("rrule", "custom"), ("business_day", "business_day"),
                             ("once_date", "once")):
            if args.get(name):
                args["preset"] = preset
                break
    form = require_valid(form_from_query(DeadlinePreviewForm, args))
    company = load_calendar()
    deadline = form.deadline
    calendar = deadline.calendar(company)
    start = form.start.data or org_today()
    found = next_occurrences(form.schedule, calendar, start, form.count.data or 12)
    shown_until = found[-1].nominal if found else start
    return jsonify({"dates": [
        {"nominal": o.nominal.isoformat(), "due": o.due.isoformat(),
         "work_by": deadline.work_by(o.due, company).isoformat(),
         "moved": o.nominal != o.due,
         "reason": _reason(calendar, o.nominal) if o.nominal != o.due else None}
        for o in found
    ], "skipped": [
        {"month": f"{skip.year:04d}-{skip.month:02d}", "day": skip.day,
         "message": skip_note(skip)}
        for skip in skipped_months(form.schedule, start, shown_until)
    ]})


def _reason(calendar, day) -> str:  # noqa: ANN001
    """Why a nominal date moved: the holiday's or closure's name, or the weekend."""
    name = calendar.holiday_name(day, "ja" if str(get_locale()).startswith("ja") else "en_US")
    if name:
        return name
    closure = calendar.closed_period(day)
    if closure is not None:
        return closure.name or _("Company closed")
    return _("Weekend")


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "Occurrence": openapi.object_of({
            "id": openapi.INTEGER, "task_id": openapi.INTEGER, "task_title": openapi.STRING, "department_id": openapi.INTEGER,
            "nominal_date": openapi.DATE,
            "due_date": {"type": "string", "format": "date",
                         "description": "The deadline; for a statutory task the legal due "
                                        "date, on the authorities' calendar"},
            "work_by": {"type": "string", "format": "date",
                        "description": "The last company business day on or before a legal "
                                       "due date, less the task's buffer; else the due date"},
            "deadline_basis": {"type": "string", "enum": ["internal", "statutory"]},
            "status": {"type": "string", "enum": list(OCCURRENCE_STATUSES)},
            "completed_by_id": openapi.nullable(openapi.INTEGER), "completed_at": openapi.nullable(openapi.DATETIME),
            "note": openapi.STRING,
            "minutes_taken": {**openapi.nullable({"type": "integer", "minimum": 1, "maximum": 1440}),
                              "description": "How long it took, when the person who "
                                             "completed it said so"},
            "event_id": {**openapi.nullable(openapi.INTEGER),
                         "description": "The event whose procedure this step belongs to"},
            "assignee_id": {**openapi.nullable(openapi.INTEGER),
                            "description": "The person given this step of a procedure; "
                                           "null: the task's primary owner"},
            "review_required": {"type": "boolean",
                                "description": "Done needs a second person's approval: "
                                               "complete leaves it prepared"},
            "prepared_by_id": openapi.nullable(openapi.INTEGER),
            "prepared_at": openapi.nullable(openapi.DATETIME),
            "reviewed_by_id": {**openapi.nullable(openapi.INTEGER),
                               "description": "Who approved the current preparation, or "
                                              "returned it (then the status is open)"},
            "reviewed_at": openapi.nullable(openapi.DATETIME)}),
        "OccurrencePage": openapi.page_of("Occurrence"),
        "MyWork": openapi.object_of({
            "today": openapi.DATE,
            **{name: {"type": "array", "items": openapi.ref("Occurrence")}
               for name in ("overdue", "past_work_by", "due_today", "this_week",
                            "next_30_days")},
            "training": {"type": "array", "items": openapi.ref("TrainingPlan")},
            "improvements": {"type": "array", "items": openapi.ref("Suggestion")},
            "to_review": {"type": "array", "items": openapi.ref("Occurrence"),
                          "description": "Prepared work the caller may approve or return"},
            "returned": {"type": "array", "description": "Work the caller prepared that "
                         "came back, open, with the reviewer's comment",
                         "items": {"allOf": [openapi.ref("Occurrence"), openapi.object_of({
                             "return_comment": openapi.STRING,
                             "returned_by_id": openapi.INTEGER,
                             "returned_at": openapi.DATETIME})]}}}),
        "Preview": openapi.object_of({"dates": {"type": "array", "items": openapi.object_of({
            "nominal": openapi.DATE, "due": openapi.DATE, "work_by": openapi.DATE, "moved": openapi.BOOLEAN, "reason": openapi.nullable(openapi.STRING)})},
            "skipped": {"type": "array", "description": "Months the rule skips for want of its day "
                        "(RFC 5545: BYMONTHDAY=31 has no April), up to the last date shown.",
                        "items": openapi.object_of({
                            "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                            "day": openapi.INTEGER, "message": openapi.STRING})}}),
        "CompleteInput": openapi.form_schema(openapi.blank_form(CompleteForm)),
        "SkipInput": openapi.form_schema(openapi.blank_form(SkipForm)),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    occurrence_id = openapi.path_param("occurrence_id")
    return {
        "/recurrence/preview": {
            "get": openapi.op("Preview the due dates of a schedule", openapi.ok("Preview"), (422,),
                      parameters=openapi.form_parameters(DeadlinePreviewForm(formdata=None)),
                      tag="Tasks",
                      description="Against the organisation's calendar (a statutory "
                                  "`deadline_basis`: the authorities', with work-by dates "
                                  "on the organisation's); `rrule`, `business_day` or "
                                  "`once_date` alone picks the preset."),
        },
        "/occurrences": {
            "get": openapi.op("List occurrences", openapi.ok("OccurrencePage"), (422,),
                      parameters=[*openapi.form_parameters(OccurrenceFilterForm(formdata=None)),
                                  *openapi.PAGING], tag="Occurrences"),
        },
        "/occurrences/{occurrence_id}/complete": {
            "parameters": [occurrence_id],
            "post": openapi.op("Mark an occurrence done", openapi.ok("Occurrence"),
                       (403, 404, 409, 422), body=openapi.ref("CompleteInput"),
                       body_required=False, tag="Occurrences",
                       description="On a task that requires review the occurrence becomes "
                                   "`prepared` (409 unless it is open; 422 naming `preparing` "
                                   "when something stops it, e.g. a checklist step)."),
        },
        "/occurrences/{occurrence_id}/skip": {
            "parameters": [occurrence_id],
            "post": openapi.op("Skip an occurrence, saying why", openapi.ok("Occurrence"), (403, 404, 409, 422),
                       body=openapi.ref("SkipInput"), tag="Occurrences"),
        },
        "/occurrences/{occurrence_id}/reopen": {
            "parameters": [occurrence_id],
            "post": openapi.op("Reopen a done or skipped occurrence", openapi.ok("Occurrence"),
                       (403, 404, 409), tag="Occurrences",
                       description="409 while its month is closed (締め)."),
        },
        "/tasks/{task_id}/adopt-measured-effort": {
            "parameters": [openapi.path_param("task_id")],
            "post": openapi.op("Make the measured effort the task's registered effort (managers)",
                       openapi.ok("Task"), (403, 404, 422), tag="Tasks",
                       description="The measured effort is the median of the minutes taken "
                                   "of the task's latest 12 completions that have them, from 3 "
                                   "on; without it, 422 naming `effort_minutes`."),
        },
        "/my-work": {
            "get": openapi.op("The caller's work, as on \"my work\"", openapi.ok("MyWork"), (), tag="Work"),
        },
        "/overdue": {
            "get": openapi.op("Overdue occurrences in the caller's departments (managers)",
                      openapi.ok("OccurrencePage"), (403, 422), parameters=openapi.PAGING, tag="Work"),
        },
    }
