"""`make bench`: each figure next to a floor measured in the same run.

    python -m benchmarks.run [--quick] [--database-url URL] [--only NAME ...]

One database per invocation: SQLite by default (a file under instance/benchmarks/),
PostgreSQL with --database-url postgresql+psycopg://user@host:port/db. The
generated company (benchmarks/data.py) is built once per database and reused
by later runs while its size, seed, schema and date are the same; the
benchmarks that start from nothing (materialise, dispatch, import) use a
scratch database beside it (a second SQLite file, or <db>_scratch on the same
PostgreSQL server, created if missing).

Benchmarks: pages and api (gunicorn on a loopback port, 8 concurrent clients,
against a floor page of the same app: signed in, the layout, one trivial
query; and a bare route for reference, see benchmarks/wsgi.py), scheduler (peak memory of one run of
every job over the company), materialise, dispatch, import. Results go to
benchmarks/results/<name>-<database>.json and a Markdown table is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
BIN = Path(sys.executable).parent
NAMES = ("pages", "api", "scheduler", "materialise", "dispatch", "import")

# Targets at the default size (issue 8).
PAGE_P95_MS = 150
PAGE_FLOOR_RATIO = 5
MATERIALISE_RATIO = 2
DISPATCH_SHARE = 0.5
IMPORT_SECONDS, IMPORT_MB = 60, 500
# Downloads of a whole period (MBs): their time is the file's size, not a list's.
FILES = {"audit export, a month (CSV)"}
SLOW_MS = 10 * PAGE_P95_MS  # measured once, not `repeat` times


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time of `repeat` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _app(database_url: str):  # noqa: ANN202
    from config import TestConfig
    from planner import create_app

    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)


def _fresh_schema() -> None:
    from sqlalchemy import text

    from planner.core.extensions import db

    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.create_all()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dialect(url: str) -> str:
    return url.split(":", 1)[0].split("+", 1)[0]


def scratch_url(url: str) -> str:
    """A second database beside the company's, for benchmarks that start from
    nothing: another SQLite file, or <name>_scratch on the same server."""
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        return f"sqlite:///{path.with_name('scratch-' + path.name)}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"{parsed.database}_scratch"
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": name}) is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


# --- The company ---------------------------------------------------------------------


def prepare_company(database_url: str, size, rebuild: bool = False):  # noqa: ANN001, ANN201
    """The generated company in this database: reused when it matches, else built."""
    from benchmarks import data
    from planner.core.clock import org_today
    from planner.core.extensions import db

    app = _app(database_url)
    with app.app_context():
        today = org_today()
        company = None if rebuild else data.existing_company(size, today)
        if company is None:
            log(f"generating the company ({size.people:,} people, {size.tasks:,} tasks) ...")
            _fresh_schema()
            company = data.build_company(size, today, progress=log)
            log(f"  done in {company.seconds} s: {company.counts}")
            company.counts["reused"] = 0
        else:
            log(f"reusing the company generated in {company.seconds} s: {company.counts}")
            company.counts["reused"] = 1
        emails = data.bench_emails(company)
        db.session.remove()
        db.engine.dispose()
    return company, emails


# --- Pages and API under gunicorn ----------------------------------------------------


@contextmanager
def gunicorn(database_url: str, workers: int, **env: str) -> Iterator[str]:
    """The app (benchmarks.wsgi) under gunicorn on a loopback port."""
    port = _free_port()
    instance = tempfile.mkdtemp()
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark",
                   "SCHEDULER_ENABLED": "0", "PLANNER_INSTANCE": instance,
                   "PYTHONPATH": str(ROOT), **env}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "300", "--log-level", "warning", "benchmarks.wsgi:app"],
        cwd=ROOT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_floor/bare", timeout=5) as reply:  # noqa: S310
                    if reply.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def page_list(company, task_id: int, occurrence_id: int | None = None  # noqa: ANN001
              ) -> list[tuple[str, str, str]]:
    """(name, path, who): the key pages, each as the person who uses it;
    `task_id`: a task the staff member owns, `occurrence_id` an open one of it."""
    d = company.department
    occurrence = [("occurrence with checklist and evidence", f"/occurrences/{occurrence_id}/done",
                   "staff")] if occurrence_id else []
    return [*occurrence,
        ("task's checklist steps", f"/tasks/{task_id}/steps", "staff"),
        ("my work", "/my-work", "staff"),
        ("overview", "/overview", "manager"),
        ("inbox", "/inbox", "staff"),
        ("registry, filtered", f"/tasks/?department_id={d}&category=accounting&sort=-criticality",
         "manager"),
        ("department matrix", f"/departments/{d}/matrix", "manager"),
        ("risk dashboard", "/risk", "manager"),
        ("workload heatmap", f"/workload?department_id={d}", "manager"),
        ("portfolio", "/portfolio", "manager"),
        ("statutory deadlines", "/tasks/catalogue", "staff"),
        ("company profile", "/admin/company/", "admin"),
        ("price book", "/admin/price-book/", "admin"),
        ("automation assessment", f"/tasks/{task_id}/assessment", "staff"),
        ("employee roster, searched", "/employees/?q=%E8%A3%BD%E9%80%A0", "staff"),
        ("events and procedures", "/events/", "staff"),
        ("event types", "/events/types/", "staff"),
        ("event type's steps", "/events/types/leave", "admin"),
        ("period close (締め)", f"/periods?department_id={d}", "manager"),
        ("audit log", "/admin/audit", "admin"),
        ("audit log, with recalculations", "/admin/audit?automatic=y&preferences=y", "admin"),
        ("identity and provisioning", "/admin/identity", "admin"),
    ]


def api_list(company, occurrence_id: int | None = None  # noqa: ANN001
             ) -> list[tuple[str, str, str]]:
    """Every GET collection route of the API, as the person who would call it."""
    d = company.department
    today = date.fromisoformat(company.today)
    month = (today + timedelta(days=30)).isoformat()
    occurrence = [
        ("occurrence's checklist", f"/api/v1/occurrences/{occurrence_id}/checklist", "staff"),
        ("occurrence's evidence", f"/api/v1/occurrences/{occurrence_id}/evidence", "staff"),
    ] if occurrence_id else []
    return [*occurrence,
        ("tasks?q=", "/api/v1/tasks?q=%E6%B1%BA%E7%AE%97&per_page=50", "manager"),
        ("tasks?department_id=", f"/api/v1/tasks?department_id={d}&per_page=100", "manager"),
        ("occurrences", f"/api/v1/occurrences?department_id={d}&due_from={today}"
                        f"&due_to={month}&per_page=100", "manager"),
        ("coverage", f"/api/v1/coverage?department_id={d}&per_page=100", "manager"),
        ("suggestions", "/api/v1/suggestions?per_page=100", "manager"),
        ("absences", "/api/v1/absences?per_page=100", "manager"),
        ("workload", f"/api/v1/workload?department_id={d}", "manager"),
        ("overdue", "/api/v1/overdue?per_page=100", "manager"),
        ("risk", f"/api/v1/risk?department_id={d}", "manager"),
        ("my-work", "/api/v1/my-work", "staff"),
        ("notifications", "/api/v1/notifications?per_page=100", "staff"),
        ("departments", "/api/v1/departments", "admin"),
        ("calendar/closures", "/api/v1/calendar/closures?per_page=100", "staff"),
        ("people", f"/api/v1/people?department_id={d}&per_page=100", "admin"),
        ("employees", "/api/v1/employees?current=1&per_page=100", "staff"),
        ("catalogue", "/api/v1/catalogue", "staff"),
        ("company", "/api/v1/company", "staff"),
        ("price-book", "/api/v1/price-book", "staff"),
        ("automation-rates", "/api/v1/automation-rates", "staff"),
        ("events", "/api/v1/events?per_page=100", "staff"),
        ("event-types", "/api/v1/event-types", "staff"),
        ("periods", f"/api/v1/periods?department_id={d}&per_page=100", "manager"),
        ("audit", "/api/v1/audit?per_page=100", "admin"),
        # A month, as an auditor reads the log; the whole history is a long download.
        ("audit export, a month (CSV)", f"/api/v1/audit/export?format=csv&from="
                                        f"{today.replace(day=1)}&to={today}", "admin"),
        ("SCIM Users", "/scim/v2/Users?count=100", "scim"),
        ("SCIM Users, filtered", "/scim/v2/Users?filter=userName%20eq%20%22nobody%40example.com%22",
         "scim"),
        ("SCIM Groups", "/scim/v2/Groups", "scim"),
        # How Entra ID looks a group up before it provisions it.
        ("SCIM Groups, a lookup", "/scim/v2/Groups?excludedAttributes=members"
                                  "&filter=displayName%20eq%20%22nobody%22", "scim"),
    ]


def _owned_task(database_url: str, company) -> int:  # noqa: ANN001
    from sqlalchemy import select

    from planner.core.extensions import db
    from planner.tasks.models import TaskOwner

    app = _app(database_url)
    with app.app_context():
        task_id = db.session.scalar(select(TaskOwner.task_id).where(
            TaskOwner.user_id == company.staff).order_by(TaskOwner.task_id))
        db.engine.dispose()
    return task_id


def _open_occurrence(database_url: str, task_id: int) -> int | None:
    """The task's next open occurrence (its page shows the checklist)."""
    from sqlalchemy import select

    from planner.core.extensions import db
    from planner.work.models import Occurrence

    app = _app(database_url)
    with app.app_context():
        found = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))
        db.engine.dispose()
    return found


