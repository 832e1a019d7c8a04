"""Two processes materialising at the same moment: no duplicate, no error."""
from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
from sqlalchemy import func, select

from planner.calendar.recurrence import Schedule
from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work.models import Occurrence


def _materialise(database_url: str, barrier, results) -> None:  # noqa: ANN001
    from config import TestConfig
    from planner import create_app
    from planner.work.operations import materialise

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        try:
            barrier.wait(30)
            result = materialise(today=date(2026, 11, 25))
            db.session.commit()
            results.put(("ok", result.created))
        except Exception as error:  # noqa: BLE001 - reported to the parent
            results.put(("error", repr(error)))
        finally:
            db.engine.dispose()


@pytest.mark.real_clock  # subprocesses read the real clock
def test_two_processes_materialise_at_once(app, world, database_url):
    with app.app_context():
        db.session.execute(Occurrence.__table__.delete())
        for n in range(150):
            task = Task(title=f"並行{n}", department_id=world.payroll, category="other",
                        criticality="low")
            task.schedule = Schedule("rrule", date(2026, 1, 1),
                                     rrule=f"FREQ=MONTHLY;BYMONTHDAY={n % 28 + 1}", shift="next")
            db.session.add(task)
        db.session.commit()
        expected_tasks = db.session.scalar(select(func.count(Task.id)))

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_materialise, args=(database_url, barrier, results))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)

    assert [status for status, _ in outcomes] == ["ok", "ok"], outcomes
    assert all(worker.exitcode == 0 for worker in workers)
    with app.app_context():
        duplicates = db.session.execute(
            select(Occurrence.task_id, Occurrence.nominal_date, func.count())
            .group_by(Occurrence.task_id, Occurrence.nominal_date)
            .having(func.count() > 1)).all()
        assert duplicates == []
        per_task = db.session.execute(
            select(Occurrence.task_id, func.count()).group_by(Occurrence.task_id)).all()
        assert len(per_task) == expected_tasks
        # 13 months ahead, plus this month's when it is still to come.
        assert {count for _, count in per_task} <= {13, 14}
