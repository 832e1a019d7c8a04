"""Run each of `planner scheduler`'s jobs once over the database, in this
process, and print what each took and the process's peak memory as JSON.

    DATABASE_URL=... SMTP_HOST=127.0.0.1 SMTP_PORT=... python -m benchmarks.scheduler_once

The floor is the same process before any job: the interpreter with the
application loaded and one query run.
"""
from __future__ import annotations

import json
import logging
import sys
import time


def peak_mb() -> float:
    from benchmarks.run import peak_rss_mb

    return round(peak_rss_mb(), 1)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(self.format(record))


def main() -> int:
    from sqlalchemy import text

    from planner import create_app
    from planner.core.extensions import db
    from planner.jobs import JOBS, run_job

    errors = _Errors()
    logging.getLogger().addHandler(errors)
    app = create_app()
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.remove()
    result = {"floor_peak_mb": peak_mb(), "jobs": {}}
    for job in JOBS:
        start = time.perf_counter()
        run_job(app, job)
        result["jobs"][job.name] = {"seconds": round(time.perf_counter() - start, 2),
                                    "peak_mb_after": peak_mb()}
    result["peak_mb"] = peak_mb()
    result["errors"] = errors.messages
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
