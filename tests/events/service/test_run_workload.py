"""A run's step weighs on the person it was given to, at its task's effective
effort (the measured one once there is one), in the workload grid and in
the free capacity that proposes the next run's owners; a completion is
counted once, on whoever did it."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import World
from event_runs_support import step_departments

from planner.core.extensions import db
from planner.coverage import operations as coverage
from planner.employees.models import Employee
from planner.events import operations as events
from planner.events.event_types import event_type
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as work
from planner.work.models import Occurrence

LEAVING = date(2026, 12, 15)
STEP = "separation-certificate"  # 離職証明書: due in December for a leaver on 15 December
DECEMBER = "2026-12"


class Team:
    """人事 with 伊藤 (primary on every leaver's step) and 加藤 (qualified backup)."""

    def __init__(self, world: World) -> None:
        self.hr = step_departments(world.manager)
        self.manager = db.session.get(User, world.manager)
        self.ito = self.person("ito@example.com", "伊藤 さくら")
        self.kato = self.person("kato@example.com", "加藤 健")
        self.tasks: dict[str, Task] = {}
        for step in event_type("leave").steps:
            task = events.ensure_step_task("leave", step)
            if task.department_id == self.hr.id:
                task.owners.append(TaskOwner(user_id=self.ito.id, role="primary", level=4))
                task.owners.append(TaskOwner(user_id=self.kato.id, role="backup", level=3))
            self.tasks[step.key] = task
        db.session.flush()
        self.numbers = iter(range(1000, 2000))

    def person(self, email: str, name: str) -> User:
        return create_person(PersonData(email=email, name=name, role="staff", language="ja",
                                        department_ids=[self.hr.id]), "a long enough password")

    def employee(self) -> Employee:
        number = next(self.numbers)
        found = Employee(number=f"E{number}", name=f"退職 {number}", name_kana="タイショク",
                         hire_date=date(2020, 4, 1), leave_date=LEAVING)
        db.session.add(found)
        db.session.flush()
        return found

    def measure(self, key: str, minutes: int) -> None:
        """Three earlier runs of the step, each done in `minutes`: its measured effort."""
        task = self.tasks[key]
        for month in (8, 9, 10):
            past = Occurrence(task_id=task.id, nominal_date=date(2026, month, 20),
                              due_date=date(2026, month, 20), status="open", run_key=-month)
            db.session.add(past)
            db.session.flush()
            work.complete(self.manager, past, minutes=minutes)
        db.session.flush()

    def leave(self, owners: dict[str, int | None]) -> Occurrence:
        event = events.record_event(self.manager, "leave", LEAVING, self.employee(),
                                    owners=owners)
        return next(step.occurrence for step in events.run_of(event).steps if step.key == STEP)


@pytest.fixture
def team(ctx, world) -> Team:  # noqa: ANN001
    return Team(world)


def _minutes(people: list[User], person: User) -> int:
    grid = coverage.workload_grid(people, date(2026, 12, 1), 1)
    cell = grid.cells.get((person.id, DECEMBER))
    return cell.minutes if cell else 0


def test_a_given_step_counts_at_its_measured_effort_on_its_assignee(team):
    team.tasks[STEP].effort_minutes = 600  # registered: ten hours
    team.measure(STEP, 90)  # done three times in an hour and a half
    step = team.leave({STEP: team.kato.id})
    assert step.due_date.strftime("%Y-%m") == DECEMBER
    assert _minutes([team.kato], team.kato) == 90
    assert _minutes([team.ito, team.kato], team.kato) == 90
    # 伊藤 is primary on the step's task, but the step was given to 加藤.
    without = _minutes([team.ito], team.ito)
    step.assignee_id = None
    db.session.flush()
    assert _minutes([team.ito], team.ito) == without + 90


def test_a_step_done_by_its_assignee_counts_once(team):
    team.tasks[STEP].effort_minutes = 120
    step = team.leave({STEP: team.kato.id})
    before = _minutes([team.kato], team.kato)
    work.complete(team.kato, step)
    db.session.flush()
    # 伊藤, the task's primary, is not on the grid: the completion must not
    # come back as work done for someone else's task.
    assert _minutes([team.kato], team.kato) == before


def test_a_step_done_for_its_assignee_counts_on_whoever_did_it(team):
    team.tasks[STEP].effort_minutes = 120
    step = team.leave({STEP: team.kato.id})
    kato_before = _minutes([team.kato], team.kato)
    ito_before = _minutes([team.ito], team.ito)
    work.complete(team.ito, step)  # 伊藤 covers for 加藤
    db.session.flush()
    assert _minutes([team.ito], team.ito) == ito_before + 120
    assert _minutes([team.ito, team.kato], team.ito) == ito_before + 120
    assert _minutes([team.kato], team.kato) == kato_before - 120
    grid = coverage.workload_grid([team.ito, team.kato], date(2026, 12, 1), 1)
    assert grid.cells[(team.ito.id, DECEMBER)].covering == 120


def test_owners_are_proposed_by_free_capacity_with_given_steps_at_measured_effort(team):
    # 伊藤 carries two hours of scheduled work in December; 加藤 none...
    World.task("社会保険の月次確認", team.hr, team.ito, effort_minutes=120)
    work.materialise()
    # ...but earlier leavers' 離職証明書 were given to 加藤, and it takes him
    # five hours each, though it is registered at one minute (their other
    # steps stay with 伊藤, the primary).
    team.tasks[STEP].effort_minutes = 1
    team.measure(STEP, 300)
    others = {key: None for key, task in team.tasks.items() if task.department_id == team.hr.id}
    for _ in range(2):
        team.leave({**others, STEP: team.kato.id})
    planned = {p.step.key: p for p in events.preview_event(team.manager, "leave", LEAVING,
                                                           team.employee())}
    assert planned[STEP].due_date.strftime("%Y-%m") == DECEMBER
    assert planned[STEP].proposed.id == team.ito.id
    assert [p.id for p in planned[STEP].candidates] == [team.ito.id, team.kato.id]
