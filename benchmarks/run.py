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
    from config import TestConfig
    from planner import create_app
    from planner.domain.recurrence import occurrences
    from planner.extensions import db
    from planner.models import Occurrence
    from planner.services.calendar import load_calendar
    from planner.services.occurrences import LOOKBACK_DAYS, materialise

    from benchmarks.data import create_tasks, schedules

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke check")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    tasks, repeat = (500, 1) if args.quick else (5000, 3)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        dialect = url.split(":", 1)[0].split("+", 1)[0]
        results = [bench_materialise(url, tasks, repeat)]
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
        lines.append(
            f"| {r['benchmark']} | {r['database']} | {r['tasks']} tasks, {r['occurrences']} "
            f"occurrences | {r['occurrences_per_second']:,} occ/s ({r['seconds']} s) | "
            f"{r['floor_occurrences_per_second']:,} occ/s ({r['floor_seconds']} s) | "
            f"{r['ratio']}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
