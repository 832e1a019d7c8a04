"""The audit log as a sheet (Excel or CSV): one row per changed field, so an
auditor can filter by record, field or person in Excel."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planner.core import audit_log
from planner.core.i18n import lazy_gettext as _l
from planner.core.sheets import Column, Table

COLUMNS = [
    Column("at", _l("When"), width=22), Column("actor", _l("Who"), width=16),
    Column("action", _l("Action"), width=8), Column("type", _l("Record type"), width=16),
    Column("record", _l("Record"), width=32), Column("record_id", _l("Record ID"), width=10),
    Column("field", _l("Field"), width=22), Column("old", _l("Before"), width=28),
    Column("new", _l("After"), width=28), Column("summary", _l("Summary"), width=48),
    Column("entry", _l("Entry number"), width=10),
]


def _rows(filters: audit_log.Filters) -> Iterator[list[Any]]:
    for view in audit_log.iter_views(filters):
        head = [view.at, view.actor_name, view.action, view.record_type, view.record_label,
                view.entry.entity_id]
        tail = [view.summary, view.entry.id]
        if not view.changes:
            yield [*head, "", "", "", *tail]
        for change in view.changes:
            yield [*head, change.label, change.old, change.new, *tail]


def audit_export_table(filters: audit_log.Filters) -> Table:
    return Table(str(_l("Audit log")), COLUMNS, _rows(filters))


def export_name(filters: audit_log.Filters) -> str:
    """audit-log_2026-11-01_2026-11-30: the period in the file's name."""
    parts = ["audit-log"]
    if filters.start or filters.end:
        parts += [filters.start.isoformat() if filters.start else "",
                  filters.end.isoformat() if filters.end else ""]
    return "_".join(parts)
