"""The scheduler process and `planner run`, as an operator starts them."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port
from sqlalchemy import func, select, text

from planner import jobs
from planner.core.extensions import db
from planner.work.models import Occurrence


def test_jobs_are_registered_with_explicit_misfire_and_coalesce(app):
    scheduler = jobs.build_scheduler(app)
    names = {job.name for job in jobs.JOBS}
    assert names == {"materialise", "plan_notifications", "dispatch_notifications",
                     "suggestions", "statistics"}
    defaults = scheduler._job_defaults
    assert defaults["coalesce"] is True and defaults["misfire_grace_time"] == 3600
    assert defaults["max_instances"] == 1


def test_a_job_run_commits_its_work(app, world):
    with app.app_context():
        db.session.execute(Occurrence.__table__.delete())
        db.session.commit()
    materialise = next(job for job in jobs.JOBS if job.name == "materialise")
    jobs.run_job(app, materialise)
    with app.app_context():
        assert db.session.scalar(select(func.count(Occurrence.id))) >= 24


def test_the_statistics_job_leaves_sqlite_its_planner_statistics(app, world):
    statistics = next(job for job in jobs.JOBS if job.name == "statistics")
    jobs.run_job(app, statistics)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.scalar(text(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'occurrences'")) > 0


def test_a_failing_job_rolls_back_and_does_not_raise(app, world):
    def broken() -> None:
        db.session.execute(Occurrence.__table__.delete())
        raise RuntimeError("boom")

    jobs.run_job(app, jobs.Job("broken", broken, 1))
    with app.app_context():
        assert db.session.scalar(select(func.count(Occurrence.id))) > 0


@pytest.mark.real_clock  # subprocesses read the real clock
def test_planner_run_serves_the_japanese_login_page(tmp_path):
    port = free_port()
    env = {**os.environ, "PLANNER_INSTANCE": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}", "PORT": str(port)}
    planner = str(Path(sys.executable).parent / "planner")
    subprocess.run([planner, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([planner, "run", "--no-scheduler"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert '<html lang="ja">' in page and "ログイン" in page
    finally:
        server.terminate()
        server.wait(10)
