"""A close (締め) and a change of an occurrence of the same month at the same
moment serialise: either the change lands first and the close sees it (and
is blocked by the reopened occurrence), or the close lands first and the
change is refused (409). Never both: a closed month holding open work.

Real threads, each with its own connection to the real database file (or to
PostgreSQL when TEST_DATABASE_URL is set). The first side does its part and
then holds its transaction open, waiting for the other side to finish; the
other side starts only once the first has done its part. Without the lock
the second side would finish at once (both succeed, the assertion fails);
with it, the second side waits for the first's commit, so the first's wait
runs out (a bound, not something asserted) and it commits. PostgreSQL holds
the month with an advisory lock (shared for a change, exclusive for the
close); SQLite with its one write lock, taken before the check reads."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from planner.core.errors import Conflict
from planner.core.extensions import db
from planner.people.models.user import User
from planner.periods import operations as periods
from planner.periods.models import PeriodClose
from planner.work import operations as work
from planner.work.models import Occurrence

HOLD_SECONDS = 3  # how long the first side waits for the second before committing


@pytest.fixture
def december_done(app, world) -> int:  # noqa: ANN001
    """The payroll department's December 2026: its one occurrence done."""
    with app.app_context():
        occurrence = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task,
            Occurrence.due_date.between(date(2026, 12, 1), date(2026, 12, 31))))
        work.complete(db.session.get(User, world.staff), occurrence)
        db.session.commit()
        return occurrence.id


def _side(app, first_done: threading.Event, second_done: threading.Event,  # noqa: ANN001
          first: bool, action) -> object:  # noqa: ANN001
    """Run `action` in its own transaction; the first side then waits for the
    second (which starts once the first has acted) before committing."""
    with app.app_context():
        try:
            if not first:
                assert first_done.wait(30)
            try:
                result = action()
            except Conflict as refused:
                # What blocked a close, read while its rows are still in the session.
                blocking = [o.id for o in getattr(refused, "blocking", [])]
                db.session.rollback()
                return refused, blocking
            if first:
                first_done.set()
                second_done.wait(HOLD_SECONDS)
            db.session.commit()
            return result
        finally:
            if not first:
                second_done.set()
            db.session.remove()


def _race(app, world, occurrence_id: int, change_first: bool) -> dict:  # noqa: ANN001
    first_done, second_done = threading.Event(), threading.Event()

    def change() -> object:
        manager = db.session.get(User, world.manager)
        return work.reopen(manager, db.session.get(Occurrence, occurrence_id)).status

    def close() -> object:
        return periods.close(db.session.get(User, world.manager), world.payroll,
                             "2026-12").created

    results: dict = {}

    def run(name: str, action, first: bool) -> None:  # noqa: ANN001
        try:
            results[name] = _side(app, first_done, second_done, first, action)
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[name] = error

    threads = [threading.Thread(target=run, args=("change", change, change_first)),
               threading.Thread(target=run, args=("close", close, not change_first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _state(app, occurrence_id: int) -> tuple[str, bool]:  # noqa: ANN001
    with app.app_context():
        closed = db.session.scalar(select(PeriodClose.id).where(
            PeriodClose.reopened_at.is_(None))) is not None
        return db.session.get(Occurrence, occurrence_id).status, closed


def test_a_change_under_way_lands_first_and_blocks_the_close(app, world, december_done):
    results = _race(app, world, december_done, change_first=True)
    assert results["change"] == "open", results
    refused, blocking = results["close"]
    assert isinstance(refused, periods.Blocked) and blocking == [december_done], results
    assert _state(app, december_done) == ("open", False)


def test_a_close_under_way_lands_first_and_the_change_is_refused(app, world, december_done):
    results = _race(app, world, december_done, change_first=False)
    assert results["close"] is True, results
    refused, _ = results["change"]
    assert isinstance(refused, Conflict), results
    assert refused.message.params["month"] == "2026-12"
    assert _state(app, december_done) == ("done", True)
