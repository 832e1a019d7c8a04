"""The period lock (締め): a month closes only once its work is approved or
skipped, then nothing of it changes by any path until an administrator
reopens it with a reason (service tier, over a real database)."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import select

from planner.checklists import operations as checklists
from planner.core.audit_entry import AuditEntry
from planner.core.errors import Conflict, Forbidden, ValidationError
from planner.core.extensions import db
from planner.evidence import operations as evidence
from planner.evidence.operations import Upload
from planner.people.models.user import User
from planner.periods import operations as periods
from planner.periods.models import PeriodClose
from planner.signoff import operations as sign_off
from planner.tasks.models import Task
from planner.transfer import imports
from planner.work import operations as occurrences
from planner.work.models import Occurrence

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
NOVEMBER = "2026-11"


@pytest.fixture(autouse=True)
def _november_made(ctx, world):  # noqa: ANN001, ANN202
    """November's occurrences, as if the planner had run since October."""
    occurrences.materialise([db.session.get(Task, world.payroll_task),
                             db.session.get(Task, world.accounting_task)],
                            today=date(2026, 10, 20))
    db.session.commit()


def _november(task_id: int) -> Occurrence:
    return db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task_id,
        Occurrence.due_date.between(date(2026, 11, 1), date(2026, 11, 30)))).one()


def _people(world):  # noqa: ANN001, ANN202
    return tuple(db.session.get(User, i) for i in (world.staff, world.manager, world.admin,
                                                   world.other_staff))


def _closed(world) -> Occurrence:  # noqa: ANN001
    """November's payroll work done with a file attached, and the month closed."""
    staff, manager, *_ = _people(world)
    occurrence = _november(world.payroll_task)
    evidence.attach(staff, occurrence, Upload("納付書.pdf", PDF))
    occurrences.complete(staff, occurrence, "納付済み", minutes=30)
    assert periods.close(manager, world.payroll, NOVEMBER).created
    db.session.commit()
    return occurrence


def test_a_month_with_open_work_is_not_closed_and_says_what_blocks_it(ctx, world):
    _, manager, *_ = _people(world)
    occurrence = _november(world.payroll_task)
    with pytest.raises(periods.Blocked) as refused:
        periods.close(manager, world.payroll, NOVEMBER)
    assert isinstance(refused.value, Conflict)
    assert [(o.id, o.task.title, o.due_date) for o in refused.value.blocking] == [
        (occurrence.id, "源泉所得税の納付", date(2026, 11, 10))]
    assert db.session.scalars(select(PeriodClose)).all() == []


def test_prepared_work_waiting_for_its_check_blocks_the_close_too(ctx, world):
    staff, manager, *_ = _people(world)
    db.session.get(Task, world.payroll_task).review_required = True
    occurrence = _november(world.payroll_task)
    occurrences.complete(staff, occurrence, "確認お願いします")
    assert occurrence.status == "prepared"
    with pytest.raises(periods.Blocked) as refused:
        periods.close(manager, world.payroll, NOVEMBER)
    assert [o.id for o in refused.value.blocking] == [occurrence.id]


def test_done_or_skipped_work_lets_the_manager_close_and_closing_again_changes_nothing(
        ctx, world):
    staff, manager, *_ = _people(world)
    occurrences.skip(staff, _november(world.payroll_task), "今月は対象者なし")
    result = periods.close(manager, world.payroll, NOVEMBER)
    assert result.created
    period = result.period
    assert (period.department_id, period.month, period.closed_by_id, period.standing) == (
        world.payroll, date(2026, 11, 1), world.manager, True)
    again = periods.close(manager, world.payroll, NOVEMBER)
    assert (again.created, again.period.id) == (False, period.id)
    # Another department's month is its own: accounting's November is untouched.
    assert periods.standing_close(world.accounting, date(2026, 11, 1)) is None


def test_staff_and_another_departments_manager_cannot_close(ctx, world):
    staff, manager, _, other_staff = _people(world)
    occurrences.skip(staff, _november(world.payroll_task), "対象なし")
    for person in (staff, other_staff):
        with pytest.raises(Forbidden):
            periods.close(person, world.payroll, NOVEMBER)
    with pytest.raises(Forbidden):
        periods.close(manager, world.accounting, NOVEMBER)


@pytest.mark.parametrize("month", ["2026-13", "2026/11", "", None, 202611, "11-2026", "9999-12",
                                   "０２６-11"])
def test_a_bad_month_is_refused_naming_the_field(ctx, world, month):
    _, manager, *_ = _people(world)
    with pytest.raises(ValidationError) as refused:
        periods.close(manager, world.payroll, month)
    assert set(refused.value.fields) == {"month"}


@pytest.mark.parametrize("department", [999_999, "1", None, True, 2**63, -1])
def test_an_unknown_department_is_refused_naming_the_field(ctx, world, department):
    _, manager, *_ = _people(world)
    with pytest.raises(ValidationError) as refused:
        periods.close(manager, department, NOVEMBER)
    assert set(refused.value.fields) == {"department_id"}


