"""Leaving, handled: deactivating a person who still owns work tells their
manager what is uncovered (inbox and e-mail) and prepares a handover draft
with proposed successors; nobody's tasks change hands."""
from __future__ import annotations

from conftest import PASSWORD
from sqlalchemy import delete, select

from planner.core.extensions import db
from planner.identity import leaving
from planner.identity.models import LeavingDraft
from planner.notifications.models import Notification
from planner.people import operations as people
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import TaskOwner


def _deactivate(person: User) -> None:
    people.update_person(person, people.PersonData(
        email=person.email, name=person.name, role=person.role, language=person.language,
        department_ids=sorted(person.department_ids), active=False))


def _owners() -> set[tuple[int, int, str, int]]:
    return {(o.task_id, o.user_id, o.role, o.level)
            for o in db.session.scalars(select(TaskOwner))}


def test_the_manager_is_told_what_is_uncovered_and_gets_a_draft_nothing_reassigned(ctx, world):
    payroll = db.session.get(Department, world.payroll)
    colleague = people.create_person(people.PersonData(
        email="kato@example.com", name="加藤 三郎", role="staff",
        department_ids=[world.payroll]), PASSWORD)
    staff = db.session.get(User, world.staff)
    covered = world.task("住民税の納付", payroll, staff, code="PAY-002")
    covered.owners.append(TaskOwner(user_id=colleague.id, role="backup", level=4))
    db.session.commit()
    before = _owners()

    _deactivate(staff)
    db.session.commit()

    assert _owners() == before  # nothing reassigned
    draft = db.session.scalar(select(LeavingDraft).where(LeavingDraft.person_id == world.staff))
    assert draft.manager_id == world.manager
    lines = {line["task_id"]: line for line in draft.lines}
    assert set(lines) == {world.payroll_task, covered.id}
    assert lines[world.payroll_task]["covered"] is False
    assert lines[world.payroll_task]["successor_id"] in {colleague.id, world.manager}
    assert lines[covered.id]["covered"] is True
    assert lines[world.payroll_task]["open_occurrence_ids"]

    notices = list(db.session.scalars(select(Notification).where(
        Notification.kind == leaving.KIND).order_by(Notification.channel)))
    assert [(n.channel, n.recipient_id, n.status) for n in notices] == [
        ("email", world.manager, "pending"), ("inbox", world.manager, "sent")]
    uncovered_part = notices[1].body.split("住民税の納付")[0]
    assert "源泉所得税の納付" in uncovered_part  # listed first, as uncovered
    assert "佐藤 花子" in notices[1].subject
    assert f"/people/{world.staff}/handover" in notices[1].body


def test_a_person_without_tasks_leaves_no_notice(ctx, world):
    db.session.execute(delete(TaskOwner).where(TaskOwner.user_id == world.staff))
    db.session.commit()
    _deactivate(db.session.get(User, world.staff))
    assert db.session.scalar(select(LeavingDraft)) is None
    assert db.session.scalar(select(Notification).where(
        Notification.kind == leaving.KIND)) is None


def test_without_a_manager_the_administrators_are_told(ctx, world):
    manager = db.session.get(User, world.manager)
    manager.role = "staff"
    db.session.commit()
    _deactivate(db.session.get(User, world.staff))
    drafts = list(db.session.scalars(select(LeavingDraft)))
    assert [d.manager_id for d in drafts] == [world.admin]


def test_reactivating_and_saving_again_prepares_nothing_more(ctx, world):
    staff = db.session.get(User, world.staff)
    _deactivate(staff)
    db.session.commit()
    _deactivate(staff)  # already inactive: not a departure again
    assert len(list(db.session.scalars(select(LeavingDraft)))) == 1

