"""PostgreSQL stopped and started under a running app, dispatcher and scheduler
(issue 9, "Faults"): while it is down, pages answer a friendly 503 and the API
its JSON error; the dispatcher and the scheduler wait instead of dying; once
it is back, pages answer again and every notification ends sent exactly once.

The restart test runs its own throwaway cluster (stopping the shared one would
disturb everybody else), so it needs PostgreSQL's binaries and runs only in
the PostgreSQL pass (TEST_DATABASE_URL=postgresql…), as `.ci/run` does. The
smaller tests before it run on both databases."""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest
from conftest import PASSWORD, AuthActions, RecordingHandler, World, free_port
from sqlalchemy import create_engine, exc, func, insert, select, text

from config import TestConfig
from planner import create_app, jobs
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people import tokens
from planner.people.models.user import User
from planner.tasks.models import TaskOwner
from planner.work.models import Occurrence

PLANNER = str(Path(sys.executable).parent / "planner")
OVERDUE = 40  # missed deadlines: about 120 e-mails, each with an inbox twin

on_postgresql = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="a PostgreSQL restart: runs in the PostgreSQL pass (TEST_DATABASE_URL=postgresql…)")


def _refused(statement: str = "SELECT 1") -> exc.OperationalError:
    """What SQLAlchemy raises when PostgreSQL cannot be reached."""
    return exc.OperationalError(statement, {}, psycopg.OperationalError(
        "connection failed: connection to server at \"127.0.0.1\" failed: Connection refused"))


def test_unreachable_is_told_apart_from_a_wrong_statement(tmp_path):
    from planner.core.db import database_unavailable

    assert database_unavailable(_refused())
    assert database_unavailable(exc.TimeoutError("QueuePool limit reached"))
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", connect_args={"timeout": 0})
    with engine.connect() as connection:
        with pytest.raises(exc.OperationalError) as wrong:
            connection.execute(text("SELECT * FROM nowhere"))
        assert not database_unavailable(wrong.value)  # a bug: 500, not 503
        connection.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))
        connection.commit()
        with pytest.raises(exc.IntegrityError) as duplicate:
            connection.execute(text("INSERT INTO t VALUES (1), (1)"))
        assert not database_unavailable(duplicate.value)
        connection.rollback()
        with engine.connect() as writer:
            writer.execute(text("BEGIN IMMEDIATE"))
            with pytest.raises(exc.OperationalError) as locked:
                connection.execute(text("INSERT INTO t VALUES (2)"))
            assert database_unavailable(locked.value)  # busy: it passes
            writer.rollback()
    engine.dispose()


def test_pages_answer_503_while_the_database_cannot_be_reached():
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/planner"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=nowhere)
    client = app.test_client()
    page = client.get("/login", headers={"Accept-Language": "en"})
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Temporarily unavailable" in page.get_data(as_text=True)
    reply = client.get("/api/v1/tasks", headers={"Authorization": "Bearer x"})
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "30"
    assert reply.get_json()["error"]["code"] == "unavailable"
    with app.app_context():
        db.engine.dispose()


def test_a_job_meets_an_outage_with_a_warning(app, caplog):
    def down() -> None:
        raise _refused()

    jobs.run_job(app, jobs.Job("down", down, 1))  # does not raise
    assert "job down: database unavailable" in caplog.text
    assert "Traceback" not in caplog.text