def _tokens(database_url: str, company) -> dict[str, str]:  # noqa: ANN001
    from planner.core.extensions import db
    from planner.identity import tokens as scim_tokens
    from planner.people import tokens
    from planner.people.models.user import User

    app = _app(database_url)
    found = {}
    with app.app_context():
        for role in ("admin", "manager", "staff"):
            person = db.session.get(User, getattr(company, role))
            _, found[role] = tokens.create_token(person, "benchmark")
        # The directory's token: SCIM's lists are API lists too.
        _, found["scim"] = scim_tokens.create(f"benchmark-{secrets.token_hex(4)}")
        db.session.commit()
        db.engine.dispose()
    return found


def _measure(base: str, targets: list[tuple[str, str, dict]],
             floors: list[tuple[str, str, dict]], repeat: int, clients: int, seconds: float,
             min_requests: int, max_seconds: float) -> dict:
    """Each target and the floors `repeat` times, round-robin (so a disturbance
    of the machine spreads over all of them); medians of the runs. The first
    floor is the one the targets are held to ("floor"); each figure also has
    its ratio to the others ("ratio_p50_<name>")."""
    from benchmarks import load

    measured = [*floors, *targets]
    runs: dict[str, list] = {name: [] for name, _, _ in measured}
    for round_ in range(repeat):
        for name, path, headers in measured:
            if round_ and runs[name][0].p50_ms > SLOW_MS:
                continue  # seconds a request: once is enough to know it misses the target
            result = load.run(base, path, headers, clients=clients, seconds=seconds,
                              min_requests=min_requests, max_seconds=max_seconds,
                              warmup=1 if seconds < 2 else 2)
            runs[name].append(result)
            log(f"  {name:<24} p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms  "
                f"{result.per_second:6.1f}/s  ({result.requests} requests, "
                f"{result.kilobytes:.0f} kB)")
    summary = {}
    for name, results in runs.items():
        summary[name] = {
            "path": results[0].path,
            "p50_ms": round(statistics.median(r.p50_ms for r in results), 1),
            "p95_ms": round(statistics.median(r.p95_ms for r in results), 1),
            "per_second": round(statistics.median(r.per_second for r in results), 1),
            "requests": sum(r.requests for r in results),
            "errors": sum(r.errors for r in results),
            "kilobytes": round(results[-1].kilobytes),
            "runs": [r.as_dict() for r in results],
        }
    reference, *others = [name for name, _, _ in floors]
    for figures in summary.values():
        figures["ratio_p50"] = round(figures["p50_ms"] / summary[reference]["p50_ms"], 1)
        for other in others:
            figures[f"ratio_p50_{other.replace(' ', '_')}"] = round(
                figures["p50_ms"] / summary[other]["p50_ms"], 1)
    return summary


