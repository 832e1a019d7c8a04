"""The bulk helpers. Insert-or-skip: on PostgreSQL large batches go through
COPY and a temporary table; the rows and the skipping must be the same. Plain
inserts of new rows (straight through the driver): the same rows, types and
defaults as through the ORM, keys in order, inside the transaction."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from planner.core.audit_entry import AuditEntry
from planner.core.bulk import (
    COPY_FROM,
    insert_ignoring_duplicates,
    insert_returning_ids,
    insert_rows,
)
from planner.core.extensions import db
from planner.work.models import Occurrence


def _rows(task_id: int, count: int, first: date) -> list[dict]:
    return [{"task_id": task_id, "nominal_date": first + timedelta(days=n),
             "due_date": first + timedelta(days=n), "status": "open", "note": ""}
            for n in range(count)]


def test_large_batches_insert_once_and_skip_what_exists(app, world):
    with app.app_context():
        first = date(2030, 1, 1)
        rows = _rows(world.payroll_task, COPY_FROM + 500, first)
        before = db.session.scalar(select(func.count(Occurrence.id)))
        insert_ignoring_duplicates(Occurrence, rows[:700], ["task_id", "nominal_date", "run_key"])
        insert_ignoring_duplicates(Occurrence, rows, ["task_id", "nominal_date", "run_key"])  # 700 exist
        insert_ignoring_duplicates(Occurrence, rows, ["task_id", "nominal_date", "run_key"])  # in one transaction
        db.session.commit()
        assert db.session.scalar(select(func.count(Occurrence.id))) == before + len(rows)
        last = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task,
            Occurrence.nominal_date == first + timedelta(days=len(rows) - 1)))
        assert (last.due_date, last.status, last.note) == (last.nominal_date, "open", "")


# --- Plain inserts of new rows (an import's tasks, owners, audit rows...) ------------

def test_insert_returning_ids_gives_each_row_its_key_in_order(app, world):
    """More rows than one INSERT … RETURNING batch holds on SQLite; on
    PostgreSQL the keys come from the sequence and the rows go in by COPY."""
    with app.app_context():
        rows = [{"actor_id": world.admin, "action": "create", "entity_type": "Probe",
                 "entity_id": str(n), "changes": {"n": n, "on": date(2030, 1, 1 + n % 28)
                                                  .isoformat()}}
                for n in range(1500)]
        ids = insert_returning_ids(AuditEntry, rows)
        assert len(set(ids)) == len(rows)
        found = {e.id: e for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "Probe"))}
        assert [(found[i].entity_id, found[i].changes) for i in ids] == [
            (r["entity_id"], r["changes"]) for r in rows]
        # Left-out columns get their Python default, as through the ORM.
        assert all(found[i].at is not None and found[i].at.tzinfo is not None for i in ids)
        # The sequence goes on from there: the ORM's next row does not clash.
        db.session.add(AuditEntry(action="create", entity_type="Probe", entity_id="orm"))
        db.session.commit()


def test_insert_rows_converts_types_fills_defaults_and_rolls_back(app, world):
    with app.app_context():
        first = date(2031, 1, 1)
        rows = _rows(world.payroll_task, 50, first)
        for row in rows:
            del row["note"]  # left to its default
        insert_rows(Occurrence, rows)
        stored = list(db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task, Occurrence.nominal_date >= first)
            .order_by(Occurrence.nominal_date)))
        assert [(o.nominal_date, o.due_date, o.status, o.note, o.completed_at)
                for o in stored] == [(r["nominal_date"], r["due_date"], "open", "", None)
                                     for r in rows]
        db.session.rollback()
        assert db.session.scalar(select(func.count(Occurrence.id)).where(
            Occurrence.nominal_date >= first)) == 0


def test_insert_rows_needs_the_same_columns_in_every_row(app, world):
    with app.app_context():
        rows = _rows(world.payroll_task, 2, date(2031, 1, 1))
        rows[1]["completed_at"] = None
        with pytest.raises(ValueError, match="same columns"):
            insert_rows(Occurrence, rows)
        db.session.rollback()
