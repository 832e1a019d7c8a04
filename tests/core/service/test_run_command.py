"""`planner run` (issue 18, point 8): its access log does not keep the
calendar feed's secret token, and its Server header names no versions."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port

from config import TestConfig
from planner import create_app
from planner.core.extensions import db
from planner.people import tokens
from planner.people.operations import PersonData, create_person
from planner.serving import redact

BIN = Path(sys.executable).parent


def _get(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310 - our own server
            return reply.status, dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def _wait_for(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            _get(f"{base}/login")
            return
        except OSError:
            assert process.poll() is None, "planner run exited"
            assert time.monotonic() < deadline, f"{base} did not answer"
            time.sleep(0.2)


@pytest.mark.real_clock  # a subprocess reads the real clock
def test_run_logs_no_feed_token_and_names_no_versions(tmp_path):
    url = f"sqlite:///{tmp_path / 'run.db'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        person = create_person(PersonData(email="feed@example.com", name="暦 花子", role="admin"))
        _, token = tokens.create_token(person, "calendar", kind=tokens.CALENDAR)
        db.session.commit()
        db.engine.dispose()
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "planner"), "run", "--port", str(port), "--no-scheduler"],
        env={**os.environ, "DATABASE_URL": url, "PLANNER_INSTANCE": str(tmp_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        status, headers = _get(f"{base}/feeds/{token}.ics")
        assert status == 200
        assert headers["Server"] == "planner"
        assert _get(f"{base}/feeds/{token}x.ics")[0] == 404  # a wrong token is logged too
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            _, log = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            _, log = process.communicate()
    assert token not in log
    assert log.count("GET /feeds/[token].ics HTTP/1.1") == 2  # the answers are logged still


def test_redact_leaves_other_lines_alone():
    assert redact('"GET /tasks/?page=2 HTTP/1.1" 200 -') == '"GET /tasks/?page=2 HTTP/1.1" 200 -'
    assert redact("code 400, message Bad request syntax ('GET /feeds/abc.ics?x HTTP/1.1')") == (
        "code 400, message Bad request syntax ('GET /feeds/[token].ics?x HTTP/1.1')")