def bench_http(database_url: str, company, emails: dict[str, str], workers: int,  # noqa: ANN001
               clients: int, seconds: float, repeat: int, which: set[str]) -> list[dict]:
    from benchmarks import load
    from benchmarks.data import BENCH_PASSWORD

    results = []
    tokens = _tokens(database_url, company) if "api" in which else {}
    # At least a few rounds of every client; a page that takes seconds stops
    # after max_seconds with fewer samples (it is far from any target anyway).
    budget = {"min_requests": 2 * clients, "max_seconds": 4 * seconds}
    task_id = _owned_task(database_url, company)
    occurrence_id = _open_occurrence(database_url, task_id)
    with gunicorn(database_url, workers) as base:
        common = {"workers": workers, "clients": clients, "seconds_each": seconds,
                  "repeat": repeat, "size": _size_label(company)}
        if "pages" in which:
            cookies = {role: load.sign_in(base, email, BENCH_PASSWORD)
                       for role, email in emails.items()}
            log(f"pages ({workers} gunicorn workers, {clients} clients):")
            targets = [(name, path, {"Cookie": cookies[who]})
                       for name, path, who in page_list(company, task_id, occurrence_id)]
            signed_in = {"Cookie": cookies["staff"]}
            pages = _measure(base, targets, [("floor", "/_floor", signed_in),
                                             ("bare floor", "/_floor/bare", {})],
                             repeat, clients, seconds, **budget)
            results.append({"benchmark": "pages", **common, "pages": pages,
                            "floor": "GET /_floor: a minimal page of the app, signed in, "
                                     "its layout, one SELECT 1",
                            "bare_floor": "GET /_floor/bare: nobody signed in, no template, "
                                          "one SELECT 1"})
        if "api" in which:
            log(f"API ({workers} gunicorn workers, {clients} clients):")
            targets = [(name, path, {"Authorization": f"Bearer {tokens[who]}"})
                       for name, path, who in api_list(company, occurrence_id)]
            token = {"Authorization": f"Bearer {tokens['staff']}"}
            endpoints = _measure(base, targets, [("floor", "/api/v1/_floor", token),
                                                 ("bare floor", "/_floor/bare.json", {})],
                                 repeat, clients, seconds, **budget)
            results.append({"benchmark": "api", **common, "endpoints": endpoints,
                            "floor": "GET /api/v1/_floor: the token checked, one SELECT 1",
                            "bare_floor": "GET /_floor/bare.json: no token, one SELECT 1"})
    return results


