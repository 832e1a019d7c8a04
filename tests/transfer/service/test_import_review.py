"""The registry's spreadsheet carries the sign-off settings: whether a task
requires review and how many business days before its due date."""
from __future__ import annotations

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.transfer import exports, imports
from planner.transfer.columns import TASKS

HEADER = ["code", "title", "department", "category", "preset", "day", "shift",
          "review_required", "review_days_before"]


@pytest.fixture(autouse=True)
def english(ctx):  # noqa: ANN001, ANN201
    with force_locale("en"):
        yield


def test_review_settings_import_export_and_round_trip(ctx, world):
    admin = db.session.get(User, world.admin)
    rows = [["PAY-210", "給与計算", "payroll", "payroll", "monthly_day", 25, "previous", "はい", 2],
            ["PAY-211", "振込データ作成", "payroll", "payroll", "monthly_day", 24, "previous",
             "No", None],
            ["PAY-212", "勤怠締め", "payroll", "payroll", "monthly_day", 5, "next", None, None]]
    report = imports.run_import(admin, "tasks", workbook_bytes(HEADER, rows), commit=True)
    assert report.committed, [p for r in report.rows for p in r.problems]
    db.session.commit()
    tasks = {t.code: t for t in db.session.scalars(select(Task).where(Task.code.like("PAY-21%")))}
    assert [(tasks[c].review_required, tasks[c].review_days_before)
            for c in ("PAY-210", "PAY-211", "PAY-212")] == [(True, 2), (False, 0), (False, 0)]
    keys = [c.key for c in TASKS]
    exported = exports.task_row(tasks["PAY-210"])
    assert (exported[keys.index("review_required")],
            exported[keys.index("review_days_before")]) == (True, 2)
    # Without the columns, or with blank cells, a task keeps its settings.
    again = imports.run_import(admin, "tasks", workbook_bytes(
        HEADER, [[*rows[0][:7], None, None]]), commit=True)
    assert again.counts["unchanged"] == 1
    assert tasks["PAY-210"].review_required is True
    # And "No" turns it off.
    off = imports.run_import(admin, "tasks", workbook_bytes(
        HEADER, [[*rows[0][:7], "no", 0]]), commit=True)
    assert off.counts["update"] == 1
    db.session.commit()
    assert (tasks["PAY-210"].review_required, tasks["PAY-210"].review_days_before) == (False, 0)


def test_bad_review_cells_are_named(ctx, world):
    admin = db.session.get(User, world.admin)
    rows = [["PAY-310", "t", "payroll", "tax", "monthly_day", 10, "next", "maybe", 61]]
    report = imports.run_import(admin, "tasks", workbook_bytes(HEADER, rows), commit=True)
    assert not report.committed
    assert {p.cell for r in report.rows for p in r.problems} == {"H2", "I2"}
