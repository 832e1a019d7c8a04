"""The audit log in the API: read by administrators and auditors, like its page."""
from __future__ import annotations

from typing import Any

from flask import request

from planner.core import audit_log, openapi
from planner.core.api import attributes, bp, iso, page_json, requires_role
from planner.core.api_forms import page_params
from planner.core.audit_entry import AuditEntry
from planner.core.errors import N_, ValidationError
from planner.core.roles import Role

ENTITY_ID_MAX = 64  # the column's length


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {**attributes(entry, "id", "action", "entity_type", "entity_id", "changes"),
            "at": iso(entry.at),
            "actor": {"id": entry.actor.id, "name": entry.actor.name} if entry.actor else None}


def _filters() -> tuple[str | None, str | None]:
    entity_type = request.args.get("entity_type") or None
    entity_id = (request.args.get("entity_id") or "").strip() or None
    errors: dict[str, list] = {}
    if entity_type is not None and entity_type not in audit_log.entity_types():
        errors["entity_type"] = [N_("Unknown record type.")]
    if entity_id is not None and len(entity_id) > ENTITY_ID_MAX:
        errors["entity_id"] = [N_("At most %(max)d characters.", max=ENTITY_ID_MAX)]
    if errors:
        raise ValidationError(errors)
    return entity_type, entity_id


@bp.get("/audit")
@requires_role(Role.ADMIN, readers=(Role.AUDITOR,))
def list_audit_entries():  # noqa: ANN201
    entity_type, entity_id = _filters()
    page, per_page = page_params()
    return page_json(audit_log.list_entries(entity_type, entity_id, page, per_page), entry_json)


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "AuditEntry": openapi.object_of({
            "id": openapi.INTEGER, "at": openapi.DATETIME,
            "action": {"type": "string", "enum": ["create", "update", "delete"]},
            "entity_type": openapi.STRING, "entity_id": openapi.STRING,
            "changes": {"type": "object"},
            "actor": openapi.nullable(openapi.object_of({"id": openapi.INTEGER,
                                                         "name": openapi.STRING}))}),
        "AuditEntryPage": openapi.page_of("AuditEntry"),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/audit": {
            "get": openapi.op(
                "The audit log, newest first (administrators and auditors)",
                openapi.ok("AuditEntryPage"), (403, 422),
                parameters=[openapi.query_param("entity_type", openapi.STRING,
                                                "A record type, e.g. Task"),
                            openapi.query_param("entity_id", openapi.STRING), *openapi.PAGING],
                tag="People"),
        },
    }