def _size_label(company) -> str:  # noqa: ANN001
    c = company.counts
    return (f"{c['people']:,} people, {c['tasks']:,} tasks, {c['occurrences']:,} occurrences, "
            f"{c['notifications']:,} notifications")


# --- The scheduler's memory ------------------------------------------------------


@contextmanager
def smtp_sink() -> Iterator[int]:
    """A real SMTP server that drops everything, in its own process."""
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.smtp_sink"], cwd=ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline())
        yield port
    finally:
        process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def bench_scheduler(database_url: str, company) -> dict:  # noqa: ANN001
    """`planner scheduler`'s jobs, each run once over the company, in one
    process: seconds per job and the process's peak RSS."""
    with smtp_sink() as port:
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark",
               "SCHEDULER_ENABLED": "0", "PLANNER_INSTANCE": tempfile.mkdtemp(),
               "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "PYTHONPATH": str(ROOT)}
        log("scheduler: every job once over the company ...")
        done = subprocess.run([sys.executable, "-m", "benchmarks.scheduler_once"], cwd=ROOT,
                              env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"scheduler_once failed: {done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures.get("errors"):
        raise RuntimeError(f"a job failed: {figures['errors']}")
    log(f"  {figures}")
    return {"benchmark": "scheduler", "size": _size_label(company), **figures,
            "floor": "the same process before any job (application loaded, one query)"}


# --- Materialise -------------------------------------------------------------------


def bench_materialise(database_url: str, tasks: int, repeat: int) -> dict:
    """Materialise 13 months for N tasks from nothing, against the floor: the
    pure date computation of the same occurrences plus a bare executemany of
    the same rows through the driver."""
    from sqlalchemy import text

    from benchmarks.data import create_tasks, schedules
    from planner.calendar.operations import load_calendar
    from planner.calendar.recurrence import occurrences
    from planner.core.extensions import db
    from planner.work.models import Occurrence
    from planner.work.operations import LOOKBACK_DAYS, materialise

    today = date(2026, 11, 25)
    app = _app(database_url)
    with app.app_context():
        _fresh_schema()
        create_tasks(tasks)
        db.session.commit()
        task_ids = list(db.session.scalars(text("SELECT id FROM tasks ORDER BY id")))
        calendar = load_calendar()
        dialect = db.engine.dialect.name

        def empty() -> None:
            db.session.execute(Occurrence.__table__.delete())
            db.session.commit()

        def product() -> int:
            result = materialise(today=today)
            db.session.commit()
            return result.created

        def floor() -> int:
            start = today - relativedelta(days=LOOKBACK_DAYS)
            end = today + relativedelta(months=13)
            fresh = type(calendar)(calendar.country, calendar.weekend, calendar.closed)
            rows = [(task_id, o.nominal, o.due, o.due, "open", "")
                    for task_id, s in zip(task_ids, schedules(tasks), strict=True)
                    for o in occurrences(s, fresh, start, end) if o.due >= today]
            marker = "%s" if dialect == "postgresql" else "?"
            connection = db.engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.executemany(
                    "INSERT INTO occurrences (task_id, nominal_date, due_date, work_by, status, "
                    f"note) VALUES ({', '.join([marker] * 6)})", rows)
                connection.commit()
            finally:
                connection.close()
            return len(rows)

        product_times, floor_times, created, computed = [], [], 0, 0
        for _ in range(repeat):  # alternate, so a disturbance hits both alike
            empty()
            seconds, created = timed(product, 1)
            product_times.append(seconds)
            empty()
            seconds, computed = timed(floor, 1)
            floor_times.append(seconds)
        db.drop_all()
        db.engine.dispose()
    assert created == computed, (created, computed)
    product_seconds, floor_seconds = statistics.median(product_times), statistics.median(
        floor_times)
    return {
        "benchmark": "materialise",
        "tasks": tasks,
        "occurrences": created,
        "seconds": round(product_seconds, 3),
        "occurrences_per_second": round(created / product_seconds),
        "floor": "pure date computation of the same occurrences + a bare executemany of the rows",
        "floor_seconds": round(floor_seconds, 3),
        "floor_occurrences_per_second": round(computed / floor_seconds),
        "ratio": round(product_seconds / floor_seconds, 2),
        "runs": {"product": [round(t, 3) for t in product_times],
                 "floor": [round(t, 3) for t in floor_times]},
    }


# --- Dispatch ------------------------------------------------------------------------


def _seed_notifications(count: int) -> None:
    from sqlalchemy import insert

    from planner.calendar.operations import install_default_closures
    from planner.calendar.recurrence import Schedule
    from planner.core.extensions import db
    from planner.notifications.models import Notification
    from planner.people.models.department import Department
    from planner.people.operations import PersonData, create_person
    from planner.tasks.models import Task
    from planner.work.models import Occurrence

    install_default_closures()
    department = Department(code="bench", name="ベンチ")
    db.session.add(department)
    db.session.flush()
    person = create_person(PersonData(email="bench@example.com", name="計測 太郎",
                                      department_ids=[department.id]))
    task = Task(title="源泉所得税の納付", department_id=department.id, category="tax",
                criticality="high")
    task.schedule = Schedule("rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=10")
    db.session.add(task)
    db.session.flush()
    far = date.today() + relativedelta(years=1)
    occurrence = Occurrence(task_id=task.id, nominal_date=far, due_date=far)
    db.session.add(occurrence)
    db.session.flush()
    past = datetime.now(timezone.utc) - relativedelta(minutes=5)
    db.session.execute(insert(Notification), [
        {"dedupe_key": f"bench:{n}", "kind": "reminder", "channel": "email",
         "status": "pending", "send_after": past, "occurrence_id": occurrence.id,
         "recipient_id": person.id, "lead_days": 0, "attempts": 0, "last_error": "",
         "subject": "", "body": "", "created_at": past} for n in range(count)])
    db.session.commit()


def _dispatcher_process(database_url: str, port: int, barrier, done) -> None:  # noqa: ANN001
    from config import TestConfig
    from planner import create_app
    from planner.notifications.operations import dispatch_until_empty

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SMTP_HOST="127.0.0.1",
                     SMTP_PORT=port)
    with app.app_context():
        barrier.wait()
        done.put(dispatch_until_empty().sent)


