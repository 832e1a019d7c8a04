"""How an audited model reads in the audit log, declared next to the model as
`__audit__ = AuditFields(...)`: the record type's name, each field's label,
what names a record and where it is shown. Kept with each model rather than in
one table here, so a new column is labelled where it is added (a test fails
for a column without a label)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditFields:
    name: Any  # the record type, a lazy string: 業務, 担当者…
    labels: Mapping[str, Any]  # column (or many-to-many link) -> lazy label
    # Attribute paths whose values name a record ("title", "task.title"),
    # joined with " / ": the first step of a dotted path is a relationship.
    title: tuple[str, ...] = ("name",)
    # (endpoint, URL parameter, attribute): the page showing the record.
    link: tuple[str, str, str] | None = None
    choices: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)
    # Fields that are a person's own preferences (language, reminders), and
    # fields the application recomputes: an update of only these is not shown
    # among the changes unless asked for.
    preferences: frozenset[str] = frozenset()
    derived: frozenset[str] = frozenset()
    # Records the application makes on its own (a schedule's occurrences, the
    # estimates' suggestions): their creation is automatic too.
    generated: bool = False


def of(model: type) -> AuditFields | None:
    return getattr(model, "__audit__", None)
