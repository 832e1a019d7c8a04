"""Importing past completions with the minutes they took."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.transfer import imports
from planner.work import operations as occurrences
from planner.work.models import Occurrence

HEADER = ["task_code", "due_date", "completed_on", "completed_by", "minutes", "note"]
JAPANESE = ["業務コード", "期限", "完了日", "完了者（メール）", "所要時間（分）", "メモ"]


@pytest.fixture(autouse=True)
def history(ctx, world):  # noqa: ANN001, ANN201
    """The payroll task's occurrences of 2026 (due on the 10th, moved off
    weekends and holidays), as if the planner had run all year."""
    occurrences.materialise([db.session.get(Task, world.payroll_task)], today=date(2026, 1, 5))
    db.session.commit()
    with force_locale("en"):
        yield


def _done(task_id: int) -> list[tuple[date, int | None, int | None, date]]:
    return [(o.due_date, o.minutes_taken, o.completed_by_id, o.completed_at.date())
            for o in db.session.scalars(select(Occurrence).where(
                Occurrence.task_id == task_id, Occurrence.status == "done")
                .order_by(Occurrence.due_date))]


def test_rows_mark_occurrences_done_with_their_minutes(ctx, world):
    manager = db.session.get(User, world.manager)
    rows = [["PAY-001", "2026-08-10", "2026-08-07", "staff@example.com", 50, "e-Tax"],
            ["PAY-001", "2026/09/10", "2026/09/09", "staff@example.com", 70, ""],
            ["PAY-001", "2026年10月13日", "2026-10-13", None, 61, None]]
    report = imports.run_import(manager, "completions", workbook_bytes(HEADER, rows),
                                commit=True)
    assert report.committed, [r.problems for r in report.rows]
    assert report.counts["create"] == 3
    db.session.commit()
    assert _done(world.payroll_task) == [
        (date(2026, 8, 10), 50, world.staff, date(2026, 8, 7)),
        (date(2026, 9, 10), 70, world.staff, date(2026, 9, 9)),
        (date(2026, 10, 13), 61, world.manager, date(2026, 10, 13))]
    task = db.session.get(Task, world.payroll_task)
    assert occurrences.effort_for([task])[task.id] == occurrences.Effort(
        61, "measured", (61, 70, 50))
    again = imports.run_import(manager, "completions", workbook_bytes(HEADER, rows),
                               commit=True)
    assert again.counts["unchanged"] == 3


def test_japanese_headers(ctx, world):
    manager = db.session.get(User, world.manager)
    rows = [["PAY-001", "2026-08-10", "2026-08-10", "staff@example.com", 45, ""]]
    with force_locale("ja"):
        report = imports.run_import(manager, "completions", workbook_bytes(JAPANESE, rows),
                                    commit=True)
    assert report.committed and not report.notes, report.notes


def test_a_correction_is_a_change(ctx, world):
    manager = db.session.get(User, world.manager)
    row = ["PAY-001", "2026-08-10", "2026-08-07", "staff@example.com", 50, ""]
    assert imports.run_import(manager, "completions", workbook_bytes(HEADER, [row]),
                              commit=True).committed
    row[4] = 55
    report = imports.run_import(manager, "completions", workbook_bytes(HEADER, [row]),
                                commit=True)
    assert report.counts["update"] == 1 and report.rows[0].changes == ["Minutes taken"]


def test_bad_rows_are_reported_cell_by_cell_and_nothing_is_saved(ctx, world):
    manager = db.session.get(User, world.manager)
    rows = [["PAY-001", "2026-08-10", "2026-08-07", "staff@example.com", 50, ""],  # fine
            ["PAY-001", "2026-08-11", "2026-08-11", "", 30, ""],  # no occurrence due then
            ["PAY-001", "2026-09-10", "2026-09-10", "", 0, ""],  # 0 minutes
            ["PAY-001", "2026-10-13", "2026-10-13", "", 100000, ""],
            ["PAY-001", "2026-11-10", "2026-11-10", "nobody@example.com", 30, ""],
            ["NOPE-1", "2026-11-10", "2026-11-10", "", 30, ""],
            ["PAY-001", "2026-08-10", "2026-08-10", "", 30, ""],  # twice
            ["PAY-001", "2026-12-10", "2026-12-24", "", 30, ""],  # in the future
            ["PAY-001", "2026-07-10", "2026-07-10", "", 1.5, ""]]
    report = imports.run_import(manager, "completions", workbook_bytes(HEADER, rows),
                                commit=True)
    assert not report.committed
    db.session.rollback()
    assert _done(world.payroll_task) == []
    problems = {r.row: [(p.cell, p.column) for p in r.problems] for r in report.rows}
    assert problems == {
        2: [], 3: [("B3", "Due date")], 4: [("E4", "Minutes taken")],
        5: [("E5", "Minutes taken")], 6: [("D6", "Completed by (e-mail)")],
        7: [("A7", "Task code")], 8: [("B8", "Due date")], 9: [("C9", "Completed on")],
        10: [("E10", "Minutes taken")]}


def test_staff_may_not_import_completions(ctx, world):
    staff = db.session.get(User, world.staff)
    assert not imports.may_import(staff, "completions")
    report = imports.run_import(staff, "completions", workbook_bytes(
        HEADER, [["PAY-001", "2026-08-10", "2026-08-07", "", 50, ""]]))
    assert report.rows[0].action == "reject"