def _bare_smtp(port: int, message, count: int) -> None:  # noqa: ANN001
    import smtplib

    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for _ in range(count):
            smtp.send_message(message)


def bench_dispatch(database_url: str, count: int, repeat: int) -> dict:
    """Reminders sent through the outbox to a real SMTP server on loopback (in
    its own process), with 1 and 4 dispatcher processes, against a bare
    smtplib loop sending the same number of messages over one connection."""
    import multiprocessing

    from planner.core.extensions import db
    from planner.notifications.mailer import Email, build_message

    app = _app(database_url)
    figures: dict[str, list[float]] = {"1": [], "4": [], "floor": []}
    with smtp_sink() as port:
        for _ in range(repeat):
            for workers in (1, 4):
                with app.app_context():
                    _fresh_schema()
                    _seed_notifications(count)
                    db.engine.dispose()
                context = multiprocessing.get_context("spawn")
                barrier, done = context.Barrier(workers + 1), context.Queue()
                processes = [context.Process(target=_dispatcher_process,
                                             args=(database_url, port, barrier, done))
                             for _ in range(workers)]
                for process in processes:
                    process.start()
                barrier.wait()
                start = time.perf_counter()
                sent = sum(done.get(timeout=600) for _ in processes)
                seconds = time.perf_counter() - start
                for process in processes:
                    process.join()
                assert sent == count, (sent, count)
                figures[str(workers)].append(count / seconds)
            with app.app_context():
                # The floor sends the message the product sends (the same
                # rendered reminder), built once, as a plain script would.
                _fresh_schema()
                _seed_notifications(1)
                from planner.notifications.models import Notification
                from planner.notifications.operations import render

                subject, body = render(db.session.get(Notification, 1))
                message = build_message(Email("bench@example.com", "計測 太郎", subject, body,
                                              "<bench@planner>", "ja"))

            seconds, _ = timed(lambda message=message: _bare_smtp(port, message, count), 1)
            figures["floor"].append(count / seconds)
            log(f"  dispatch: 1 → {figures['1'][-1]:.0f}/s, 4 → {figures['4'][-1]:.0f}/s, "
                f"bare smtplib → {figures['floor'][-1]:.0f}/s")
    with app.app_context():
        db.drop_all()
        db.engine.dispose()
    one, four, floor = (statistics.median(figures[k]) for k in ("1", "4", "floor"))
    return {
        "benchmark": "dispatch",
        "notifications": count,
        "one_dispatcher_per_second": round(one),
        "four_dispatchers_per_second": round(four),
        "floor": "bare smtplib loop: send_message of the same reminder, built once, over one "
                 "connection to the same SMTP server process",
        "floor_per_second": round(floor),
        "ratio_one": round(one / floor, 2),
        "ratio_four": round(four / floor, 2),
        "runs": {k: [round(v) for v in values] for k, values in figures.items()},
    }


