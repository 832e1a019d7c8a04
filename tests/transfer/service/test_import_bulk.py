"""An import creates tasks in bulk (Core inserts and COPY instead of the ORM's
flush): what it writes must be what the ORM path wrote, row for row, in every
table it touches, on SQLite and on PostgreSQL."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import func, select, text

from planner.core import audit
from planner.core.audit_entry import AuditEntry
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.people.models.user import User
from planner.procedures import operations as procedures
from planner.procedures.models import ProcedureVersion
from planner.tasks.models import Task, TaskOwner
from planner.tasks.operations import TaskData, apply_task_data
from planner.transfer import imports
from planner.work import operations as occurrences
from planner.work.models import Occurrence

HEADER = ["code", "title", "department", "category", "preset", "day", "weekday", "month",
          "business_day", "once_date", "rrule", "dtstart", "shift", "lead_days", "legal_basis",
          "effort_minutes", "primary_owner", "procedure"]


def _row(code: str, **values: Any) -> list:
    values = {"code": code, "title": f"業務 {code}", "department": "payroll",
              "category": "payroll", "effort_minutes": 30, **values}
    return [values.get(key) for key in HEADER]


ROWS = [
    _row("NEW-1", preset="monthly_day", day=10, shift="next", primary_owner="staff@example.com",
         procedure="1. 確認する\n2. 提出する", legal_basis="所得税法"),
    _row("NEW-2", preset="business_day", business_day=-1, lead_days="3, 0"),
    _row("NEW-3", preset="weekly", weekday="MO", shift="next",
         primary_owner="manager@example.com"),
    _row("NEW-4", preset="custom", rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
         dtstart=date(2025, 1, 3), procedure="隔週の確認"),
    _row("NEW-5", preset="once", once_date=date(2027, 3, 15), shift="previous"),
    _row("NEW-6", preset="month_end", shift="previous", primary_owner="staff@example.com"),
    _row("NEW-7", preset="quarterly", month=1, day=15, shift="next", category="tax"),
]


def _workbook(rows: list[list]) -> io.BytesIO:
    return workbook_bytes(HEADER, rows)


@pytest.fixture(autouse=True)
def english(ctx):  # noqa: ANN001, ANN201
    with force_locale("en"):
        yield


def _create_the_orm_way(actor_id: int, data: TaskData) -> Task:
    """How the import created a task before it did so in bulk: the reference."""
    task = Task()
    apply_task_data(task, data)
    if task.procedure:
        task.procedure_reviewed_at = org_today()
    db.session.add(task)
    db.session.flush()
    if task.procedure:
        procedures.record_versions([task], actor_id)
    occurrences.materialise([task])
    return task


def _written(task: Task) -> dict[str, Any]:
    """Everything creating the task wrote, without its keys and timestamps."""
    row = {c.key: getattr(task, c.key) for c in Task.__table__.columns
           if c.key not in ("id", "code", "created_at", "updated_at")}
    owners = list(db.session.scalars(select(TaskOwner).where(TaskOwner.task_id == task.id)
                                     .order_by(TaskOwner.id)))
    entries = [(e.actor_id, e.action, {k: v for k, v in e.changes.items()
                                       if k not in ("id", "code", "task_id")})
               for kind, key in [("Task", str(task.id))]
               + [("TaskOwner", str(o.id)) for o in owners]
               for e in db.session.scalars(select(AuditEntry).where(
                   AuditEntry.entity_type == kind, AuditEntry.entity_id == key)
                   .order_by(AuditEntry.id))]
    return {
        "task": row,
        "owners": [(o.user_id, o.role, o.level) for o in owners],
        "audit": entries,
        "versions": [(v.number, v.text, v.author_id) for v in db.session.scalars(
            select(ProcedureVersion).where(ProcedureVersion.task_id == task.id))],
        "occurrences": [(o.nominal_date, o.due_date, o.status, o.note, o.completed_by_id,
                         o.completed_at) for o in db.session.scalars(
            select(Occurrence).where(Occurrence.task_id == task.id)
            .order_by(Occurrence.nominal_date))],
    }


def test_bulk_created_tasks_are_what_the_orm_path_wrote(ctx, world):
    admin = db.session.get(User, world.admin)
    report = imports.run_import(admin, "tasks", _workbook(ROWS), commit=True)
    assert report.committed, [(r.row, r.problems) for r in report.rows]
    db.session.commit()
    imported = {t.code: t for t in db.session.scalars(
        select(Task).where(Task.code.like("NEW-%")))}
    assert sorted(imported) == [f"NEW-{n}" for n in range(1, 8)]
    audit.set_actor(admin.id)
    references = {code: _create_the_orm_way(admin.id, replace(TaskData.of(task),
                                                               code=f"REF-{code}"))
                  for code, task in imported.items()}
    db.session.commit()
    for code, task in imported.items():
        expected = _written(references[code])
        assert _written(task) == expected, code
        assert expected["occurrences"] or code == "NEW-5", code
    assert _written(imported["NEW-1"])["versions"] == [(1, "1. 確認する\n2. 提出する", admin.id)]
    assert _written(imported["NEW-3"])["owners"] == [(world.manager, "primary", 3)]


def test_a_batch_of_new_and_changed_tasks_applies_both(ctx, world, monkeypatch):
    """Creations go in bulk, changes through the ORM, in the same batch."""
    monkeypatch.setattr(imports, "BATCH", 4)
    admin = db.session.get(User, world.admin)
    before = db.session.scalar(select(func.count(Occurrence.id)).where(
        Occurrence.task_id == world.payroll_task))
    changed = _row("PAY-001", title="源泉所得税の納付", preset="monthly_day", day=12,
                   shift="next", primary_owner="staff@example.com", procedure="新しい手順")
    report = imports.run_import(admin, "tasks", _workbook([*ROWS[:3], changed, *ROWS[3:]]),
                                commit=True)
    assert report.committed, [(r.row, r.problems) for r in report.rows]
    assert report.counts == {"create": 7, "update": 1, "unchanged": 0, "reject": 0}
    db.session.commit()
    task = db.session.get(Task, world.payroll_task)
    assert (task.rrule, task.procedure, task.procedure_reviewed_at) == (
        "FREQ=MONTHLY;BYMONTHDAY=12", "新しい手順", org_today())
    assert [(v.number, v.text) for v in procedures.versions(admin, task)] == [(1, "新しい手順")]
    days = {o.nominal_date.day for o in db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task.id, Occurrence.status == "open"))}
    assert days == {12}
    assert db.session.scalar(select(func.count(Occurrence.id)).where(
        Occurrence.task_id == task.id, Occurrence.status == "cancelled")) == before
    changes = [e.changes for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "Task", AuditEntry.entity_id == str(task.id),
        AuditEntry.action == "update"))]
    assert any(c.get("procedure", [None])[-1] == "新しい手順" for c in changes), changes
    assert db.session.scalar(select(func.count(Task.id)).where(Task.code.like("NEW-%"))) == 7


def test_a_rejected_row_after_bulk_batches_leaves_nothing(ctx, world, monkeypatch):
    """Batches inserted in bulk (COPY on PostgreSQL) are undone by the rollback."""
    monkeypatch.setattr(imports, "BATCH", 2)
    admin = db.session.get(User, world.admin)
    counts = [select(func.count()).select_from(model)
              for model in (Task, TaskOwner, Occurrence, AuditEntry, ProcedureVersion)]
    before = [db.session.scalar(count) for count in counts]
    bad = _row("NEW-9", preset="monthly_day", day=40)
    report = imports.run_import(admin, "tasks", _workbook([*ROWS, bad]), commit=True)
    assert not report.committed and report.counts["create"] == 7
    db.session.rollback()
    assert [db.session.scalar(count) for count in counts] == before


def test_postgresql_plans_the_lookup_by_code_with_the_codes_and_nothing_else(ctx, world):
    """The look-up by code is planned with its values (a generic plan made
    while the table was small scanned it whole); the inserts' foreign-key
    checks keep their cached plans, and so does the connection afterwards."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps no generic plans")
    admin = db.session.get(User, world.admin)
    importer = imports.TaskImporter(admin)
    with importer._planned_with_values():
        assert db.session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "auto"
    report = imports.run_import(admin, "tasks", _workbook(ROWS), commit=True)
    assert report.committed
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "auto"
    db.session.rollback()
