"""The audit log in the API: read by administrators and auditors, like its page."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import request

from planner.admin.audit_export import audit_export_table, export_name
from planner.core import audit_log, dates, openapi
from planner.core.api import attributes, bp, iso, page_json, requires_role
from planner.core.api_forms import page_params
from planner.core.audit_wording import KINDS
from planner.core.downloads import download
from planner.core.errors import N_, ValidationError
from planner.core.roles import Role
from planner.core.sheets import XLSX_MIMETYPE

ENTITY_ID_MAX = 64  # the column's length


def entry_json(view: audit_log.EntryView) -> dict[str, Any]:
    entry = view.entry
    return {**attributes(entry, "id", "action", "entity_type", "entity_id", "changes", "kind"),
            "at": iso(entry.at),
            "actor": {"id": entry.actor.id, "name": entry.actor.name} if entry.actor else None,
            "via": entry.via,
            # The same entry in words, in the caller's language, as the page shows it.
            "actor_name": view.actor_name, "summary": view.summary,
            "record_type_label": view.record_type, "record_label": view.record_label,
            "record_url": view.record_url, "at_local": view.at,
            "changes_in_words": [{"field": change.field, "label": change.label,
                                  "old": change.old, "new": change.new}
                                 for change in view.changes]}


def _filters() -> audit_log.Filters:
    entity_type = request.args.get("entity_type") or None
    entity_id = (request.args.get("entity_id") or "").strip() or None
    errors: dict[str, list] = {}
    if entity_type is not None and entity_type not in audit_log.entity_types():
        errors["entity_type"] = [N_("Unknown record type.")]
    if entity_id is not None and len(entity_id) > ENTITY_ID_MAX:
        errors["entity_id"] = [N_("At most %(max)d characters.", max=ENTITY_ID_MAX)]
    kinds = tuple(request.args.getlist("kind")) or KINDS
    if not set(kinds) <= set(KINDS):
        errors["kind"] = [N_("One of: %(choices)s.", choices=", ".join(KINDS))]
    period = {name: _date_arg(name, errors) for name in ("from", "to")}
    if period["from"] and period["to"] and period["to"] < period["from"]:
        errors["to"] = [N_("The end date must be on or after the start date.")]
    if errors:
        raise ValidationError(errors)
    return audit_log.Filters(entity_type, entity_id, period["from"], period["to"], kinds)


def _date_arg(name: str, errors: dict[str, list]) -> date | None:
    raw = request.args.get(name)
    try:
        value = date.fromisoformat(raw) if raw else None
    except ValueError:
        errors[name] = [N_("Use the form YYYY-MM-DD.")]
        return None
    if value is not None and not dates.in_range(value):
        errors[name] = [N_("Enter a date between %(first)s and %(last)s.",
                           first=dates.EARLIEST.isoformat(), last=dates.LATEST.isoformat())]
        return None
    return value


@bp.get("/audit")
@requires_role(Role.ADMIN, readers=(Role.AUDITOR,))
def list_audit_entries():  # noqa: ANN201
    filters = _filters()
    page, per_page = page_params()
    entries = audit_log.list_entries(page=page, per_page=per_page, filters=filters)
    views = {view.entry.id: view for view in audit_log.describe(entries.items)}
    return page_json(entries, lambda entry: entry_json(views[entry.id]))


@bp.get("/audit/export")
@requires_role(Role.ADMIN, readers=(Role.AUDITOR,))
def export_audit_entries():  # noqa: ANN201
    filters = _filters()
    fmt = request.args.get("format") or "xlsx"
    if fmt not in ("xlsx", "csv"):
        raise ValidationError({"format": [N_("One of: %(choices)s.", choices="xlsx, csv")]})
    return download([audit_export_table(filters)], export_name(filters), fmt)


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "AuditEntry": openapi.object_of({
            "id": openapi.INTEGER, "at": openapi.DATETIME,
            "action": {"type": "string", "enum": ["create", "update", "delete"]},
            "entity_type": openapi.STRING, "entity_id": openapi.STRING,
            "changes": {"type": "object"},
            "actor": openapi.nullable(openapi.object_of({"id": openapi.INTEGER,
                                                         "name": openapi.STRING})),
            "via": openapi.nullable({
                "type": "string",
                "description": "What the change came through when no person made it: the "
                               "name of the SCIM token the company's directory called with"}),
            "kind": {"type": "string", "enum": list(KINDS),
                     "description": "change: a person's; automatic: a job's or a "
                                    "recalculation; preference: a person's own settings"},
            "actor_name": openapi.STRING, "summary": openapi.STRING,
            "record_type_label": openapi.STRING, "record_label": openapi.STRING,
            "record_url": openapi.nullable(openapi.STRING),
            "at_local": {"type": "string",
                         "description": "In the organisation's time zone, to the second"},
            "changes_in_words": {"type": "array", "items": openapi.object_of({
                "field": openapi.STRING, "label": openapi.STRING, "old": openapi.STRING,
                "new": openapi.STRING})}}),
        "AuditEntryPage": openapi.page_of("AuditEntry"),
    }


_FILTERS = [
    openapi.query_param("entity_type", openapi.STRING, "A record type, e.g. Task"),
    openapi.query_param("entity_id", openapi.STRING),
    openapi.query_param("from", openapi.DATE, "First day (organisation time), included"),
    openapi.query_param("to", openapi.DATE, "Last day (organisation time), included"),
    {**openapi.query_param("kind", {"type": "array", "items": {"type": "string",
                                                               "enum": list(KINDS)}}),
     "style": "form", "explode": True},
]


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/audit": {
            "get": openapi.op(
                "The audit log, newest first (administrators and auditors)",
                openapi.ok("AuditEntryPage"), (403, 422),
                parameters=[*_FILTERS, *openapi.PAGING], tag="People",
                description="Every kind of entry unless `kind` narrows it (the page shows "
                            "only `change` unless asked)."),
        },
        "/audit/export": {
            "get": openapi.op(
                "The audit log for a period as Excel or CSV (administrators and auditors)",
                {"200": {"description": "One row per changed field, oldest first; CSV in "
                                        "UTF-8 with a BOM",
                         "content": {XLSX_MIMETYPE: {"schema": {"type": "string",
                                                                "format": "binary"}},
                                     "text/csv": {"schema": {"type": "string"}}}}},
                (403, 422), tag="People",
                parameters=[*_FILTERS, openapi.query_param(
                    "format", {"type": "string", "enum": ["xlsx", "csv"], "default": "xlsx"})]),
        },
    }
