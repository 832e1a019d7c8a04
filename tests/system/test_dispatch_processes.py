"""Dispatchers as real processes against a real SMTP server: several at once
deliver everything exactly once; a killed one loses nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from planner.core.extensions import db
from planner.notifications.models import Notification
from planner.work.models import Occurrence

PLANNER = str(Path(sys.executable).parent / "planner")


def _due_notifications(app, world, count: int) -> None:  # noqa: ANN001
    with app.app_context():
        occurrence_id = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))
        past = datetime.now(timezone.utc) - timedelta(minutes=5)
        db.session.execute(insert(Notification), [
            {"dedupe_key": f"load:{n}", "kind": "reminder", "channel": "email",
             "status": "pending", "send_after": past, "occurrence_id": occurrence_id,
             "recipient_id": world.staff, "lead_days": 0, "attempts": 0, "last_error": "",
             "subject": "", "body": "", "created_at": past}
            for n in range(count)])
        db.session.commit()


def _dispatcher(database_url: str, smtp_port: int, tmp_path: Path, **extra: str
                ) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(smtp_port), "SECRET_KEY": "test", "PLANNER_INSTANCE": str(tmp_path),
           "SCHEDULER_ENABLED": "0", **extra}
    return subprocess.Popen([PLANNER, "dispatch"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _statuses(app) -> dict[str, int]:  # noqa: ANN001
    with app.app_context():
        return dict(db.session.execute(select(Notification.status, func.count())
                                       .group_by(Notification.status)).all())


@pytest.mark.real_clock  # subprocesses read the real clock
def test_four_dispatchers_deliver_2000_exactly_once(app, world, smtp_server, database_url,
                                                    tmp_path):
    _due_notifications(app, world, 2000)
    port = smtp_server.controller.port
    workers = [_dispatcher(database_url, port, tmp_path) for _ in range(4)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0, 0, 0], outputs
    assert _statuses(app) == {"sent": 2000}
    ids = smtp_server.message_ids()
    assert len(ids) == 2000 and len(set(ids)) == 2000
    sent_by = [int(out.split()[1].rstrip(",")) for out, _ in outputs]
    assert sum(sent_by) == 2000
    assert sum(1 for n in sent_by if n > 0) >= 2, sent_by  # the work was shared


@pytest.mark.real_clock  # subprocesses read the real clock
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_dispatcher_loses_nothing(app, world, smtp_server, database_url, tmp_path):
    _due_notifications(app, world, 200)
    smtp_server.delay = 0.02
    port = smtp_server.controller.port
    lease = {"DISPATCH_LEASE_SECONDS": "3", "SMTP_TIMEOUT": "2",
             "DISPATCH_LEASE_MARGIN_SECONDS": "1", "DISPATCH_BATCH": "50"}
    victim = _dispatcher(database_url, port, tmp_path, **lease)
    deadline = time.monotonic() + 60
    while len(smtp_server.message_ids()) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=10)  # reaps it and closes its pipes
    assert _statuses(app).get("sending", 0) > 0  # its claimed batch is stuck under the lease

    time.sleep(3.5)  # the lease runs out
    smtp_server.delay = 0
    rescuer = _dispatcher(database_url, port, tmp_path, **lease)
    out, err = rescuer.communicate(timeout=120)
    assert rescuer.returncode == 0, err
    assert _statuses(app) == {"sent": 200}
    ids = smtp_server.message_ids()
    with app.app_context():
        expected = set(db.session.scalars(select(Notification.message_id)))
    assert set(ids) == expected  # nothing lost
    duplicates = len(ids) - len(set(ids))
    assert duplicates <= 1  # at most the message in flight, recognisable by its Message-ID
