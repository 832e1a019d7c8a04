"""The periodic jobs and the scheduler that triggers them.

APScheduler only triggers: every job is idempotent and keeps its state in our
tables, so any number of processes may run a scheduler at once (DESIGN.md,
"Reminders: how they stay reliable")."""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from planner.core.extensions import db
from planner.core.maintenance import refresh_statistics
from planner.core.transaction import job_transaction
from planner.costing.suggestions import recompute
from planner.notifications.operations import dispatch_until_empty, plan
from planner.work.operations import materialise

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    minutes: int


def _materialise() -> None:
    result = materialise()
    log.info("materialised: %s", result)


def _plan() -> None:
    log.info("planned: %s", plan())


def _dispatch() -> None:
    result = dispatch_until_empty()
    if result.claimed:
        log.info("dispatched: %s", result)


def _suggestions() -> None:
    log.info("suggestions changed: %s", recompute())


def _statistics() -> None:
    """SQLite's query planner needs the statistics ANALYZE leaves in the file
    (core/maintenance.py); PostgreSQL's autovacuum keeps its own."""
    if db.engine.dialect.name == "sqlite":
        refresh_statistics()


JOBS: list[Job] = [
    # Hourly: a day's change of date, a new closure or a missed run is caught up
    # within the hour; the job does nothing when everything is in place.
    Job("materialise", _materialise, minutes=60),
    Job("plan_notifications", _plan, minutes=5),
    Job("dispatch_notifications", _dispatch, minutes=1),
    # Proposals follow their inputs when those are saved; hourly, they also
    # follow the calendar (the occurrences of the next 12 months).
    Job("suggestions", _suggestions, minutes=60),
    Job("statistics", _statistics, minutes=60),
]


def run_job(app: Flask, job: Job) -> None:
    """One run at its own boundary (core.transaction.job_transaction)."""
    job_transaction(app, job.name, job.run)


def build_scheduler(app: Flask, blocking: bool = False) -> BaseScheduler:
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(
        timezone=app.config["PLANNER_TIMEZONE"],
        # A run missed by a sleeping laptop or a restart still happens once
        # (coalesce) if it is less than an hour late; the 1 s default would
        # silently drop it.
        job_defaults={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1},
    )
    for job in JOBS:
        scheduler.add_job(run_job, "interval", args=(app, job), minutes=job.minutes,
                          id=job.name, name=job.name, next_run_time=_now(app))
    return scheduler


def _now(app: Flask):  # noqa: ANN202

    return datetime.now(ZoneInfo(app.config["PLANNER_TIMEZONE"]))


def start_in_process(app: Flask, dispatch_first: bool = False) -> BaseScheduler | None:
    """The scheduler inside `planner run`; never twice under the reloader.

    `dispatch_first` sends what is due before the jobs start (the development
    mailbox, which answers at once): the first planning run, started beside
    the first dispatch, would otherwise cancel the demo's reminders of the
    days before it was loaded while the dispatcher is still on its way to
    them."""
    if not app.config.get("SCHEDULER_ENABLED", True):
        return None
    if app.debug and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return None  # the reloader's parent process only watches files
    if dispatch_first:
        run_job(app, next(job for job in JOBS if job.name == "dispatch_notifications"))
    scheduler = build_scheduler(app)
    scheduler.start()
    return scheduler


def init_app(app: Flask) -> None:
    app.extensions["planner_jobs"] = JOBS
