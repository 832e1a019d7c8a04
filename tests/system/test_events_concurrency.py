"""The procedure runs' two guards against doing a thing twice, under real
concurrency: the same webhook delivery posted twice at the same moment makes
one event (the second delivery gets the first's event back, never a 500),
and two first events of a type recorded at the same moment make one step
task per step.

Real threads against the real database file (or PostgreSQL when
TEST_DATABASE_URL is set), released together by a barrier; several rounds,
each with a fresh delivery or event type. On PostgreSQL both transactions
run side by side until the second insert waits on the first's uncommitted
row and then fails on its unique index: that is where the guards' own paths
(the unique message id, the unique step key, each caught in a savepoint)
run. SQLite lets one writer in at a time: there the second delivery used to
fail outright (503, its reads gone stale) until the receiver took the write
lock first, and now waits and finds the first's event. The assertions are
the same on both."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from datetime import date, datetime, timezone

import pytest
from event_runs_support import step_departments
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events import operations as events
from planner.events import webhooks
from planner.events.event_types import event_type
from planner.events.models import Event
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.models import Occurrence

ROUNDS = 5  # each round a fresh delivery (or a fresh event type), both sides at once


@pytest.fixture
def event_departments(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        step_departments(world.manager)
        db.session.commit()


def _together(count: int, work) -> list:  # noqa: ANN001
    """Run `work(index)` in `count` threads released at the same instant;
    what each returned (or raised), in index order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _deliver(url: str, secret: str, message_id: str, payload: dict) -> tuple[int, dict]:
    body = json.dumps(payload).encode()
    headers = {**webhooks.sign(secret, message_id, datetime.now(timezone.utc), body),
               "Content-Type": "application/json"}
    request = urllib.request.Request(f"{url}/api/v1/webhooks/events", data=body,
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.parametrize("known_employee", [False, True], ids=["new-employee", "on-roster"])
def test_the_same_delivery_twice_at_once_records_one_event(app, world, event_departments,
                                                            live_server, known_employee):
    with app.app_context():
        secret = webhooks.generate_secret(db.session.get(User, world.admin))
        if known_employee:
            db.session.add_all([Employee(number=f"E{n}", name="山田　太郎",
                                         name_kana="ヤマダ　タロウ") for n in range(ROUNDS)])
        db.session.commit()
    for n in range(ROUNDS):
        payload = {"type": "leave", "date": "2026-12-15", "employee_number": f"E{n}"} \
            if known_employee else {
                "type": "hire", "date": "2026-12-01",
                "employee": {"number": f"E{n}", "name": "山田　太郎",
                             "name_kana": "ヤマダ　タロウ", "employment_type": "regular"}}
        answers = _together(2, lambda _, n=n, payload=payload: _deliver(
            live_server, secret, f"msg_{n}", payload))
        assert all(isinstance(a, tuple) for a in answers), answers
        statuses = sorted(status for status, _ in answers)
        # The first recorded it (201); the other is told it was recorded (200).
        assert statuses == [200, 201], answers
        first, second = (body for _, body in answers)
        assert first == second  # the same event, steps and all
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == ROUNDS
        assert db.session.scalar(select(func.count(Employee.id))) == ROUNDS
        per_event = Counter(db.session.scalars(
            select(Occurrence.event_id).where(Occurrence.event_id.is_not(None))))
        assert len(set(per_event.values())) == 1  # no event got a second set of steps


KINDS = ("hire", "leave", "bonus", "maternity_leave", "childcare_leave")


def test_two_first_events_of_a_type_at_once_make_one_task_per_step(app, world,
                                                                   event_departments):
    with app.app_context():
        employees = [Employee(number=f"E{n}", name=f"社員　{n}", name_kana="シャイン")
                     for n in range(2)]
        db.session.add_all(employees)
        db.session.commit()
        employee_ids = [e.id for e in employees]
    for kind in KINDS[:ROUNDS]:
        def record(index: int, kind: str = kind) -> int:
            with app.app_context():
                try:
                    manager = db.session.get(User, world.manager)
                    event = events.record_event(manager, kind, date(2027, 1, 15),
                                                db.session.get(Employee, employee_ids[index]))
                    db.session.commit()
                    return event.id
                finally:
                    db.session.remove()

        recorded = _together(2, record)
        assert all(isinstance(r, int) for r in recorded), recorded
        assert recorded[0] != recorded[1]
    with app.app_context():
        for kind in KINDS[:ROUNDS]:
            steps = {s.key for s in event_type(kind).steps}
            tasks = Counter(db.session.scalars(
                select(Task.event_step).where(Task.event_step.startswith(f"{kind}:"))))
            assert set(tasks.values()) == {1}, tasks
            # Both events opened every step once, on those same tasks: the
            # one that lost the race took the winner's task.
            opened = [sorted(db.session.scalars(
                select(Task.event_step).join(Occurrence, Occurrence.task_id == Task.id)
                .where(Occurrence.event_id == event.id)))
                for event in db.session.scalars(select(Event).where(Event.type_key == kind))]
            assert len(opened) == 2 and opened[0] == opened[1] == sorted(tasks), opened
            assert {key.removeprefix(f"{kind}:") for key in tasks} <= steps
