"""Figures computed over whole departments, kept until the data changes.

The risk dashboard and the coverage list rank every task of a department by
key-person risk, and a large department has thousands of tasks: reading and
ranking them on every view costs a hundred milliseconds where the page itself
costs ten. Those figures change only when something is written, so each
process keeps them, keyed by their arguments and by the data's version: the
newest audit entry (every write through the ORM, and every bulk import, adds
one) and today's date. A write that leaves no audit entry (materialising
occurrences in bulk) is seen at most MAX_AGE_SECONDS later.

The values kept are plain data (ids, numbers, dataclasses of them), never ORM
objects, which belong to one session. The data's version is read once per
request (a page asks for several figures) and again after each flush; a value
computed while the request's own writes are flushed but not committed is
returned but not kept: a rollback would make it wrong for everyone else.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, g, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from planner.core.audit_entry import AuditEntry
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.transaction import has_uncommitted_writes

T = TypeVar("T")

MAX_AGE_SECONDS = 60
ENTRIES = 64  # a few departments × a few filters per process


class _Memo:
    def __init__(self) -> None:
        self.entries: OrderedDict[Hashable, tuple[Hashable, float, object]] = OrderedDict()
        self.lock = threading.Lock()


def data_version() -> Hashable:
    version = g.get("memo_data_version")
    if version is None:
        version = g.memo_data_version = (
            org_today(), db.session.scalar(select(func.max(AuditEntry.id))))
    return version


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context: object) -> None:
    if has_app_context():
        g.pop("memo_data_version", None)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _after_transaction(session: Session) -> None:
    if has_app_context():
        g.pop("memo_data_version", None)


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or its value from an earlier call with the same key if no
    write happened since (and it is recent)."""
    # Per application: tests (and anything else) running several apps in one
    # process must never see another database's figures.
    memo = current_app.extensions.setdefault("planner.memo", _Memo())
    version, now = data_version(), time.monotonic()
    with memo.lock:
        found = memo.entries.get(key)
        if found is not None and found[0] == version and now - found[1] < MAX_AGE_SECONDS:
            memo.entries.move_to_end(key)
            return found[2]  # type: ignore[return-value]
    value = compute()
    if has_uncommitted_writes():
        return value
    with memo.lock:
        memo.entries[key] = (version, now, value)
        memo.entries.move_to_end(key)
        while len(memo.entries) > ENTRIES:
            memo.entries.popitem(last=False)
    return value
