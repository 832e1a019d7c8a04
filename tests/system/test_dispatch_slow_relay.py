"""Several dispatcher processes against a real SMTP server that is slow, then
one that hangs past the SMTP timeout: no e-mail goes out twice, and every one
goes out (issue 18: a 120 s lease over a batch of 50 sends of up to 30 s each
let another dispatcher take over rows still being sent).

Small timings keep each test short; the relation between them is the one
production keeps (lease >= SMTP timeout + margin, far shorter than a batch of
slow sends)."""
from __future__ import annotations

import itertools
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.core.extensions import db
from planner.notifications.models import Notification
from tests.system.test_dispatch_processes import PLANNER, _dispatcher, _due_notifications, _statuses

# One send may take up to 1.5 s; a lease covers one send, never the batch of 50.
TIMING = {"SMTP_TIMEOUT": "1.5", "DISPATCH_LEASE_SECONDS": "2",
          "DISPATCH_LEASE_MARGIN_SECONDS": "0.5", "DISPATCH_BATCH": "50",
          "RETRY_BASE_SECONDS": "1"}
OUTPUT = re.compile(r"sent (\d+), retried (\d+), failed (\d+), cancelled (\d+), "
                    r"taken over (\d+)")


class Dispatchers:
    """`planner dispatch` run over and over in a few slots at once, as the
    scheduler's one-minute job does in several processes, only without the
    minute between runs."""

    def __init__(self, app, database_url: str, port: int, tmp_path: Path,  # noqa: ANN001
                 slots: int) -> None:
        self.app, self.database_url, self.port, self.tmp_path = app, database_url, port, tmp_path
        self.outputs: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._slot, daemon=True) for _ in range(slots)]

    def _done(self) -> bool:
        return set(_statuses(self.app)) <= {"sent", "failed"}

    def _slot(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not self._done():
            worker = _dispatcher(self.database_url, self.port, self.tmp_path, **TIMING)
            out, err = worker.communicate(timeout=120)
            with self._lock:
                self.outputs.append((out, err, worker.returncode))

    def run(self) -> None:
        for thread in self._threads:
            thread.start()
        for thread in self._threads:
            thread.join()

    def totals(self) -> dict[str, int]:
        names = ("sent", "retried", "failed", "cancelled", "taken_over")
        totals = dict.fromkeys(names, 0)
        for out, err, returncode in self.outputs:
            assert returncode == 0, err
            match = OUTPUT.search(out)
            assert match, out
            for name, value in zip(names, match.groups(), strict=True):
                totals[name] += int(value)
        return totals


def _assert_each_delivered_once(app, smtp_server, count: int) -> None:  # noqa: ANN001
    assert _statuses(app) == {"sent": count}
    ids = smtp_server.message_ids()
    with app.app_context():
        recorded = set(db.session.scalars(select(Notification.message_id)))
    duplicates = sorted({mid for mid in ids if ids.count(mid) > 1})
    assert duplicates == []
    assert set(ids) == recorded and len(ids) == count


@pytest.mark.real_clock  # subprocesses read the real clock
def test_a_slow_relay_gets_every_message_once_from_three_dispatchers(
        app, world, smtp_server, database_url, tmp_path):  # noqa: ANN001
    """Each DATA takes 1 s: a dispatcher's batch of 12 outlives its 2 s lease
    after two messages, and the others take the rest over while it is still
    sending."""
    _due_notifications(app, world, 12)
    smtp_server.delay = 1.0
    pool = Dispatchers(app, database_url, smtp_server.controller.port, tmp_path, slots=3)
    pool.run()

    _assert_each_delivered_once(app, smtp_server, 12)
    totals = pool.totals()
    assert totals["sent"] == 12 and totals["retried"] == 0
    # Rows were taken over from a dispatcher still sending its batch, and it
    # did not send them.
    assert totals["taken_over"] > 0


@pytest.mark.real_clock  # subprocesses read the real clock
def test_a_relay_hanging_past_the_timeout_gets_every_message_once_after_it_recovers(
        app, world, smtp_server, database_url, tmp_path):  # noqa: ANN001
    """The relay holds the first four messages' DATA for 4 s, past the 1.5 s
    timeout, then recovers: each of those sends is cut off and retried later
    (the relay drops a message whose sender has gone); none arrives twice."""
    _due_notifications(app, world, 12)
    answer = smtp_server.handle_DATA
    seen = itertools.count(1)

    async def hanging_then_recovered(server, session, envelope):  # noqa: ANN001, ANN202
        smtp_server.delay = 4.0 if next(seen) <= 4 else 0
        return await answer(server, session, envelope)

    smtp_server.handle_DATA = hanging_then_recovered
    pool = Dispatchers(app, database_url, smtp_server.controller.port, tmp_path, slots=3)
    pool.run()

    _assert_each_delivered_once(app, smtp_server, 12)
    totals = pool.totals()
    assert totals["retried"] >= 4  # the hang was felt
    assert totals["sent"] == 12 and totals["failed"] == 0
    with app.app_context():
        errors = set(db.session.scalars(select(Notification.last_error)))
    assert errors == {""}  # cleared once sent


@pytest.mark.real_clock  # a subprocess
def test_a_lease_shorter_than_a_send_stops_the_command_at_start_up(tmp_path):  # noqa: ANN001
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "test", "PLANNER_INSTANCE": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
           "SMTP_TIMEOUT": "30", "DISPATCH_LEASE_SECONDS": "20"}
    finished = subprocess.run([PLANNER, "dispatch"], env=env, capture_output=True, text=True,
                              timeout=60, check=False)
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert ("DISPATCH_LEASE_SECONDS (20) must be at least SMTP_TIMEOUT (30) + "
            "DISPATCH_LEASE_MARGIN_SECONDS (5) = 35") in finished.stderr
    assert not (tmp_path / "unused.db").exists()  # stopped before touching anything