# --- Import and export -----------------------------------------------------------------


def _import_phase(database_url: str, path: str, phase: str, queue) -> None:  # noqa: ANN001
    """One phase in a fresh process, so its peak RSS is its own."""
    app = _app(database_url)
    with app.app_context():
        from flask_babel import force_locale

        from planner.core.extensions import db
        from planner.core.sheets import write_workbook
        from planner.people.models.user import User
        from planner.transfer import exports, imports

        admin = db.session.query(User).filter_by(role="admin").first()
        start, cpu = time.perf_counter(), time.process_time()
        with force_locale("en"):
            if phase == "floor":  # openpyxl alone, reading every cell in read-only mode
                from openpyxl import load_workbook

                book = load_workbook(path, read_only=True)
                rows = sum(1 for _ in book.worksheets[0].iter_rows(min_row=2, values_only=True))
                book.close()
                counts = {"rows": rows}
            elif phase == "export":
                write_workbook(exports.registry(admin), path + ".out.xlsx")
                counts = {}
            else:
                with open(path, "rb") as stream:
                    report = imports.run_import(admin, "tasks", stream, commit=phase == "commit",
                                                max_rows=200_000)
                if phase == "commit" and report.committed:
                    db.session.commit()
                counts = report.counts
        # This process's CPU seconds too: on a shared machine the wall clock
        # also measures the neighbours. (PostgreSQL's own work shows in the
        # wall clock only: commit_seconds - commit_cpu_seconds is mostly it.)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if phase == "commit":  # the work a commit does beyond the tasks, counted after the clock
            from sqlalchemy import func, select

            from planner.core.audit_entry import AuditEntry
            from planner.procedures.models import ProcedureVersion
            from planner.work.models import Occurrence

            counts.update({model.__tablename__: db.session.scalar(
                select(func.count()).select_from(model))
                for model in (Occurrence, AuditEntry, ProcedureVersion)})
    queue.put({"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
               "peak_mb": round(peak_rss_mb()), "counts": counts})


def bench_import(database_url: str, rows: int) -> dict:
    """Import N task rows from Excel (dry run, then commit), export the registry:
    seconds and peak memory of each, each in its own process. Floor: openpyxl
    reading the same file in read-only mode without doing anything with it."""
    import multiprocessing

    from benchmarks.data import BENCH_PASSWORD, create_departments, write_task_workbook
    from planner.core.extensions import db
    from planner.people.operations import PersonData, create_person

    app = _app(database_url)
    with app.app_context():
        _fresh_schema()
        create_departments()
        create_person(PersonData(email="import.admin@example.com", name="計測 管理者", role="admin",
                                 language="en", department_ids=[]), BENCH_PASSWORD)
        db.session.commit()
        db.engine.dispose()
    folder = tempfile.mkdtemp()
    path = f"{folder}/tasks.xlsx"
    write_task_workbook(path, rows)
    context = multiprocessing.get_context("spawn")
    phases = {}
    for phase in ("floor", "dry_run", "commit", "export"):
        queue = context.Queue()
        process = context.Process(target=_import_phase, args=(database_url, path, phase, queue))
        process.start()
        phases[phase] = queue.get()
        process.join()
        log(f"  import {phase}: {phases[phase]['seconds']} s ({phases[phase]['cpu_seconds']} s "
            f"CPU), {phases[phase]['peak_mb']} MB")
    assert phases["dry_run"]["counts"]["create"] == rows, phases["dry_run"]
    assert phases["commit"]["counts"]["create"] == rows, phases["commit"]
    assert phases["commit"]["counts"]["procedure_versions"] == rows, phases["commit"]
    assert phases["commit"]["counts"]["occurrences"] > rows, phases["commit"]  # materialised
    with app.app_context():
        db.drop_all()
        db.engine.dispose()
    return {
        "benchmark": "import",
        "rows": rows,
        "file_mb": round(Path(path).stat().st_size / 1e6, 1),
        "dry_run_seconds": phases["dry_run"]["seconds"],
        "dry_run_peak_mb": phases["dry_run"]["peak_mb"],
        "commit_seconds": phases["commit"]["seconds"],
        "dry_run_cpu_seconds": phases["dry_run"]["cpu_seconds"],
        "commit_cpu_seconds": phases["commit"]["cpu_seconds"],
        "commit_peak_mb": phases["commit"]["peak_mb"],
        "commit_wrote": {k: v for k, v in phases["commit"]["counts"].items()
                         if k not in ("create", "update", "unchanged", "reject")},
        "export_seconds": phases["export"]["seconds"],
        "export_peak_mb": phases["export"]["peak_mb"],
        "floor": "openpyxl reading the same file, read-only",
        "floor_seconds": phases["floor"]["seconds"],
        "floor_peak_mb": phases["floor"]["peak_mb"],
        "ratio": round(phases["dry_run"]["seconds"] / phases["floor"]["seconds"], 1),
    }


