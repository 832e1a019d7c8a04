"""Figures kept between views until the data changes (planner.core.memo)."""
from __future__ import annotations

from sqlalchemy import event

from planner.core import memo
from planner.core.extensions import db
from planner.people.models.department import Department


def test_a_value_is_kept_until_something_is_written(ctx, world):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.remember("key", compute) == 1
    assert memo.remember("key", compute) == 1
    assert memo.remember("other", compute) == 2
    db.session.add(Department(code="new", name="新部署"))
    db.session.commit()  # an audit entry: a new version of the data
    assert memo.remember("key", compute) == 3


def test_a_value_is_kept_no_longer_than_its_age(ctx, world, monkeypatch):
    values = iter([1, 2])
    assert memo.remember("key", lambda: next(values)) == 1
    monkeypatch.setattr(memo, "MAX_AGE_SECONDS", 0)
    assert memo.remember("key", lambda: next(values)) == 2


def test_each_application_keeps_its_own(app, ctx, world):
    assert memo.remember("key", lambda: "twin") == "twin"
    with app.app_context():
        assert memo.remember("key", lambda: "app") == "app"
    assert memo.remember("key", lambda: "again") == "twin"


def test_the_data_version_is_read_once_until_something_is_flushed(ctx, world):
    versions_read = []

    def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        if "max(audit_entries.id)" in statement:
            versions_read.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        memo.remember("a", lambda: 1)
        memo.remember("b", lambda: 2)
        assert len(versions_read) == 1
        db.session.add(Department(code="new", name="新部署"))
        db.session.flush()
        memo.remember("a", lambda: 1)
        assert len(versions_read) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_a_value_computed_over_uncommitted_writes_is_not_kept(ctx, world):
    db.session.add(Department(code="new", name="新部署"))
    db.session.flush()
    assert memo.remember("key", lambda: "uncommitted") == "uncommitted"
    db.session.rollback()
    # SQLite hands the rolled-back audit entry's id to the next write.
    db.session.add(Department(code="other", name="別部署"))
    db.session.commit()
    assert memo.remember("key", lambda: "committed") == "committed"
