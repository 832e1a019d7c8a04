"""`make bench`: each figure next to a floor measured in the same run.

    python -m benchmarks.run [--quick] [--database-url URL]

Results go to benchmarks/results/<name>.json and a Markdown table is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from dateutil.relativedelta import relativedelta

RESULTS = Path(__file__).resolve().parent / "results"


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time of `repeat` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_materialise(database_url: str, tasks: int, repeat: int) -> dict:
    """Materialise 13 months for N tasks from nothing, against the pure date
    computation of the same occurrences (the floor)."""
    from benchmarks.data import create_tasks, schedules
    from config import TestConfig
    from planner import create_app
    from planner.domain.recurrence import occurrences
    from planner.extensions import db
    from planner.models import Occurrence
    from planner.services.calendar import load_calendar
    from planner.services.occurrences import LOOKBACK_DAYS, materialise

    today = date(2026, 11, 25)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        create_tasks(tasks)
        db.session.commit()
        calendar = load_calendar()

        def product() -> int:
            db.session.execute(Occurrence.__table__.delete())
            db.session.commit()
            result = materialise(today=today)
            db.session.commit()
            return result.created

        def pure() -> int:
            start = today - relativedelta(days=LOOKBACK_DAYS)
            end = today + relativedelta(months=13)
            fresh = type(calendar)(calendar.country, calendar.weekend, calendar.closed)
            return sum(1 for s in schedules(tasks)
                       for o in occurrences(s, fresh, start, end) if o.due >= today)

        product_seconds, created = timed(product, repeat)
        pure_seconds, computed = timed(pure, repeat)
        db.drop_all()
        db.engine.dispose()
    assert created == computed, (created, computed)
    return {
        "benchmark": "materialise",
        "tasks": tasks,
        "occurrences": created,
        "seconds": round(product_seconds, 3),
        "occurrences_per_second": round(created / product_seconds),
        "floor": "pure date computation of the same occurrences",
        "floor_seconds": round(pure_seconds, 3),
        "floor_occurrences_per_second": round(computed / pure_seconds),
        "ratio": round(product_seconds / pure_seconds, 2),
    }


def _seed_notifications(count: int) -> None:
    from sqlalchemy import insert

    from planner.domain.recurrence import Schedule
    from planner.extensions import db
    from planner.models import Department, Notification, Occurrence, Task
    from planner.services.users import PersonData, create_person

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
    from planner.services.notifications import dispatch_until_empty

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SMTP_HOST="127.0.0.1",
                     SMTP_PORT=port)
    with app.app_context():
        barrier.wait()
        done.put(dispatch_until_empty().sent)


def bench_dispatch(database_url: str, count: int) -> dict:
    """Reminders sent through the outbox to a real SMTP server on loopback, with
    1 and 4 dispatchers, against a bare smtplib loop sending the same number of
    messages over one connection (the fastest smtplib alone can do)."""
    import multiprocessing
    import smtplib

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from config import TestConfig
    from planner import create_app
    from planner.extensions import db
    from planner.services.mailer import Email, build_message

    controller = Controller(Sink(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SMTP_HOST="127.0.0.1",
                     SMTP_PORT=controller.port)
    figures = {}
    try:
        for workers in (1, 4):
            with app.app_context():
                db.drop_all()
                db.create_all()
                _seed_notifications(count)
                db.engine.dispose()
            context = multiprocessing.get_context("spawn")
            barrier, done = context.Barrier(workers + 1), context.Queue()
            processes = [context.Process(target=_dispatcher_process,
                                         args=(database_url, controller.port, barrier, done))
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
            figures[workers] = seconds
        with app.app_context():
            message = build_message(Email("bench@example.com", "計測 太郎", "リマインダー",
                                          "本文\n" * 10, "<bench@planner>", "ja"))

            def bare() -> None:
                with smtplib.SMTP("127.0.0.1", controller.port, timeout=30) as smtp:
                    for _ in range(count):
                        smtp.send_message(message)

            floor, _ = timed(bare, 1)
            db.drop_all()
            db.engine.dispose()
    finally:
        controller.stop()
    return {
        "benchmark": "dispatch",
        "notifications": count,
        "one_dispatcher_per_second": round(count / figures[1]),
        "four_dispatchers_per_second": round(count / figures[4]),
        "floor": "bare smtplib loop over one connection",
        "floor_per_second": round(count / floor),
        "ratio_one": round((count / figures[1]) / (count / floor), 2),
        "ratio_four": round((count / figures[4]) / (count / floor), 2),
    }


def _import_phase(database_url: str, path: str, phase: str, queue) -> None:  # noqa: ANN001
    """One phase in a fresh process, so its peak RSS is its own."""
    import resource

    from config import TestConfig
    from planner import create_app
    from planner.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        from flask_babel import force_locale

        from planner.models import User
        from planner.services import exports, imports

        admin = db.session.query(User).filter_by(role="admin").first()
        start = time.perf_counter()
        with force_locale("en"):
            if phase == "floor":  # openpyxl alone, reading every cell in read-only mode
                from openpyxl import load_workbook

                book = load_workbook(path, read_only=True)
                rows = sum(1 for _ in book.worksheets[0].iter_rows(min_row=2, values_only=True))
                book.close()
                counts = {"rows": rows}
            elif phase == "export":
                exports.write_workbook(exports.registry(admin), path + ".out.xlsx")
                counts = {}
            else:
                with open(path, "rb") as stream:
                    report = imports.run_import(admin, "tasks", stream, commit=phase == "commit",
                                                max_rows=200_000)
                if phase == "commit" and report.committed:
                    db.session.commit()
                counts = report.counts
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "counts": counts})


def bench_import(database_url: str, rows: int) -> dict:
    """Import N task rows from Excel (dry run, then commit), export the registry:
    seconds and peak memory of each, each in its own process. Floor: openpyxl
    reading the same file in read-only mode without doing anything with it."""
    import multiprocessing

    from benchmarks.data import create_departments, write_task_workbook
    from config import TestConfig
    from planner import create_app
    from planner.extensions import db
    from planner.services.users import PersonData, create_person

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        create_departments()
        create_person(PersonData(email="bench@example.com", name="bench", role="admin",
                                 language="en", department_ids=[]), "bench password 123")
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
    assert phases["dry_run"]["counts"]["create"] == rows, phases["dry_run"]
    assert phases["commit"]["counts"]["create"] == rows, phases["commit"]
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
        "commit_peak_mb": phases["commit"]["peak_mb"],
        "export_seconds": phases["export"]["seconds"],
        "export_peak_mb": phases["export"]["peak_mb"],
        "floor": "openpyxl reading the same file, read-only",
        "floor_seconds": phases["floor"]["seconds"],
        "floor_peak_mb": phases["floor"]["peak_mb"],
        "ratio": round(phases["dry_run"]["seconds"] / phases["floor"]["seconds"], 1),
    }


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke check")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--only", choices=["materialise", "dispatch", "import"],
                        help="one benchmark")
    args = parser.parse_args()
    tasks, repeat, messages, rows = (500, 1, 300, 2000) if args.quick else (5000, 3, 2000, 50_000)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        dialect = url.split(":", 1)[0].split("+", 1)[0]
        results = []
        if args.only in (None, "materialise"):
            results.append(bench_materialise(url, tasks, repeat))
        if args.only in (None, "dispatch"):
            results.append(bench_dispatch(url, messages))
        if args.only in (None, "import"):
            results.append(bench_import(url, rows))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for result in results:
        result.update(database=dialect, measured_at=stamp, python=platform.python_version(),
                      machine=f"{platform.machine()}, {os.cpu_count()} cores")
        (RESULTS / f"{result['benchmark']}-{dialect}.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    return 0


def table(results: list[dict]) -> str:
    lines = ["| benchmark | database | size | figure | floor | ratio |",
             "|---|---|---|---|---|---|"]
    for r in results:
        if r["benchmark"] == "import":
            lines.append(
                f"| import | {r['database']} | {r['rows']:,} task rows ({r['file_mb']} MB) | "
                f"dry run {r['dry_run_seconds']} s, {r['dry_run_peak_mb']} MB peak; "
                f"commit {r['commit_seconds']} s, {r['commit_peak_mb']} MB; "
                f"registry export {r['export_seconds']} s, {r['export_peak_mb']} MB | "
                f"{r['floor_seconds']} s, {r['floor_peak_mb']} MB (openpyxl read) | "
                f"{r['ratio']}× (dry run) |")
            continue
        if r["benchmark"] == "dispatch":
            lines.append(
                f"| dispatch | {r['database']} | {r['notifications']} e-mails | "
                f"{r['one_dispatcher_per_second']:,}/s (1 dispatcher), "
                f"{r['four_dispatchers_per_second']:,}/s (4) | "
                f"{r['floor_per_second']:,}/s (bare smtplib) | "
                f"{r['ratio_one']}× / {r['ratio_four']}× |")
            continue
        lines.append(
            f"| {r['benchmark']} | {r['database']} | {r['tasks']} tasks, {r['occurrences']} "
            f"occurrences | {r['occurrences_per_second']:,} occ/s ({r['seconds']} s) | "
            f"{r['floor_occurrences_per_second']:,} occ/s ({r['floor_seconds']} s) | "
            f"{r['ratio']}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
