"""The bulk insert-or-skip helper: on PostgreSQL large batches go through COPY
and a temporary table; the rows and the skipping must be the same."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from planner.extensions import db
from planner.models import Occurrence
from planner.services.bulk import COPY_FROM, insert_ignoring_duplicates


def _rows(task_id: int, count: int, first: date) -> list[dict]:
    return [{"task_id": task_id, "nominal_date": first + timedelta(days=n),
             "due_date": first + timedelta(days=n), "status": "open", "note": ""}
            for n in range(count)]


def test_large_batches_insert_once_and_skip_what_exists(app, world):
    with app.app_context():
        first = date(2030, 1, 1)
        rows = _rows(world.payroll_task, COPY_FROM + 500, first)
        before = db.session.scalar(select(func.count(Occurrence.id)))
        insert_ignoring_duplicates(Occurrence, rows[:700], ["task_id", "nominal_date"])
        insert_ignoring_duplicates(Occurrence, rows, ["task_id", "nominal_date"])  # 700 exist
        insert_ignoring_duplicates(Occurrence, rows, ["task_id", "nominal_date"])  # in one transaction
        db.session.commit()
        assert db.session.scalar(select(func.count(Occurrence.id))) == before + len(rows)
        last = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task,
            Occurrence.nominal_date == first + timedelta(days=len(rows) - 1)))
        assert (last.due_date, last.status, last.note) == (last.nominal_date, "open", "")
