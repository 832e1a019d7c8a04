"""The period lock (締め) and the evidence pack in the JSON API."""
from __future__ import annotations

import os
from io import BytesIO
from typing import Any

from flask import Response, jsonify, request, send_file

from planner.core import openapi
from planner.core.api import api_user, bp, iso, page_json
from planner.core.api_errors import error_response
from planner.core.api_forms import page_params, query_int
from planner.core.errors import N_, ValidationError
from planner.core.i18n import translate
from planner.people.api import person_ref
from planner.periods import domain, pack
from planner.periods import operations as periods
from planner.periods.models import PeriodClose
from planner.work.models import Occurrence


def period_json(period: PeriodClose) -> dict[str, Any]:
    return {
        "id": period.id,
        "department_id": period.department_id,
        "month": domain.label(period.month),
        "closed": period.standing,
        "closed_by": person_ref(period.closed_by),
        "closed_at": iso(period.closed_at),
        "reopened_by": person_ref(period.reopened_by),
        "reopened_at": iso(period.reopened_at),
        "reopen_reason": period.reopen_reason,
    }


def blocking_json(occurrence: Occurrence) -> dict[str, Any]:
    return {"id": occurrence.id, "title": occurrence.task.title,
            "due_date": occurrence.due_date.isoformat(), "status": occurrence.status}


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError.single("month", N_("Send a JSON object."))
    return body


@bp.post("/periods/close")
def close_period():  # noqa: ANN201
    """Close a department's month (締め); 409 lists what still blocks it."""
    body = _body()
    try:
        result = periods.close(api_user(), body.get("department_id"), body.get("month"))
    except periods.Blocked as error:
        response, status = error_response(409, translate(error.message), "period_blocked")
        payload = response.get_json()
        payload["error"]["blocking"] = [blocking_json(o) for o in error.blocking]
        return jsonify(payload), status
    return jsonify(period_json(result.period)), 201 if result.created else 200


@bp.post("/periods/reopen")
def reopen_period():  # noqa: ANN201
    """Reopen a closed month: administrators, with a reason."""
    body = _body()
    period = periods.reopen(api_user(), body.get("department_id"), body.get("month"),
                            body.get("reason"))
    return jsonify(period_json(period))


@bp.get("/periods")
def list_periods():  # noqa: ANN201
    """Every close (and reopen) of a department's months, newest month first."""
    department_id = query_int("department_id")
    if department_id is None:
        raise ValidationError.single("department_id", N_("Choose an existing department."))
    page, per_page = page_params()
    return page_json(periods.history_page(api_user(), department_id, page, per_page),
                     period_json)


# A pack up to this size is sent from memory and its temporary file closed at
# once; a larger one is streamed from the file, which goes when the response closes.
PACK_IN_MEMORY_MAX = 8 * 1024 * 1024


def pack_response(spool, name: str) -> Response:  # noqa: ANN001 - an open temporary file
    size = spool.seek(0, os.SEEK_END)
    spool.seek(0)
    if size <= PACK_IN_MEMORY_MAX:
        with spool:
            spool = BytesIO(spool.read())
    return send_file(spool, mimetype="application/zip", as_attachment=True,
                     download_name=name)


@bp.get("/evidence-pack")
def evidence_pack():  # noqa: ANN201
    """A department's month for the auditor: the sign-off register and the evidence files."""
    department_id = query_int("department_id")
    if department_id is None:
        raise ValidationError.single("department_id", N_("Choose an existing department."))
    return pack_response(*pack.build(api_user(), department_id, request.args.get("month")))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    month = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-11"}
    return {
        "PeriodClose": openapi.object_of({
            "id": openapi.INTEGER, "department_id": openapi.INTEGER, "month": month,
            "closed": {"type": "boolean",
                       "description": "false once an administrator reopened it"},
            "closed_by": openapi.nullable(openapi.PERSON_REF), "closed_at": openapi.DATETIME,
            "reopened_by": openapi.nullable(openapi.PERSON_REF),
            "reopened_at": openapi.nullable(openapi.DATETIME),
            "reopen_reason": openapi.nullable(openapi.STRING)}),
        "PeriodCloseList": openapi.page_of("PeriodClose"),
        "PeriodCloseInput": {"type": "object", "required": ["department_id", "month"],
                             "properties": {"department_id": openapi.ID, "month": month}},
        "PeriodReopenInput": {"type": "object", "required": ["department_id", "month", "reason"],
                              "properties": {"department_id": openapi.ID, "month": month,
                                             "reason": {"type": "string", "minLength": 1,
                                                        "maxLength": domain.REASON_MAX}}},
        "PeriodBlocked": openapi.object_of({"error": openapi.object_of({
            "code": openapi.STRING, "message": openapi.STRING,
            "blocking": {"type": "array", "items": openapi.object_of({
                "id": openapi.INTEGER, "title": openapi.STRING, "due_date": openapi.DATE,
                "status": openapi.STRING})}})}),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    close = openapi.op(
        "Close a department's month (締め)", openapi.ok("PeriodClose", 201, "Closed"),
        (403, 422), body=openapi.ref("PeriodCloseInput"), tag="Periods",
        description="By the occurrences' due dates. Once closed, the month's occurrences, "
                    "checklists and evidence cannot change by any path (409). 200 when it "
                    "was closed already; 409 (`blocking`) while an occurrence due in it is "
                    "neither approved nor skipped; 403 to staff and to another "
                    "department's manager.")
    close["responses"].update(openapi.ok("PeriodClose", 200, "Closed already"))
    close["responses"]["409"] = {
        "description": "Occurrences due in the month are neither approved nor skipped: the "
                       "`Error` with `error.blocking` listing them (see `PeriodBlocked`)",
        "content": {"application/json": {"schema": openapi.ref("Error")}}}
    return {
        "/periods/close": {"post": close},
        "/periods/reopen": {"post": openapi.op(
            "Reopen a closed month (administrators, with a reason)", openapi.ok("PeriodClose"),
            (403, 409, 422), body=openapi.ref("PeriodReopenInput"), tag="Periods",
            description="The close is kept with who reopened it, when and why. 409 when the "
                        "month is not closed.")},
        "/evidence-pack": {"get": openapi.op(
            "A department's month as an evidence pack (ZIP)",
            {"200": {"description": "sign-off-register.xlsx and evidence/<occurrence id>/<file>",
                     "content": {"application/zip": {
                         "schema": {"type": "string", "format": "binary"}}}}},
            (403, 422), tag="Periods",
            description="For managers, administrators and auditors of the department: one "
                        "row per occurrence due in the month in the register (task, due "
                        "date, status, preparer, reviewer, minutes, comments, file names and "
                        "SHA-256) and every evidence file of those occurrences.",
            parameters=[{**openapi.query_param("department_id", openapi.ID), "required": True},
                        {**openapi.query_param("month", {"type": "string",
                                                         "pattern": r"^\d{4}-\d{2}$"}),
                         "required": True}])},
        "/periods": {"get": openapi.op(
            "A department's closes and reopens, newest month first",
            openapi.ok("PeriodCloseList"), (403, 422), tag="Periods",
            parameters=[{**openapi.query_param("department_id", openapi.ID), "required": True},
                        *openapi.PAGING])},
    }