# --- The run -------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux
    carries that over from the parent through fork and exec, so a child of a
    large process reports the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _busy_seconds() -> float:
    """CPU time used by every process on the machine since boot (/proc/stat)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _database_seconds() -> float:
    """CPU time of the PostgreSQL server's processes on this machine (none for
    SQLite or a server elsewhere): the benchmark's own work, not a
    disturbance. Backends that exit are counted in their parent's children
    times (fields 14–17 of /proc/<pid>/stat)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        total += sum(int(v) for v in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def disturbance(result_list: list[dict]) -> Iterator[None]:
    """Note on the results made inside the block how much of the machine
    other processes used meanwhile (the development machine is shared: a
    figure taken while someone else's tests ran says so). A local
    PostgreSQL server's work is the benchmark's, reported apart."""
    start, count = time.monotonic(), len(result_list)
    busy, own, database = _busy_seconds(), _own_seconds(), _database_seconds()
    yield
    wall = time.monotonic() - start
    database = _database_seconds() - database
    foreign = max(0.0, (_busy_seconds() - busy) - (_own_seconds() - own) - database)
    capacity = wall * (os.cpu_count() or 1)
    for result in result_list[count:]:
        result["other_processes_cpu_share"] = round(foreign / capacity, 2) if wall > 0 else 0.0
        result["database_server_cpu_share"] = round(database / capacity, 2) if wall > 0 else 0.0


def main() -> int:
    from benchmarks import data

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, one repetition: a smoke check in under two minutes")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="default: a SQLite file under instance/benchmarks/")
    parser.add_argument("--only", choices=NAMES, action="append",
                        help="run this benchmark (repeatable); default: all")
    parser.add_argument("--rebuild", action="store_true",
                        help="generate the company again even if the database has it")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--repeat", type=int, help="repetitions, medians reported "
                                                   "(default 3, quick 1)")
    args = parser.parse_args()
    which = set(args.only or NAMES)
    size = data.QUICK if args.quick else data.DEFAULT
    repeat = args.repeat or (1 if args.quick else 3)
    seconds = 1.0 if args.quick else 5.0
    materialise_tasks = 500 if args.quick else size.tasks
    messages, rows = (300, 2000) if args.quick else (2000, 50_000)

    folder = ROOT / "instance" / "benchmarks"
    folder.mkdir(parents=True, exist_ok=True)
    tag = "quick" if args.quick else "default"
    url = args.database_url or f"sqlite:///{folder / f'company-{tag}.db'}"
    dialect = _dialect(url)
    started = time.perf_counter()
    results: list[dict] = []
    if which & {"pages", "api", "scheduler"}:
        with disturbance(results):
            company, emails = prepare_company(url, size, args.rebuild)
            results.append({"benchmark": "company", **asdict(company)})
        if which & {"pages", "api"}:
            with disturbance(results):
                results.extend(bench_http(url, company, emails, args.workers, args.clients,
                                          seconds, repeat, which))
        if "scheduler" in which:
            with disturbance(results):
                results.append(bench_scheduler(url, company))
    if which & {"materialise", "dispatch", "import"}:
        scratch = scratch_url(url)
        if "materialise" in which:
            log(f"materialise: {materialise_tasks:,} tasks ...")
            with disturbance(results):
                results.append(bench_materialise(scratch, materialise_tasks, repeat))
        if "dispatch" in which:
            log(f"dispatch: {messages:,} e-mails ...")
            with disturbance(results):
                results.append(bench_dispatch(scratch, messages, repeat))
        if "import" in which:
            log(f"import: {rows:,} rows ...")
            with disturbance(results):
                results.append(bench_import(scratch, rows))
        if scratch.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm"):
                Path(scratch.split("///", 1)[1] + suffix).unlink(missing_ok=True)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for result in results:
        result.update(database=dialect, quick=args.quick, measured_at=stamp,
                      python=platform.python_version(),
                      machine=f"{platform.machine()}, {os.cpu_count()} cores")
        (RESULTS / f"{result['benchmark']}-{dialect}{'-quick' if args.quick else ''}.json"
         ).write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    print(tables(results))
    log(f"benchmarks done in {time.perf_counter() - started:.0f} s")
    return 0


