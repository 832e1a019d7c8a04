"""The registry's spreadsheet carries the deadline basis and the work-by
buffer: optional columns, read back from an export, checked by cell."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.transfer import exports, imports
from planner.transfer.columns import TASKS
from planner.work.models import Occurrence

HEADER = ["code", "title", "department", "category", "preset", "day", "shift",
          "deadline_basis", "work_by_buffer_days"]


@pytest.fixture(autouse=True)
def english(ctx):  # noqa: ANN001, ANN201
    with force_locale("en"):
        yield


def test_the_basis_and_buffer_import_and_export(ctx, world):
    admin = db.session.get(User, world.admin)
    rows = [["PAY-200", "社会保険料の納付", "payroll", "social_insurance", "month_end", None,
             "next", "statutory", 2],
            ["PAY-201", "給与計算", "payroll", "payroll", "monthly_day", 25, "previous", None,
             None]]
    report = imports.run_import(admin, "tasks", workbook_bytes(HEADER, rows), commit=True)
    assert report.committed, [p for r in report.rows for p in r.problems]
    db.session.commit()
    tasks = {t.code: t for t in db.session.scalars(select(Task).where(Task.code.like("PAY-2%")))}
    assert (tasks["PAY-200"].deadline_basis, tasks["PAY-200"].work_by_buffer_days) == (
        "statutory", 2)
    assert (tasks["PAY-201"].deadline_basis, tasks["PAY-201"].work_by_buffer_days) == (
        "internal", 0)
    # Materialised with work-by dates: April 2027's legal date Fri 30 April,
    # two company business days earlier (4/29 is 昭和の日) Tue 27 April.
    april = db.session.execute(select(Occurrence.due_date, Occurrence.work_by).where(
        Occurrence.task_id == tasks["PAY-200"].id,
        Occurrence.nominal_date == date(2027, 4, 30))).one()
    assert tuple(april) == (date(2027, 4, 30), date(2027, 4, 27))
    # The export has both columns and a file without them leaves the task as it is.
    keys = [c.key for c in TASKS]
    exported = exports.task_row(tasks["PAY-200"])
    assert exported[keys.index("deadline_basis")] == "statutory"
    assert exported[keys.index("work_by_buffer_days")] == 2
    [calendar] = exports.calendar(admin, [world.payroll])
    assert [c.key for c in calendar.columns][-1] == "work_by"
    assert (date(2027, 4, 30), date(2027, 4, 27)) in {(r[0], r[-1]) for r in calendar.rows}
    again = imports.run_import(admin, "tasks", workbook_bytes(
        HEADER[:7], [row[:7] for row in rows]), commit=True)
    assert again.counts["unchanged"] == 2


def test_a_bad_basis_or_buffer_is_named_by_cell(ctx, world):
    admin = db.session.get(User, world.admin)
    rows = [["PAY-300", "t", "payroll", "tax", "monthly_day", 10, "next", "legal", -1],
            ["PAY-301", "t", "payroll", "tax", "monthly_day", 10, "next", "statutory", 999]]
    report = imports.run_import(admin, "tasks", workbook_bytes(HEADER, rows), commit=True)
    assert not report.committed
    problems = {r.row: {p.cell for p in r.problems} for r in report.rows}
    assert problems == {2: {"H2", "I2"}, 3: {"I3"}}
