"""Evidence in the JSON API: attach (multipart), list, download, withdraw."""
from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Response, jsonify, request, send_file
from flask_babel import gettext as _

from planner.checklists import operations as checklist_service
from planner.core import openapi
from planner.core.api import api_user, bp, iso
from planner.core.api_errors import error_response
from planner.core.errors import N_, ValidationError
from planner.core.extensions import db
from planner.evidence import operations as evidence_service
from planner.evidence.domain import size_label
from planner.evidence.models import Evidence
from planner.evidence.operations import TooLarge, Upload
from planner.people.api import person_ref
from planner.work import operations as occurrence_service
from planner.work.models import Occurrence


def evidence_json(evidence: Evidence, item_numbers: dict[int, int]) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "occurrence_id": evidence.occurrence_id,
        "item_id": item_numbers.get(evidence.checklist_item_id)
        if evidence.checklist_item_id else None,
        "file_name": evidence.file_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "version": evidence.version,
        "uploaded_by": person_ref(evidence.uploaded_by),
        "uploaded_at": iso(evidence.uploaded_at),
    }


def too_large(limit: int) -> tuple[Response, int]:
    return error_response(413, _("The file is larger than %(limit)s.", limit=size_label(limit)),
                          fields={"file": [_("The file is larger than %(limit)s.",
                                             limit=size_label(limit))]})


def item_number(raw: str | None) -> int | None:
    """The step a file is for, from a form field: blank is the occurrence itself."""
    if raw is None or not raw.strip():
        return None
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 10_000:
        raise ValidationError.single("item_id", N_("Choose a step of the checklist."))
    return int(raw)


def upload_from_request() -> Upload:
    file = request.files.get("file")
    if file is None or not file.filename:
        raise ValidationError.single("file", N_("Choose a file to attach."))
    # One byte more than the limit tells an oversize file without reading it all.
    data = file.stream.read(evidence_service.max_bytes() + 1)
    return Upload(file.filename, data)


@bp.post("/occurrences/<int:occurrence_id>/evidence")
def attach_evidence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    number = item_number(request.form.get("item_id"))
    try:
        evidence = evidence_service.attach(api_user(), occurrence, upload_from_request(),
                                           number)
    except TooLarge as error:
        return too_large(error.limit)
    return jsonify(evidence_json(evidence, _numbers(occurrence))), 201


def _numbers(occurrence: Occurrence) -> dict[int, int]:
    """Checklist rows' ids to the step numbers the API names them by."""
    return {item.row_id: item.number for item in checklist_service.checklist(occurrence)
            if item.row_id}


@bp.get("/occurrences/<int:occurrence_id>/evidence")
def list_evidence(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    numbers = _numbers(occurrence)
    return jsonify({"items": [evidence_json(e, numbers)
                              for e in evidence_service.of_occurrence(occurrence)]})


def download(evidence: Evidence) -> Response:
    """The file as stored, under its stored name and type; never sniffed or
    rendered inline by the browser."""
    response = send_file(BytesIO(evidence_service.content(evidence)),
                         mimetype=evidence.content_type, as_attachment=True,
                         download_name=evidence.file_name, etag=evidence.sha256,
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/evidence/<int:evidence_id>")
def get_evidence(evidence_id: int):  # noqa: ANN201
    return download(evidence_service.get_evidence(api_user(), evidence_id))


@bp.delete("/evidence/<int:evidence_id>")
def delete_evidence(evidence_id: int):  # noqa: ANN201
    evidence_service.withdraw(api_user(), evidence_service.get_evidence(api_user(), evidence_id))
    db.session.flush()
    return "", 204


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "Evidence": openapi.object_of({
            "id": openapi.INTEGER, "occurrence_id": openapi.INTEGER,
            "item_id": {**openapi.nullable(openapi.INTEGER),
                        "description": "The step of the checklist the file is for; null: "
                                       "the occurrence as a whole"},
            "file_name": openapi.STRING, "content_type": openapi.STRING,
            "size": {"type": "integer", "minimum": 1},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "version": {"type": "integer", "minimum": 1,
                        "description": "A file of the same name on the same step again is "
                                       "its next version; earlier ones are kept"},
            "uploaded_by": openapi.nullable(openapi.PERSON_REF),
            "uploaded_at": openapi.DATETIME}),
        "EvidenceList": openapi.object_of({
            "items": {"type": "array", "items": openapi.ref("Evidence")}}),
    }


_TOO_LARGE = {"413": {"description": "Larger than EVIDENCE_MAX_BYTES",
                      "content": {"application/json": {"schema": openapi.ref("Error")}}}}


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    occurrence_id = openapi.path_param("occurrence_id")
    attach = openapi.op(
        "Attach a file to an occurrence or a step of its checklist",
        openapi.ok("Evidence", 201, "Attached"), (403, 404, 409, 422), tag="Occurrences",
        description="PDF, Excel (.xlsx), CSV, PNG or JPEG, told by the content, not the "
                    "name: anything else, or a name that says another kind, is 422 naming "
                    "`file`. 409 once the occurrence is no longer open.")
    attach["responses"].update(_TOO_LARGE)
    attach["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"},
            "item_id": {"type": "integer", "minimum": 1,
                        "description": "The step's number; none: the whole occurrence"}}}}}}
    return {
        "/occurrences/{occurrence_id}/evidence": {
            "parameters": [occurrence_id],
            "get": openapi.op("An occurrence's evidence files", openapi.ok("EvidenceList"),
                              (404,), tag="Occurrences"),
            "post": attach,
        },
        "/evidence/{evidence_id}": {
            "parameters": [openapi.path_param("evidence_id")],
            "get": openapi.op(
                "Download an evidence file",
                {"200": {"description": "The file, as an attachment, with its stored type",
                         "content": {"application/octet-stream": {
                             "schema": {"type": "string", "format": "binary"}}}}},
                (404,), tag="Occurrences",
                description="Only for those who may see the task; another department's "
                            "file is 404."),
            "delete": openapi.op(
                "Delete an evidence file (its uploader, while the occurrence is open)",
                openapi.NO_CONTENT, (403, 404, 409), tag="Occurrences",
                description="409 while the occurrence's month is closed (締め)."),
        },
    }