# --- Tables --------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def tables(results: list[dict]) -> str:
    out = []
    busy = [f"{r['benchmark']} {round(100 * r['other_processes_cpu_share'])}%" for r in results
            if r.get("other_processes_cpu_share", 0) >= 0.1]
    if busy:
        out.append("Other processes used the machine meanwhile (share of all CPU): "
                   + ", ".join(busy) + ". Those figures are disturbed.\n")
    for r in results:
        db_name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(r["database"],
                                                                        r["database"])
        kind = r["benchmark"]
        if kind == "company":
            c = r["counts"]
            out.append(f"Company ({db_name}): {c['people']:,} people, {c['tasks']:,} tasks, "
                       f"{c['task_owners']:,} owners, {c['occurrences']:,} occurrences, "
                       f"{c['notifications']:,} notifications; generated in {r['seconds']} s"
                       f"{' (reused)' if c.get('reused') else ''}.\n")
        elif kind in ("pages", "api"):
            rows = r["pages"] if kind == "pages" else r["endpoints"]
            floor = rows["floor"]
            out.append(f"| {'page' if kind == 'pages' else 'API endpoint'} ({db_name}, "
                       f"{r['clients']} clients, {r['workers']} workers) | p50 ms | p95 ms | "
                       f"req/s | × floor p50 | × bare floor p50 | target |")
            out.append("|---|---|---|---|---|---|---|")
            for name, f in rows.items():
                # The ratio target is the pages' (the issue's); API lists are held to p95;
                # a file download is measured, not held to a list's target.
                ok = f["p95_ms"] < PAGE_P95_MS and (
                    kind == "api" or f["ratio_p50"] <= PAGE_FLOOR_RATIO)
                mark = "" if "floor" in name else "file" if name in FILES else _mark(ok)
                out.append(f"| {name} | {f['p50_ms']} | {f['p95_ms']} | {f['per_second']} | "
                           f"{f['ratio_p50']}× | {f.get('ratio_p50_bare_floor', '—')}× | "
                           f"{mark} |")
            out.append(f"\nFloor: {floor['p50_ms']} ms p50 ({r['floor']}); bare floor: "
                       f"{rows['bare floor']['p50_ms']} ms p50 ({r['bare_floor']}). Targets: "
                       + (f"p95 < {PAGE_P95_MS} ms and p50 ≤ {PAGE_FLOOR_RATIO}× the floor.\n"
                          if kind == "pages" else f"p95 < {PAGE_P95_MS} ms.\n"))
        elif kind == "scheduler":
            jobs = ", ".join(f"{name} {j['seconds']} s" for name, j in r["jobs"].items())
            out.append(f"| scheduler ({db_name}) | peak memory | floor | jobs |\n|---|---|---|---|\n"
                       f"| every job once | {r['peak_mb']} MB | {r['floor_peak_mb']} MB | "
                       f"{jobs} |\n")
        elif kind == "materialise":
            out.append(
                f"| materialise 13 months ({db_name}) | figure | floor: dates + bare executemany"
                f" | ratio | target |\n|---|---|---|---|---|\n"
                f"| {r['tasks']:,} tasks, {r['occurrences']:,} occurrences | "
                f"{r['occurrences_per_second']:,} occ/s ({r['seconds']} s) | "
                f"{r['floor_occurrences_per_second']:,} occ/s ({r['floor_seconds']} s) | "
                f"{r['ratio']}× | {_mark(r['ratio'] <= MATERIALISE_RATIO)} |\n")
        elif kind == "dispatch":
            out.append(
                f"| dispatch ({db_name}) | 1 dispatcher | 4 dispatchers | floor: bare smtplib | "
                f"ratio 1 / 4 | target |\n|---|---|---|---|---|---|\n"
                f"| {r['notifications']:,} e-mails | {r['one_dispatcher_per_second']:,}/s | "
                f"{r['four_dispatchers_per_second']:,}/s | {r['floor_per_second']:,}/s | "
                f"{r['ratio_one']}× / {r['ratio_four']}× | "
                f"{_mark(r['ratio_four'] >= DISPATCH_SHARE)} |\n")
        elif kind == "import":
            ok = r["commit_seconds"] < IMPORT_SECONDS and r["commit_peak_mb"] < IMPORT_MB
            out.append(
                f"| import ({db_name}) | dry run | commit | registry export | floor: openpyxl "
                f"read | target |\n|---|---|---|---|---|---|\n"
                f"| {r['rows']:,} rows ({r['file_mb']} MB) | {r['dry_run_seconds']} s, "
                f"{r['dry_run_peak_mb']} MB | {r['commit_seconds']} s, {r['commit_peak_mb']} MB | "
                f"{r['export_seconds']} s, {r['export_peak_mb']} MB | {r['floor_seconds']} s, "
                f"{r['floor_peak_mb']} MB | {_mark(ok)} |\n")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
