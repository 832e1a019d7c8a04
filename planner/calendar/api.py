"""Company closures as JSON: what the calendar page shows and edits.

Everyone signed in may read them (the schedule preview already names a
closure that moves a date); only administrators change them, as on the page.
A change re-plans the due dates through the same operations as the page."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.calendar import operations as calendar_service
from planner.calendar.forms import ClosedDayForm
from planner.calendar.models import ClosedDay
from planner.core import openapi
from planner.core.api import attributes, bp, requires_role
from planner.core.api_forms import form_from_json, page_params, require_valid
from planner.core.roles import Role


def closure_json(closure: ClosedDay) -> dict[str, Any]:
    return attributes(closure, "id", "name", "start_date", "end_date", "yearly")


@bp.get("/calendar/closures")
def list_closures():  # noqa: ANN201
    """Yearly closures first, then the one-off ones, each by start date."""
    page, per_page = page_params()
    found = calendar_service.list_closed_days()
    chunk = found[(page - 1) * per_page: page * per_page]
    return jsonify({"items": [closure_json(c) for c in chunk], "total": len(found),
                    "page": page, "per_page": per_page})


@bp.post("/calendar/closures")
@requires_role(Role.ADMIN)
def create_closure():  # noqa: ANN201
    form = require_valid(form_from_json(ClosedDayForm, request.get_json(silent=True)))
    closure = calendar_service.add_closed_day(form.name.data, form.start_date.data,
                                              form.end_date.data, bool(form.yearly.data))
    return jsonify(closure_json(closure)), 201


@bp.delete("/calendar/closures/<int:closed_day_id>")
@requires_role(Role.ADMIN)
def delete_closure(closed_day_id: int):  # noqa: ANN201
    calendar_service.remove_closed_day(closed_day_id)
    return "", 204


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "Closure": openapi.object_of({
            "id": openapi.INTEGER, "name": openapi.STRING, "start_date": openapi.DATE,
            "end_date": openapi.DATE,
            "yearly": {"type": "boolean",
                       "description": "Every year: the years of the dates are ignored, and "
                                      "the closure may span the new year (12/29–1/3)."}}),
        "ClosurePage": openapi.page_of("Closure"),
        "ClosureInput": openapi.form_schema(openapi.blank_form(ClosedDayForm)),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/calendar/closures": {
            "get": openapi.op("Company closures", openapi.ok("ClosurePage"), (422,),
                              parameters=openapi.PAGING, tag="Calendar"),
            "post": openapi.op("Add a company closure (administrators)",
                               openapi.ok("Closure", 201, "Added"), (403, 422),
                               body=openapi.ref("ClosureInput"), tag="Calendar",
                               description="Open due dates move to the new business days at "
                                           "once, as when the calendar page saves. A closure "
                                           "that ends before it starts is refused on "
                                           "`end_date` unless it is yearly."),
        },
        "/calendar/closures/{closed_day_id}": {
            "parameters": [openapi.path_param("closed_day_id")],
            "delete": openapi.op("Remove a company closure (administrators)", openapi.NO_CONTENT,
                                 (403, 404), tag="Calendar"),
        },
    }
