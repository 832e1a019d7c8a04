"""Every write is recorded: a flush hook turns the session's pending changes
into audit rows, attributed to the actor set at the boundary (request, API
call, command). Hooking the flush rather than each operation means no write
path can forget to log."""
from __future__ import annotations

import contextlib
import contextvars
import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from planner.core import audit_fields
from planner.core.audit_entry import AuditEntry
from planner.core.audit_fields import AuditFields
from planner.core.audit_wording import classify
from planner.core.clock import org_timezone
from planner.core.extensions import db

_actor_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("audit_actor", default=None)
# What a change came through when no person made it (the directory's SCIM
# token, by its name): an auditor must see that the directory did it, and
# through which token, not "System".
_via: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_via", default=None)
# Set while a periodic job runs: what it writes is the application's own
# recalculation, shown in the log only when asked for.
_automatic: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_automatic",
                                                                  default=False)
_ALWAYS_EXCLUDED = frozenset({"updated_at", "created_at"})


_NO_FIELDS = AuditFields(name="", labels={})


def _fields(obj: Any) -> AuditFields:
    return audit_fields.of(type(obj)) or _NO_FIELDS


def _kind(action: str, obj: Any, changes: dict[str, Any]) -> str:
    fields = _fields(obj)
    return classify(action, changes, automatic=_automatic.get(), preferences=fields.preferences,
                    derived=fields.derived, generated=fields.generated)


def set_actor(user_id: int | None) -> None:
    _actor_id.set(user_id)


def set_via(label: str | None) -> None:
    """The channel the following writes came through (a feature's label, e.g.
    its token's name); core does not know the feature, only the label."""
    _via.set(label)


def clear_attribution() -> None:
    """Nobody acts and nothing is the channel: called at every boundary's end,
    so a request, job or command that the same thread runs next cannot write
    in the name of the one before."""
    _actor_id.set(None)
    _via.set(None)


@contextlib.contextmanager
def automatic() -> Iterator[None]:
    """Entries written inside are automatic (a job's), whoever the actor."""
    token = _automatic.set(True)
    try:
        yield
    finally:
        _automatic.reset(token)


def last_change(model: type, entity_id: int | str) -> tuple[str, str] | None:
    """Who last changed a record and when (organisation time), for a message.

    Takes the model class, not its name: entries are recorded under
    `type(obj).__name__`, and a hand-typed name ("tasks") silently matches nothing."""


    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == model.__name__,
                                 AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    if entry is None:
        return None
    name = entry.actor.name if entry.actor else "?"
    return name, entry.at.astimezone(org_timezone()).strftime("%Y-%m-%d %H:%M")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "id"):
        return value.id
    return str(value)


def _entity_id(obj: Any) -> str:
    # New rows are not in the identity map yet during after_flush, but their
    # primary key attributes are already populated.
    state = inspect(obj)
    key = state.mapper.primary_key_from_instance(obj)
    return ":".join(str(part) for part in key)


def _changes(obj: Any, action: str) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    excluded = _ALWAYS_EXCLUDED | getattr(obj, "__audit_exclude__", frozenset())
    changes: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key in excluded:
            continue
        if action == "create":
            changes[attr.key] = _jsonable(getattr(obj, attr.key))
            continue
        history = get_history(obj, attr.key)
        if history.has_changes() and history.deleted:
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [_jsonable(old), _jsonable(new)]
    for rel in mapper.relationships:
        # Many-to-many links (a person's departments) have no row of their own.
        if rel.secondary is None or rel.key in excluded:
            continue
        history = get_history(obj, rel.key)
        if history.added or history.deleted:
            changes[rel.key] = {
                "added": [_jsonable(o) for o in history.added],
                "removed": [_jsonable(o) for o in history.deleted],
            }
    return changes


def created_entries(model: type, rows: list[dict]) -> list[dict]:
    """The audit rows the flush hook writes for new objects of `model`, for
    rows inserted without the ORM (a bulk import bypasses the flush, and so
    the hook). Each row holds every column, its primary key included."""
    mapper = inspect(model)
    if any(rel.secondary is not None for rel in mapper.relationships):
        raise TypeError(f"{model.__name__} has many-to-many links the rows cannot hold")
    excluded = _ALWAYS_EXCLUDED | getattr(model, "__audit_exclude__", frozenset())
    attributes = [(attr.key, attr.columns[0].key) for attr in mapper.column_attrs
                  if attr.key not in excluded]
    keys = [column.key for column in mapper.primary_key]
    actor = _actor_id.get()
    kind = classify("create", (), automatic=_automatic.get(),
                    generated=(audit_fields.of(model) or _NO_FIELDS).generated)
    via = _via.get()
    return [{"actor_id": actor, "via": via, "action": "create", "entity_type": model.__name__, "kind": kind,
             "entity_id": ":".join(str(row[key]) for key in keys),
             "changes": {attr: _jsonable(row[column]) for attr, column in attributes}}
            for row in rows]


@event.listens_for(Session, "after_flush")
def _record_flush(session: Session, flush_context: Any) -> None:
    rows = []
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if not getattr(obj, "__audited__", False):
                continue
            if action == "update" and not session.is_modified(obj):
                continue
            changes = {} if action == "delete" else _changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append(
                {
                    "actor_id": _actor_id.get(),
                    "via": _via.get(),
                    "action": action,
                    "entity_type": type(obj).__name__,
                    "entity_id": _entity_id(obj),
                    "changes": changes,
                    "kind": _kind(action, obj, changes),
                }
            )
    if rows:
        # A Core insert on the flush's own connection: adding ORM objects here
        # would start another flush.
        session.connection().execute(insert(AuditEntry.__table__), rows)
