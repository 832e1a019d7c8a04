from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.calendar.forms import PreviewForm
from planner.calendar.operations import load_calendar
from planner.calendar.recurrence import next_occurrences
from planner.core.api import api_user, bp
from planner.core.api_forms import form_from_json, form_from_query, page_params, require_valid
from planner.core.clock import org_today
from planner.work import operations as occurrence_service
from planner.work.forms import CompleteForm, OccurrenceFilterForm, SkipForm
from planner.work.models import Occurrence
from planner.work.operations import OccurrenceFilters


def occurrence_json(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "id": occurrence.id,
        "task_id": occurrence.task_id,
        "task_title": occurrence.task.title,
        "department_id": occurrence.task.department_id,
        "nominal_date": occurrence.nominal_date.isoformat(),
        "due_date": occurrence.due_date.isoformat(),
        "status": occurrence.status,
        "completed_by_id": occurrence.completed_by_id,
        "completed_at": occurrence.completed_at.isoformat() if occurrence.completed_at else None,
        "note": occurrence.note,
    }


@bp.get("/occurrences")
def list_occurrences():  # noqa: ANN201
    form = OccurrenceFilterForm(request.args)
    require_valid(form)
    page, per_page = page_params()
    filters = OccurrenceFilters(
        person_id=form.person_id.data, department_id=form.department_id.data,
        status=form.status.data or None, due_from=form.due_from.data, due_to=form.due_to.data,
    )
    result = occurrence_service.list_occurrences(api_user(), filters, page, per_page)
    return jsonify({"items": [occurrence_json(o) for o in result.items], "total": result.total,
                    "page": result.page, "per_page": result.per_page})


def _body() -> Any:
    body = request.get_json(silent=True)
    return {} if body is None and not request.get_data() else body


@bp.post("/occurrences/<int:occurrence_id>/complete")
def complete_occurrence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    form = form_from_json(CompleteForm, _body())
    require_valid(form)
    occurrence_service.complete(api_user(), occurrence, form.note.data or "")
    return jsonify(occurrence_json(occurrence))


@bp.post("/occurrences/<int:occurrence_id>/skip")
def skip_occurrence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    form = form_from_json(SkipForm, _body())
    require_valid(form)
    occurrence_service.skip(api_user(), occurrence, form.reason.data)
    return jsonify(occurrence_json(occurrence))


@bp.post("/occurrences/<int:occurrence_id>/reopen")
def reopen_occurrence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    occurrence_service.reopen(api_user(), occurrence)
    return jsonify(occurrence_json(occurrence))


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
    form = form_from_query(PreviewForm, args)
    require_valid(form)
    calendar = load_calendar()
    start = form.start.data or org_today()
    found = next_occurrences(form.schedule, calendar, start, form.count.data or 12)
    return jsonify({"dates": [
        {"nominal": o.nominal.isoformat(), "due": o.due.isoformat(),
         "moved": o.nominal != o.due,
         "reason": _reason(calendar, o.nominal) if o.nominal != o.due else None}
        for o in found
    ]})


def _reason(calendar, day) -> str:  # noqa: ANN001
    """Why a nominal date moved: the holiday's or closure's name, or the weekend."""
    from flask_babel import get_locale
    from flask_babel import gettext as _

    name = calendar.holiday_name(day, "ja" if str(get_locale()).startswith("ja") else "en_US")
    if name:
        return name
    closure = calendar.closed_period(day)
    if closure is not None:
        return closure.name or _("Company closed")
    return _("Weekend")
