"""Sign-in limits hold across processes: two gunicorn instances of two
workers each, on one database, with the default configuration. Counters kept
per process (memory://) let each of the four workers allow its own five
guesses; kept in the database they are one budget."""
from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from conftest import PASSWORD, free_port

from planner.core.extensions import db
from planner.core.ratelimit_counter import RateLimitCounter

BIN = Path(sys.executable).parent


def _serve(database_url: str, tmp_path: Path, port: int) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "one key",
                   "PLANNER_INSTANCE": str(tmp_path), "SCHEDULER_ENABLED": "0"}
    environment.pop("RATELIMIT_STORAGE_URI", None)  # the default is what is tested
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "planner:create_app()"], env=environment, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)


def _wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still starting
            pass
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, f"{base} did not answer"
        time.sleep(0.2)


def _attempt(base: str, email: str, password: str) -> int:
    """One sign-in from a fresh browser (no device cookie): its status."""
    browser = requests.Session()
    page = browser.get(f"{base}/login", timeout=30).text
    token = html.unescape(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                    page).group(1))
    return browser.post(f"{base}/login", data={"email": email, "password": password,
                                                 "csrf_token": token},
                        allow_redirects=False, timeout=30).status_code


@pytest.mark.real_clock  # the servers read the real clock
def test_an_accounts_budget_is_one_budget_across_instances_and_workers(
        app, world, database_url, tmp_path):
    ports = [free_port(), free_port()]
    servers = [_serve(database_url, tmp_path, port) for port in ports]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, server in zip(bases, servers, strict=True):
            _wait_for(base, server)
        budget = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
        for n in range(budget):  # spread over both instances and their workers
            assert _attempt(bases[n % 2], "staff@example.com", f"guess {n}") == 200
        for base in bases:
            assert _attempt(base, "staff@example.com", PASSWORD) == 429
        assert _attempt(bases[0], "manager@example.com", PASSWORD) == 302
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()
    with app.app_context():
        assert db.session.query(RateLimitCounter).count() >= 1
