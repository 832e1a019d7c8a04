"""Figures kept between views until the data changes (planner.services.memo)."""
from __future__ import annotations

from planner.extensions import db
from planner.models import Department
from planner.services import memo


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
