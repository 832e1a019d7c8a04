"""Reading the audit log (writing happens in core.audit): the entries an
auditor asked for, and each one in words — who, which record by its name,
each field by its label, old and new values as the pages show them.

Names are looked up a model at a time for a whole page (or an export's
batch), never per entry."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    and_,
    inspect,
    or_,
    select,
)
from sqlalchemy.orm import Mapper, joinedload
from sqlalchemy.types import TypeDecorator

from planner.core import audit_fields, audit_wording
from planner.core.audit_entry import AuditEntry
from planner.core.audit_wording import CHANGE, KINDS, Field
from planner.core.clock import org_timezone
from planner.core.extensions import db
from planner.core.labels import AUDIT_ACTION
from planner.core.pagination import Page, paginate

EXPORT_BATCH = 500
_TITLE_DEPTH = 3  # an occurrence's review is named by its occurrence, named by its task
_LONG_TEXT = 200  # characters a page shows of a value (the export has it whole)


@dataclass(frozen=True)
class Filters:
    entity_type: str | None = None
    entity_id: str | None = None
    start: date | None = None  # the organisation's calendar days, both included
    end: date | None = None
    kinds: tuple[str, ...] = KINDS


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class EntryView:
    entry: AuditEntry
    at: str
    actor_name: str
    action: str
    record_type: str
    record_label: str
    record_url: str | None
    summary: str
    changes: list[Change] = field(default_factory=list)


def audited_models() -> list[type]:
    return [mapper.class_ for mapper in db.Model.registry.mappers
            if getattr(mapper.class_, "__audited__", False)]


def entity_types() -> list[str]:
    """The record types the log can hold: every model marked `__audited__`, by
    the name its entries are recorded under (`type(obj).__name__`)."""
    return sorted(model.__name__ for model in audited_models())


def entity_type_choices() -> list[tuple[str, str]]:
    """(recorded name, translated label) of every audited model, by label."""
    return sorted(((model.__name__, _type_label(model)) for model in audited_models()),
                  key=lambda pair: pair[1])


def _query(filters: Filters) -> Any:
    query = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if set(filters.kinds) != set(KINDS):
        query = query.where(AuditEntry.kind.in_(filters.kinds))
    zone = org_timezone()
    if filters.start:
        query = query.where(AuditEntry.at >= datetime.combine(filters.start, time(), zone))
    if filters.end:
        query = query.where(
            AuditEntry.at < datetime.combine(filters.end + timedelta(days=1), time(), zone))
    return query


def list_entries(entity_type: str | None = None, entity_id: str | None = None,
                 page: int = 1, per_page: int = 50, filters: Filters | None = None,
                 ) -> Page[AuditEntry]:
    filters = filters or Filters(entity_type, entity_id)
    return paginate(_query(filters).order_by(AuditEntry.id.desc()), page, per_page)


def iter_views(filters: Filters) -> Iterator[EntryView]:
    """Every matching entry, oldest first, described a batch at a time (an
    export of a year holds no more than a batch in memory)."""
    after = 0
    while True:
        batch = list(db.session.scalars(
            _query(filters).where(AuditEntry.id > after).order_by(AuditEntry.id)
            .limit(EXPORT_BATCH)).unique())
        if not batch:
            return
        yield from describe(batch, whole=True)
        # The session holds its rows weakly: a written batch is let go.
        after = batch[-1].id


# ---------------------------------------------------------------- in words --


# The models and their columns do not change while the process runs: worked
# out once, not for each field of each entry of an export.
@cache
def _model(name: str) -> type | None:
    return next((model for model in audited_models() if model.__name__ == name), None)


def _type_label(model: type) -> str:
    fields = audit_fields.of(model)
    return str(fields.name) if fields else model.__name__


def _mapper(model: type) -> Mapper:
    return inspect(model)


def _target(column: Any) -> type | None:
    """The model a foreign-key column points at."""
    for key in column.foreign_keys:
        table = key.column.table
        for mapper in db.Model.registry.mappers:
            if mapper.local_table is table:
                return mapper.class_
    return None


def _kind(column: Any) -> str:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    if isinstance(column_type, Boolean):
        return audit_wording.BOOLEAN
    if isinstance(column_type, DateTime):
        return audit_wording.DATETIME
    if isinstance(column_type, Date):
        return audit_wording.DATE
    if isinstance(column_type, BigInteger):
        return audit_wording.YEN  # every BigInteger column of the schema holds yen
    if isinstance(column_type, (Integer, Numeric, Float)) and not column.primary_key:
        return audit_wording.NUMBER
    return audit_wording.TEXT


@cache
def _reference_target(model: type, key: str) -> type | None:
    mapper = _mapper(model)
    if key in mapper.relationships:
        relationship = mapper.relationships[key]
        return relationship.mapper.class_ if relationship.secondary is not None else None
    if key in mapper.column_attrs:
        return _target(mapper.column_attrs[key].columns[0])
    return None


class _Names:
    """Names of records by model and id. Fetched a level at a time — the
    records asked for, then the records their titles refer to — with one
    query per model and level, so a page's queries depend on which kinds of
    record it shows, never on how many."""

    def __init__(self) -> None:
        self.rows: dict[tuple[type, str], dict[str, Any]] = {}
        self.found: set[tuple[type, str]] = set()  # still in the database
        self._names: dict[tuple[type, str], str] = {}
        self._known: dict[type, dict[str, str]] = {}

    def fetch(self, needed: dict[type, set[str]]) -> None:
        self._known.clear()
        level, depth = {m: ids for m, ids in needed.items() if ids}, 0
        while level and depth <= _TITLE_DEPTH:
            following: dict[type, set[str]] = defaultdict(set)
            for model, ids in level.items():
                for key, row in self._select(model, ids).items():
                    self.rows[(model, key)] = row
                    self.found.add((model, key))
                    _references(model, row, following)
            level, depth = {m: ids for m, ids in following.items() if ids}, depth + 1

    def _select(self, model: type, ids: set[str]) -> dict[str, dict[str, Any]]:
        mapper = _mapper(model)
        primary = mapper.primary_key[0]
        fields = audit_fields.of(model)
        link = [fields.link[2]] if fields and fields.link else []
        attributes = list(dict.fromkeys([*_title_attributes(model), *link]))
        columns = [mapper.column_attrs[a].columns[0] for a in attributes]
        python_type = _python_type(primary)
        keys = [k for k in (_convert(i, python_type) for i in ids) if k is not None]
        if not keys:
            return {}
        return {str(row[0]): dict(zip(attributes, row[1:], strict=True))
                for row in db.session.execute(select(primary, *columns).where(primary.in_(keys)))}

    def remember(self, model: type, key: str, values: dict[str, Any]) -> None:
        """A record that is gone, named from what its creation recorded."""
        self.rows.setdefault((model, key), values)

    def get(self, model: type, key: str, depth: int = 0) -> str | None:
        if (model, key) in self._names:
            return self._names[(model, key)]
        row = self.rows.get((model, key))
        if row is None or depth > _TITLE_DEPTH:
            return None
        parts = [self._part(model, attribute, row.get(attribute), depth)
                 for attribute in _title_attributes(model)]
        name = " / ".join(p for p in parts if p) or f"#{key}"
        self._names[(model, key)] = name
        return name

    def link_value(self, model: type, attribute: str, key: str) -> Any:
        return self.rows.get((model, key), {}).get(attribute)

    def known(self, model: type) -> dict[str, str]:
        """Every name of one model (a reference field's values), worked out once."""
        if model not in self._known:
            self._known[model] = {key: name for (m, key) in list(self.rows) if m is model
                                  if (name := self.get(m, key)) is not None}
        return self._known[model]

    def _part(self, model: type, attribute: str, value: Any, depth: int) -> str:
        if value is None or value == "":
            return ""
        target = _reference_target(model, attribute)
        if target is not None:
            return self.get(target, str(value), depth + 1) or f"#{value}"
        if isinstance(value, (date, datetime)) or attribute in _date_attributes(model):
            return audit_wording.display(value, Field("", audit_wording.DATE), _, _locale(),
                                         org_timezone())
        choices = (audit_fields.of(model).choices if audit_fields.of(model) else {}) \
            .get(attribute)
        if choices:
            return str(choices.get(value, value))
        return str(value)


def _references(model: type, row: dict[str, Any], into: dict[type, set[str]]) -> None:
    """The records a row's title refers to, added to `into` by model."""
    for attribute in _title_attributes(model):
        target = _reference_target(model, attribute)
        if target is not None and row.get(attribute) is not None:
            into[target].add(str(row[attribute]))


@cache
def _date_attributes(model: type) -> frozenset[str]:
    return frozenset(attr.key for attr in _mapper(model).column_attrs
                     if _kind(attr.columns[0]) == audit_wording.DATE)


def _title_attributes(model: type) -> tuple[str, ...]:
    fields = audit_fields.of(model)
    if fields:
        return fields.title
    columns = _mapper(model).column_attrs
    return next(((name,) for name in ("title", "name", "text", "file_name") if name in columns),
                ())


def _python_type(column: Any) -> type:
    try:
        return column.type.python_type
    except NotImplementedError:
        return str


def _convert(value: str, python_type: type) -> Any:
    try:
        return python_type(value)
    except (TypeError, ValueError):
        return None


def _locale() -> str:
    return str(get_locale() or "en")


def describe(entries: list[AuditEntry], whole: bool = False) -> list[EntryView]:
    """Each entry in the reader's language; `whole` keeps long values whole
    (an export), otherwise they are cut for the page."""
    names = _Names()
    needed: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        model = _model(entry.entity_type)
        if model is None:
            continue
        needed[model].add(entry.entity_id)
        for key in entry.changes:
            target = _reference_target(model, key)
            if target is not None:
                needed[target] |= audit_wording.referenced_ids(entry.changes, key)
    names.fetch(needed)
    _name_the_deleted(names, {(model, key) for model, ids in needed.items() for key in ids
                              if (model, key) not in names.found})
    locale, zone = _locale(), org_timezone()
    views = []
    for entry in entries:
        model = _model(entry.entity_type)
        fields = audit_fields.of(model) if model else None
        record_type = _type_label(model) if model else entry.entity_type
        record = (names.get(model, entry.entity_id) if model else None) or f"#{entry.entity_id}"
        actor = audit_wording.actor_name(entry.actor.name if entry.actor else None,
                                         entry.via, _)
        views.append(EntryView(
            entry=entry,
            at=audit_wording.local_datetime(entry.at, zone, locale),
            actor_name=actor,
            action=_action_label(entry.action),
            record_type=record_type,
            record_label=record,
            record_url=_record_url(names, model, fields, entry.entity_id),
            summary=audit_wording.summary(entry.action, actor, record_type, record).render(_),
            changes=[_change(model, fields, names, key, old, new, locale, zone, whole)
                     for key, old, new in audit_wording.change_pairs(entry.action, entry.changes)
                     if _shown(entry.action, key, new)],
        ))
    return views


def _shown(action: str, key: str, new: Any) -> bool:
    """A creation records every column: the reader needs what was set, not
    the empty ones or the id (the record's own)."""
    return action != "create" or (key != "id" and new not in (None, "", [], {}))


def _name_the_deleted(names: _Names, gone: set[tuple[type, str]]) -> None:
    """Records no longer there are named from their creation's entry, in one query."""
    audited = {model for model, _key in gone if audit_fields.of(model)}
    gone = {(model, key) for model, key in gone if model in audited}
    if not gone:
        return
    rows = db.session.execute(
        select(AuditEntry.entity_type, AuditEntry.entity_id, AuditEntry.changes)
        .where(AuditEntry.action == "create",
               or_(*(and_(AuditEntry.entity_type == model.__name__,
                          AuditEntry.entity_id == key) for model, key in gone)))).all()
    referred: dict[type, set[str]] = defaultdict(set)
    for entity_type, key, changes in rows:
        model = _model(entity_type)
        if model is not None and isinstance(changes, dict):
            names.remember(model, key, changes)
            _references(model, changes, referred)
    names.fetch(referred)


def _record_url(names: _Names, model: type | None, fields: audit_fields.AuditFields | None,
                key: str) -> str | None:
    if model is None or fields is None or fields.link is None or (model, key) not in names.found:
        return None
    endpoint, parameter, attribute = fields.link
    value = names.link_value(model, attribute, key)
    if value is None:
        return None
    return url_for(endpoint, **{parameter: value})


def _action_label(action: str) -> str:
    return str(AUDIT_ACTION.get(action, action))


def _change(model: type | None, fields: audit_fields.AuditFields | None, names: _Names,
            key: str, old: Any, new: Any, locale: str, zone: Any, whole: bool) -> Change:
    spec = _field(model, fields, names, key)
    return Change(field=key, label=spec.label,
                  old=_cut(audit_wording.display(old, spec, _, locale, zone), whole),
                  new=_cut(audit_wording.display(new, spec, _, locale, zone), whole))


def _cut(text: str, whole: bool) -> str:
    return text if whole or len(text) <= _LONG_TEXT else text[:_LONG_TEXT] + "…"


def _field(model: type | None, fields: audit_fields.AuditFields | None, names: _Names,
           key: str) -> Field:
    label = str(fields.labels[key]) if fields and key in fields.labels else key
    if model is None:
        return Field(label)
    target = _reference_target(model, key)
    if target is not None:
        return Field(label, audit_wording.REFERENCE, names=names.known(target))
    choices = fields.choices.get(key) if fields else None
    if choices is not None:
        return Field(label, audit_wording.CHOICE,
                     choices={value: str(text) for value, text in choices.items()})
    mapper = _mapper(model)
    if key in mapper.column_attrs:
        return Field(label, _kind(mapper.column_attrs[key].columns[0]))
    return Field(label)


def labels_missing() -> list[str]:
    """Model.field of every audited column or link without a label (a test
    keeps this empty)."""
    missing = []
    for model in audited_models():
        fields = audit_fields.of(model)
        mapper = _mapper(model)
        excluded = {"created_at", "updated_at"} | set(getattr(model, "__audit_exclude__", ()))
        keys = [attr.key for attr in mapper.column_attrs] + \
            [rel.key for rel in mapper.relationships if rel.secondary is not None]
        missing += [f"{model.__name__}.{key}" for key in keys
                    if key not in excluded and (fields is None or key not in fields.labels)]
    return missing


def kinds_or_default(show_automatic: bool, show_preferences: bool) -> tuple[str, ...]:
    kinds = [CHANGE]
    if show_automatic:
        kinds.append(audit_wording.AUTOMATIC)
    if show_preferences:
        kinds.append(audit_wording.PREFERENCE)
    return tuple(kinds)
