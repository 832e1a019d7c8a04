"""An occurrence's checklist: the task's steps, frozen when someone starts on
it, ticked with who and when; the hand-over for review refused while a step
is unticked or lacks its evidence."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from planner.checklists import operations as checklists
from planner.checklists.domain import Step
from planner.checklists.models import ChecklistItem
from planner.core.errors import Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.evidence import operations as evidence
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence
from planner.work.signals import occurrence_preparing

PROCEDURE = "# 手順\n\n1. 勤怠を締める\n2. 給与を計算する\n3. 振込データを作る\n"
PDF = b"%PDF-1.4\n%%EOF\n"


def _first_two(task_id: int) -> list[Occurrence]:
    return list(db.session.scalars(select(Occurrence).where(Occurrence.task_id == task_id)
                                   .order_by(Occurrence.due_date).limit(2)))


@pytest.fixture
def payroll(ctx, world):  # noqa: ANN001, ANN201
    task = db.session.get(Task, world.payroll_task)
    task.procedure = PROCEDURE
    db.session.flush()
    return task


def _messages(occurrence: Occurrence) -> list[str]:
    return [m.render() for _receiver, found in occurrence_preparing.send(occurrence)
            for m in found]


def _no_owners(task_id: int) -> None:
    db.session.execute(delete(TaskOwner).where(TaskOwner.task_id == task_id))
    db.session.expire_all()


def test_an_occurrence_shows_the_procedure_s_steps_before_anyone_starts(payroll, world):
    first, _ = _first_two(payroll.id)
    items = checklists.checklist(first)
    assert [(i.number, i.text, i.ticked) for i in items] == [
        (1, "勤怠を締める", False), (2, "給与を計算する", False), (3, "振込データを作る", False)]
    assert not checklists.is_frozen(first)


def test_a_tick_records_who_and_when_and_an_untick_clears_it(payroll, world):
    staff = db.session.get(User, world.staff)
    first, _ = _first_two(payroll.id)
    checklists.tick(staff, first, 2)
    item = checklists.checklist(first)[1]
    assert item.ticked and item.ticked_by.id == world.staff
    assert item.ticked_at.astimezone(ZoneInfo("Asia/Tokyo")).date() == date(2026, 12, 1)
    checklists.tick(staff, first, 2, ticked=False)
    item = checklists.checklist(first)[1]
    assert not item.ticked and item.ticked_by is None and item.ticked_at is None


def test_changing_the_steps_changes_only_checklists_not_yet_started(payroll, world):
    staff = db.session.get(User, world.staff)
    started, untouched = _first_two(payroll.id)
    checklists.tick(staff, started, 1)
    payroll.procedure = "1. 新しい手順だけ\n"
    db.session.flush()
    assert [i.text for i in checklists.checklist(started)] == [
        "勤怠を締める", "給与を計算する", "振込データを作る"]
    assert [i.text for i in checklists.checklist(untouched)] == ["新しい手順だけ"]
    checklists.save_steps(staff, payroll, [Step("明示の手順", evidence_required=True)])
    assert [i.text for i in checklists.checklist(started)][0] == "勤怠を締める"
    assert [(i.text, i.evidence_required) for i in checklists.checklist(untouched)] == [
        ("明示の手順", True)]


def test_the_explicit_list_replaces_the_old_one_and_an_empty_one_goes_back_to_the_procedure(
        payroll, world):
    staff = db.session.get(User, world.staff)
    checklists.save_steps(staff, payroll, [Step(" 一 "), Step("二", True)])
    assert checklists.explicit_steps(payroll) == [Step("一"), Step("二", True)]
    checklists.save_steps(staff, payroll, [])
    assert checklists.current_steps(payroll)[0] == Step("勤怠を締める")


def test_a_blank_step_is_refused_naming_its_row_and_nothing_is_saved(payroll, world):
    staff = db.session.get(User, world.staff)
    with pytest.raises(ValidationError) as refused:
        checklists.save_steps(staff, payroll, [Step("一"), Step("   ")])
    assert set(refused.value.fields) == {"steps-1-text"}
    assert checklists.explicit_steps(payroll) == []


def test_someone_of_another_department_may_not_edit_the_steps(payroll, world):
    other = db.session.get(User, world.other_staff)
    with pytest.raises(Forbidden):
        checklists.save_steps(other, payroll, [Step("一")])


def test_only_owners_and_managers_tick_and_a_step_must_exist(payroll, world):
    first, _ = _first_two(payroll.id)
    _no_owners(payroll.id)
    with pytest.raises(Forbidden):
        checklists.tick(db.session.get(User, world.staff), first, 1)
    manager = db.session.get(User, world.manager)
    checklists.tick(manager, first, 1)
    with pytest.raises(NotFound):
        checklists.tick(manager, first, 4)


def test_a_checklist_no_longer_open_cannot_change(payroll, world):
    staff = db.session.get(User, world.staff)
    first, _ = _first_two(payroll.id)
    checklists.tick(staff, first, 1)
    first.status = "done"
    db.session.flush()
    with pytest.raises(Conflict):
        checklists.tick(staff, first, 2)


def test_a_done_occurrence_never_started_has_no_checklist(payroll, world):
    first, _ = _first_two(payroll.id)
    first.status = "done"
    db.session.flush()
    assert checklists.checklist(first) == []


def test_unticked_steps_stop_the_hand_over_one_message_each(payroll, world):
    staff = db.session.get(User, world.staff)
    first, _ = _first_two(payroll.id)
    checklists.tick(staff, first, 2)
    assert _messages(first) == ["Step 1 is not ticked: 勤怠を締める",
                                "Step 3 is not ticked: 振込データを作る"]


def test_a_required_step_without_evidence_stops_the_hand_over_even_when_ticked(payroll, world):
    staff = db.session.get(User, world.staff)
    checklists.save_steps(staff, payroll, [Step("給与台帳を出力する", evidence_required=True),
                                           Step("上長に報告する")])
    first, _ = _first_two(payroll.id)
    checklists.tick(staff, first, 1)
    checklists.tick(staff, first, 2)
    assert _messages(first) == ["Step 1 needs evidence attached: 給与台帳を出力する"]
    # A file for the occurrence as a whole is not the step's evidence.
    evidence.attach(staff, first, evidence.Upload("全体.pdf", PDF))
    assert _messages(first) == ["Step 1 needs evidence attached: 給与台帳を出力する"]
    evidence.attach(staff, first, evidence.Upload("給与台帳.pdf", PDF), item_number=1)
    assert _messages(first) == []


def test_the_hand_over_freezes_the_checklist_it_checked(payroll, world):
    first, _ = _first_two(payroll.id)
    _messages(first)
    assert checklists.is_frozen(first)
    rows = db.session.scalars(select(ChecklistItem).where(
        ChecklistItem.occurrence_id == first.id)).all()
    assert len(rows) == 3


def test_a_task_without_steps_lets_the_hand_over_through(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    first, _ = _first_two(task.id)
    assert _messages(first) == []