def _refused_as_closed(action) -> None:  # noqa: ANN001
    with pytest.raises(Conflict) as refused:
        action()
    assert "2026-11" in refused.value.message.render()
    assert "closed" in refused.value.message.text


def test_a_closed_month_refuses_every_change_of_its_occurrences(ctx, world):
    occurrence = _closed(world)
    staff, manager, admin, _ = _people(world)
    before = (occurrence.status, occurrence.note, occurrence.minutes_taken)
    _refused_as_closed(lambda: occurrences.reopen(manager, occurrence))
    _refused_as_closed(lambda: occurrences.reopen(admin, occurrence))
    _refused_as_closed(lambda: occurrences.complete(staff, occurrence, "訂正", minutes=45))
    _refused_as_closed(lambda: occurrences.skip(staff, occurrence, "取消"))
    _refused_as_closed(lambda: occurrences.prepare(staff, occurrence, "再提出"))
    _refused_as_closed(lambda: sign_off.review(manager, occurrence, "return", "やり直し"))
    db.session.rollback()
    occurrence = db.session.get(Occurrence, occurrence.id)
    assert (occurrence.status, occurrence.note, occurrence.minutes_taken) == before


def test_a_closed_month_refuses_checklist_ticks_and_evidence(ctx, world):
    db.session.get(Task, world.payroll_task).procedure = "1. 納付書を作る\n2. 納付する\n"
    db.session.commit()
    occurrence = _closed(world)
    staff, manager, *_ = _people(world)
    [attached] = evidence.of_occurrence(occurrence)
    _refused_as_closed(lambda: checklists.tick(staff, occurrence, 1))
    _refused_as_closed(lambda: evidence.attach(staff, occurrence, Upload("追加.pdf", PDF)))
    _refused_as_closed(lambda: evidence.withdraw(staff, attached))
    db.session.rollback()
    assert [e.id for e in evidence.of_occurrence(occurrence)] == [attached.id]
    assert all(not item.ticked for item in checklists.checklist(occurrence))


def test_an_import_of_completions_refuses_the_rows_of_a_closed_month(ctx, world):
    occurrence = _closed(world)
    manager = db.session.get(User, world.manager)
    header = ["task_code", "due_date", "completed_on", "completed_by", "minutes", "note"]
    rows = [["PAY-001", "2026-11-10", "2026-11-09", "staff@example.com", 90, "訂正"]]
    with force_locale("en"):
        report = imports.run_import(manager, "completions", workbook_bytes(header, rows),
                                    commit=True)
    assert not report.committed
    [row] = report.rows
    assert any("2026-11" in str(problem.message) and "closed" in str(problem.message)
               for problem in row.problems), row.problems
    db.session.rollback()
    occurrence = db.session.get(Occurrence, occurrence.id)
    assert (occurrence.note, occurrence.minutes_taken) == ("納付済み", 30)


def test_the_next_month_stays_open(ctx, world):
    _closed(world)
    staff = db.session.get(User, world.staff)
    december = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task,
        Occurrence.due_date.between(date(2026, 12, 1), date(2026, 12, 31)))).one()
    assert occurrences.complete(staff, december, "").status == "done"


def test_only_an_administrator_reopens_and_only_with_a_reason(ctx, world):
    occurrence = _closed(world)
    staff, manager, admin, _ = _people(world)
    for person in (staff, manager):
        with pytest.raises(Forbidden):
            periods.reopen(person, world.payroll, NOVEMBER, "訂正のため")
    for reason in ("", "   ", None, 42):
        with pytest.raises(ValidationError) as refused:
            periods.reopen(admin, world.payroll, NOVEMBER, reason)
        assert set(refused.value.fields) == {"reason"}
    with pytest.raises(Conflict):
        periods.reopen(admin, world.payroll, "2026-10", "訂正のため")
    period = periods.reopen(admin, world.payroll, NOVEMBER, " 源泉税額の訂正のため ")
    db.session.commit()
    assert (period.reopened_by_id, period.reopen_reason, period.standing) == (
        world.admin, "源泉税額の訂正のため", False)
    # Open again: the work can be corrected, and the close stays in the history.
    assert occurrences.reopen(manager, occurrence).status == "open"
    [kept] = periods.history(admin, world.payroll)
    assert (kept.closed_by_id, kept.reopened_by_id) == (world.manager, world.admin)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "PeriodClose", AuditEntry.entity_id == str(period.id),
        AuditEntry.action == "update")).one()
    assert entry.changes["reopen_reason"][1] == "源泉税額の訂正のため"
    # Closed again later: a second row, the first one's reopening kept.
    occurrences.complete(staff, occurrence, "訂正済み")
    assert periods.close(manager, world.payroll, NOVEMBER).created
    assert [p.standing for p in periods.history(admin, world.payroll)] == [True, False]