@pytest.mark.real_clock  # subprocesses read the real clock
def test_the_dispatcher_waits_out_an_outage_and_sends_each_message_once(
        app, world, smtp_server, monkeypatch):
    """The database goes away while claiming and twice while outcomes are
    recorded: the dispatcher waits, records, and nothing is sent twice."""
    _due(app, world, 12)
    real_claim, real_commit = notifications.claim, db.session.commit
    failures = {"claim": 1, "commit": {3, 7}}
    calls = {"commit": 0}

    def claim(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if failures["claim"]:
            failures["claim"] -= 1
            raise _refused("UPDATE notifications")
        return real_claim(*args, **kwargs)

    def commit() -> None:
        calls["commit"] += 1
        if calls["commit"] in failures["commit"]:
            raise _refused("COMMIT")
        real_commit()

    monkeypatch.setattr(notifications, "claim", claim)
    with app.app_context():
        monkeypatch.setattr(db.session, "commit", commit)
        result = notifications.dispatch_until_empty(batch=5)
        monkeypatch.undo()
        statuses = dict(db.session.execute(select(Notification.status, func.count())
                                           .group_by(Notification.status)).all())
    assert failures["claim"] == 0 and calls["commit"] > max(failures["commit"])
    assert result.sent == 12 and statuses == {"sent": 12}
    ids = smtp_server.message_ids()
    assert len(ids) == len(set(ids)) == 6  # the e-mails, each once


def _due(app, world, count: int) -> None:  # noqa: ANN001
    with app.app_context():
        occurrence_id = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))
        past = datetime.now(timezone.utc) - timedelta(minutes=5)
        db.session.execute(insert(Notification), [
            {"dedupe_key": f"outage:{n}", "kind": "reminder",
             "channel": ("email", "inbox")[n % 2], "status": "pending", "send_after": past,
             "occurrence_id": occurrence_id, "recipient_id": world.staff, "lead_days": 0,
             "attempts": 0, "last_error": "", "subject": "", "body": "", "created_at": past}
            for n in range(count)])
        db.session.commit()


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory, on its own port."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            pytest.skip("PostgreSQL's server binaries are not installed (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            if shutil.which("runuser") is None:
                pytest.skip("running as root without runuser to start PostgreSQL as postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.dir = tempfile.mkdtemp(prefix="planner-pg-")
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/planner"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=60)

    def create(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", f"{self.dir}/data", "-A", "trust",
                  "-U", "postgres", "--no-sync")
        self.start()
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", "planner")

    def start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-l", f"{self.dir}/log",
                  "-w", "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                  "-c fsync=off", "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data",
                        "-m", "immediate", "stop"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    made = Cluster()
    try:
        made.create()
        yield made
    finally:
        made.destroy()


@pytest.fixture
def smtp() -> Iterator[RecordingHandler]:
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    handler.controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    handler.controller.start()
    try:
        yield handler
    finally:
        handler.controller.stop()


def _process(args: list[str], cluster: Cluster, smtp_port: int, tmp_path: Path, name: str
             ) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"{name}.log"
    env = {**os.environ, "DATABASE_URL": cluster.url, "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(smtp_port), "SMTP_TIMEOUT": "5", "SECRET_KEY": "test",
           "PLANNER_INSTANCE": str(tmp_path), "RETRY_BASE_SECONDS": "0"}
    with open(log, "w") as out:
        process = subprocess.Popen([PLANNER, *args], env=env, stdout=out,
                                   stderr=subprocess.STDOUT, text=True)
    return process, log


def _overdue_work(world: World) -> None:
    """Forty missed deadlines of the payroll task, owned by two people: the
    planner makes their overdue notices and escalations, due now, so any run
    of the planning job (the scheduler's) keeps them instead of cancelling."""
    db.session.add(TaskOwner(task_id=world.payroll_task, user_id=world.manager, role="backup",
                             level=3))
    today = org_today()
    db.session.execute(insert(Occurrence), [
        {"task_id": world.payroll_task, "nominal_date": today - timedelta(days=n),
         "due_date": today - timedelta(days=n), "status": "open", "note": ""}
        for n in range(1, OVERDUE + 1)])
    notifications.plan()
    db.session.commit()


def _statuses(app) -> dict[str, int]:  # noqa: ANN001
    with app.app_context():
        return dict(db.session.execute(select(Notification.status, func.count())
                                       .group_by(Notification.status)).all())


def _unfinished(app) -> int:  # noqa: ANN001
    """Notifications due and not yet sent (or being sent)."""
    with app.app_context():
        count = db.session.scalar(select(func.count(Notification.id)).where(
            Notification.status.in_(("sending", "failed"))
            | ((Notification.status == "pending")
               & (Notification.send_after <= datetime.now(timezone.utc)))))
        db.session.remove()
        return count


def _wait_for(condition, seconds: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.real_clock  # subprocesses read the real clock
@on_postgresql
def test_a_database_restart_is_a_503_and_loses_nothing(cluster, smtp, tmp_path, caplog):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=cluster.url,
                     SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.controller.port)
    with app.app_context():
        db.create_all()
        world = World()
        _overdue_work(world)
        db.session.remove()
    with app.test_request_context():
        _, api_token = tokens.create_token(db.session.get(User, world.staff), "restart")
        db.session.commit()
        db.session.remove()
    api = {"Authorization": f"Bearer {api_token}"}

    browser = app.test_client()
    assert AuthActions(browser).login("staff@example.com", PASSWORD).status_code == 302
    assert browser.get("/my-work").status_code == 200

    # A dispatcher at work: a slow SMTP server keeps it busy through the outage.
    smtp.delay = 0.04
    port = smtp.controller.port
    dispatcher, dispatcher_log = _process(["dispatch"], cluster, port, tmp_path, "dispatch")
    scheduler = None
    try:
        _wait_for(lambda: len(smtp.message_ids()) >= 20, 60, "the first e-mails")

        cluster.stop()
        down_at = time.monotonic()

        page = browser.get("/my-work", headers={"Accept-Language": "ja"})
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "30"
        text = page.get_data(as_text=True)
        assert "一時的に利用できません" in text and "503" in text
        anonymous = app.test_client().get("/login", headers={"Accept-Language": "en"})
        assert anonymous.status_code == 503
        assert "Temporarily unavailable" in anonymous.get_data(as_text=True)

        reply = app.test_client().get("/api/v1/tasks", headers=api)
        assert reply.status_code == 503 and reply.headers["Retry-After"] == "30"
        assert reply.is_json and reply.get_json()["error"]["code"] == "unavailable"

        # The scheduler's jobs fail softly (a warning, no traceback) while it is
        # down; a scheduler process started now waits for it.
        plan = next(job for job in jobs.JOBS if job.name == "plan_notifications")
        jobs.run_job(app, plan)
        assert "database unavailable" in caplog.text
        scheduler, scheduler_log = _process(["scheduler"], cluster, port, tmp_path, "scheduler")
        _wait_for(lambda: "database unavailable" in scheduler_log.read_text(), 30,
                  "the scheduler to meet the outage")
        time.sleep(max(0.0, 3 - (time.monotonic() - down_at)))
        assert dispatcher.poll() is None, dispatcher_log.read_text()  # waiting, not dead

        cluster.start()

        assert browser.get("/my-work").status_code == 200
        assert app.test_client().get("/api/v1/tasks", headers=api).status_code == 200
        jobs.run_job(app, plan)  # and the next run works

        smtp.delay = 0
        assert dispatcher.wait(timeout=60) == 0, dispatcher_log.read_text()
        _wait_for(lambda: _unfinished(app) == 0, 30, "every due notification sent")
        assert scheduler.poll() is None, scheduler_log.read_text()  # survived the outage
    finally:
        for process in (dispatcher, scheduler):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=10)
        with app.app_context():
            db.engine.dispose()

    assert "Traceback" not in dispatcher_log.read_text()
    assert "Traceback" not in scheduler_log.read_text()
    assert "database unavailable" in dispatcher_log.read_text()
    ids = smtp.message_ids()
    with app.app_context():
        statuses = _statuses(app)
        expected = set(db.session.scalars(select(Notification.message_id).where(
            Notification.channel == "email", Notification.status == "sent")))
        db.session.remove()
        db.engine.dispose()
    assert statuses.get("sent", 0) >= 4 * OVERDUE, statuses
    assert len(expected) >= 2 * OVERDUE
    assert set(ids) == expected  # nothing lost
    assert len(ids) == len(set(ids))  # and nothing sent twice
