"""Past one machine: two gunicorn instances and two `planner scheduler`
processes on one PostgreSQL. Reminders are still delivered exactly once (a
real SMTP server), and either instance serves the pages of a session signed
in on the other."""
from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import PASSWORD, free_port
from sqlalchemy import func, select

from benchmarks.load import sign_in
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.work.models import Occurrence

BIN = Path(sys.executable).parent
OVERDUE_DAYS = 40


@pytest.fixture
def postgresql(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("scale-out runs several hosts' processes on one PostgreSQL; SQLite is a "
                    "file on one machine (set TEST_DATABASE_URL=postgresql+psycopg://...)")
    return database_url


def _environment(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "one key on every host",
            "PLANNER_INSTANCE": str(tmp_path), "SCHEDULER_ENABLED": "0", **extra}


def _wait_for(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except OSError:
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, f"{base} did not answer"
            time.sleep(0.2)


def _get(base: str, path: str, cookie: str) -> tuple[int, str, str]:
    """Status, page, and the session cookie (renewed when the page put a CSRF
    token in the session)."""
    import http.client

    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read().decode()
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("session="):
            cookie = header.split(";", 1)[0]
    connection.close()
    return response.status, body, cookie


def _post(base: str, path: str, cookie: str, fields: dict[str, str]) -> int:
    import http.client

    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("POST", path, body=urllib.parse.urlencode(fields), headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    status = connection.getresponse().status
    connection.close()
    return status


def _overdue_work(app, world) -> None:  # noqa: ANN001
    """Forty days of a daily check left undone: overdue notices to its owner
    and escalations to the managers, due now; planned once, here."""
    with app.app_context():
        today = org_today()
        for days in range(1, OVERDUE_DAYS + 1):
            day = today - timedelta(days=days)
            db.session.add(Occurrence(task_id=world.payroll_task, nominal_date=day,
                                      due_date=day, status="open"))
        db.session.commit()
        notifications.plan()
        db.session.commit()
        due = db.session.scalar(select(func.count(Notification.id)).where(
            Notification.channel == "email", Notification.status == "pending",
            Notification.send_after <= func.now()))
    assert due >= OVERDUE_DAYS


def _stop(processes: list[subprocess.Popen]) -> list[str]:
    errors = []
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            _, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        errors.append(err or "")
    return errors


@pytest.mark.real_clock  # subprocesses read the real clock
def test_two_web_instances_and_two_schedulers_on_one_postgresql(
        app, world, smtp_server, postgresql, tmp_path):
    _overdue_work(app, world)
    smtp_server.delay = 0.01  # slow enough that both schedulers get a share
    port = smtp_server.controller.port
    ports = [free_port(), free_port()]
    web = [subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{p}", "--log-level", "warning",
         "planner:create_app()"], env=_environment(postgresql, tmp_path),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for p in ports]
    schedulers = [subprocess.Popen(
        [str(BIN / "planner"), "scheduler"], env=_environment(
            postgresql, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=str(port),
            DISPATCH_BATCH="10"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        first, second = (f"http://127.0.0.1:{p}" for p in ports)
        for base, process in zip((first, second), web, strict=True):
            _wait_for(base, process)

        # A session signed in on one host is good on the other (one SECRET_KEY).
        cookie = sign_in(first, "staff@example.com", PASSWORD)
        for base in (first, second):
            status, page, _ = _get(base, "/my-work", cookie)
            assert status == 200 and "源泉所得税の納付" in page

        # Every reminder that was due goes out once, whichever scheduler sent it.
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            with app.app_context():
                left = db.session.scalar(select(func.count(Notification.id)).where(
                    Notification.status.in_(("pending", "sending")),
                    Notification.send_after <= func.now()))
            if left == 0:
                break
            time.sleep(0.5)
        assert left == 0, f"{left} notifications still due"
        with app.app_context():
            sent = set(db.session.scalars(select(Notification.message_id).where(
                Notification.channel == "email", Notification.status == "sent")))
            sent_rows = db.session.scalar(select(func.count(Notification.id)).where(
                Notification.status == "sent"))  # e-mails and inbox entries
        delivered = smtp_server.message_ids()
        assert len(delivered) == len(set(delivered)), "a message was delivered twice"
        assert set(delivered) == sent and len(sent) >= OVERDUE_DAYS

        # The inbox entries the schedulers sent show on the other host; work
        # ticked off on one host is done for both.
        status, inbox, _ = _get(second, "/inbox", cookie)
        assert status == 200 and "源泉所得税の納付" in inbox
        with app.app_context():
            occurrence = db.session.scalar(select(Occurrence.id).where(
                Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
                .order_by(Occurrence.due_date))
        _, page, cookie = _get(second, "/my-work", cookie)
        token = html.unescape(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                        page).group(1))
        assert _post(second, f"/occurrences/{occurrence}/complete", cookie,
                     {"csrf_token": token, "note": ""}) == 302
        with app.app_context():
            assert db.session.get(Occurrence, occurrence).status == "done"
    finally:
        scheduler_logs = _stop(schedulers)
        _stop(web)
    shares = [sum(int(n) for n in re.findall(r"dispatched: DispatchResult\(claimed=\d+, sent=(\d+)",
                                             log)) for log in scheduler_logs]
    assert sum(shares) == sent_rows, (shares, sent_rows)
    assert all(share > 0 for share in shares), f"one scheduler did all the work: {shares}"
