"""Event types administrators change (service tier): their own types and
steps are opened by the events recorded after them, a shipped step can be
changed, removed and reset, and a step's task follows its step."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from event_runs_support import step_departments
from sqlalchemy import select

from planner.core.errors import Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events import domain
from planner.events import event_types as types
from planner.events import operations as events
from planner.events.models import EventStepSetting
from planner.events.shipped import shipped_type
from planner.people.models.user import User
from planner.tasks.models import Task

TRANSFER = date(2027, 4, 1)  # a Thursday


def own_step(key: str = "access-review", **changes) -> domain.StepTemplate:  # noqa: ANN003
    step = domain.StepTemplate(
        key=key, title_ja="アクセス権限の見直し", title_en="Review access rights",
        legal_basis_ja="", legal_basis_en="", department="general", category="general_affairs",
        effort_minutes=20,
        deadline=domain.RelativeDeadline(kind="within_days", n=3, statutory=False),
        when=None, source="", url="", seen_on=None)
    return replace(step, **changes)


@pytest.fixture
def office(ctx, world):  # noqa: ANN001, ANN201
    step_departments(world.manager)
    employee = Employee(number="E2001", name="佐々木 花", name_kana="ササキ ハナ",
                        hire_date=date(2019, 4, 1))
    db.session.add(employee)
    db.session.flush()
    return {"admin": db.session.get(User, world.admin),
            "manager": db.session.get(User, world.manager),
            "staff": db.session.get(User, world.staff), "employee": employee}


def planned(office, type_key: str, day: date = TRANSFER) -> dict[str, date]:  # noqa: ANN001
    return {p.step.key: p.due_date for p in events.preview_event(
        office["manager"], type_key, day, office["employee"])}


def test_an_own_event_type_opens_its_own_steps(office):
    admin = office["admin"]
    kind = types.add_event_type(admin, "transfer", " 部署異動 ", "Transfer")
    assert (kind.title_ja, kind.origin, kind.steps) == ("部署異動", "own", ())
    with pytest.raises(ValidationError) as refused:
        events.preview_event(office["manager"], "transfer", TRANSFER, office["employee"])
    assert list(refused.value.fields) == ["type"]  # nothing to open yet

    types.add_step(admin, "transfer", own_step())
    types.add_step(admin, "transfer", own_step(
        "allowance-review", title_ja="通勤手当の見直し", department="hr", category="payroll",
        deadline=domain.RelativeDeadline(kind="day_of_next_month", day=10, statutory=False)))

    # Three days after Thursday 1 April is Sunday 4 April: a company target stays put.
    assert planned(office, "transfer") == {"access-review": date(2027, 4, 4),
                                           "allowance-review": date(2027, 5, 10)}
    event = events.record_event(office["manager"], "transfer", TRANSFER, office["employee"])
    run = events.run_of(event)
    assert sorted(s.key for s in run.steps) == ["access-review", "allowance-review"]
    task = db.session.scalar(select(Task).where(Task.event_step == "transfer:access-review"))
    assert (task.title, task.effort_minutes, task.deadline_basis) == (
        "アクセス権限の見直し", 20, "internal")


def test_a_changed_shipped_step_moves_the_next_events_dates_and_its_task_follows(office):
    admin = office["admin"]
    shipped = shipped_type("leave").step("health-pension-loss")
    task = events.ensure_step_task("leave", shipped)
    db.session.flush()
    before = planned(office, "leave", date(2027, 3, 31))["health-pension-loss"]

    changed = types.change_step(admin, "leave", "health-pension-loss", replace(
        shipped, title_ja="資格喪失届（電子申請）", effort_minutes=15,
        deadline=replace(shipped.deadline, kind="within_days", n=10, counts_event_day=False)))

    assert changed.origin == "edited" and changed.key == "health-pension-loss"
    after = planned(office, "leave", date(2027, 3, 31))["health-pension-loss"]
    # Ten days after Wednesday 31 March is Saturday 10 April: the authorities
    # are closed, so the statutory date moves to Monday 12 April.
    assert after == date(2027, 4, 12)
    assert before != after
    assert (task.title, task.effort_minutes) == ("資格喪失届（電子申請）", 15)
    kind = types.event_type("leave")
    assert [s.key for s in kind.steps] == [s.key for s in shipped_type("leave").steps]

    types.reset_step(admin, "leave", "health-pension-loss")
    assert types.event_type("leave").step("health-pension-loss") == shipped
    assert task.title == shipped.title_ja and task.effort_minutes == shipped.effort_minutes


def test_a_removed_shipped_step_is_not_opened_until_it_is_reset(office):
    admin = office["admin"]
    types.remove_step(admin, "leave", "insurance-card-return")
    assert "insurance-card-return" not in planned(office, "leave")
    assert [s.key for s in types.removed_steps("leave")] == ["insurance-card-return"]
    with pytest.raises(NotFound):
        types.change_step(admin, "leave", "insurance-card-return", own_step())

    types.reset_step(admin, "leave", "insurance-card-return")
    assert "insurance-card-return" in planned(office, "leave")
    assert types.removed_steps("leave") == []
    assert db.session.scalar(select(EventStepSetting.id)) is None


def test_an_own_step_on_a_shipped_type_comes_last_and_goes_when_removed(office):
    admin = office["admin"]
    types.add_step(admin, "leave", own_step("pc-return", title_ja="PC・貸与品の返却"))
    leave = types.event_type("leave")
    assert leave.steps[-1].key == "pc-return" and leave.steps[-1].origin == "own"
    assert "pc-return" in planned(office, "leave")
    types.remove_step(admin, "leave", "pc-return")
    assert types.event_type("leave").step("pc-return") is None
    assert types.removed_steps("leave") == []  # the company's own is deleted, not kept aside


def test_a_type_put_away_takes_no_new_events_but_keeps_its_title(office):
    admin = office["admin"]
    types.change_event_type(admin, "work_injury", archived=True)
    assert "work_injury" not in [t.key for t in types.event_types()]
    assert types.event_type("work_injury").title_ja == "労働災害"
    with pytest.raises(ValidationError) as refused:
        events.record_event(office["manager"], "work_injury", TRANSFER, office["employee"])
    assert list(refused.value.fields) == ["type"]

    types.change_event_type(admin, "work_injury", title_ja="業務災害", archived=False)
    assert types.event_type("work_injury").title_ja == "業務災害"
    types.reset_event_type(admin, "work_injury")
    assert types.event_type("work_injury").title_ja == "労働災害"
    with pytest.raises(Conflict):
        types.add_event_type(admin, "transfer", "部署異動", "Transfer")
        types.reset_event_type(admin, "transfer")  # nothing shipped to go back to


def test_only_administrators_change_event_types(office):
    for person in (office["manager"], office["staff"]):
        with pytest.raises(Forbidden):
            types.add_event_type(person, "transfer", "部署異動", "Transfer")
        with pytest.raises(Forbidden):
            types.add_step(person, "leave", own_step())
        with pytest.raises(Forbidden):
            types.remove_step(person, "leave", "insurance-card-return")
    assert types.may_edit(office["admin"]) and not types.may_edit(office["manager"])


def test_bad_steps_and_keys_are_refused_by_field_and_nothing_is_saved(office):
    admin = office["admin"]
    with pytest.raises(ValidationError) as refused:
        types.add_event_type(admin, "hire", "", "Hire again")
    assert set(refused.value.fields) == {"key", "title_ja"}
    with pytest.raises(ValidationError) as refused:
        types.add_step(admin, "leave", own_step("separation-certificate"))
    assert list(refused.value.fields) == ["key"]  # a shipped step's key
    with pytest.raises(ValidationError) as refused:
        types.add_step(admin, "leave", own_step(
            department="legal", category="astrology",
            deadline=domain.RelativeDeadline(kind="within_days", n=5, statutory=True)))
    assert set(refused.value.fields) == {"department", "category", "source"}
    with pytest.raises(NotFound):
        types.add_step(admin, "nothing", own_step())
    assert db.session.scalar(select(EventStepSetting.id)) is None
