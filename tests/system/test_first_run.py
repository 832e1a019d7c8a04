"""`make run` on a fresh checkout, as real processes: the demo loaded, then
`planner run` on a chosen PORT with no mail server. Within a minute the
development mailbox holds the demo's first reminders, their links on the
served port, and an administrator reads them in the app."""
from __future__ import annotations

import http.cookiejar
import mailbox
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from conftest import free_port

PLANNER = str(Path(sys.executable).parent / "planner")
ADMIN = ("takahashi.makoto@example.co.jp", "planner-demo")  # the demo's administrator


def _environment(tmp_path: Path) -> dict[str, str]:
    """A fresh instance folder and nothing configured, as on a first checkout."""
    unset = {"SMTP_HOST", "SMTP_PORT", "PLANNER_BASE_URL", "DATABASE_URL", "PLANNER_DEV_MAILBOX",
             "SCHEDULER_ENABLED", "SECRET_KEY", "FLASK_APP", "WERKZEUG_RUN_MAIN"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return {**env, "PLANNER_INSTANCE": str(tmp_path), "PYTHONUNBUFFERED": "1"}


def _mails(folder: Path) -> list:
    if not (folder / "cur").is_dir():
        return []
    box = mailbox.Maildir(folder, create=False)
    return [message_from_bytes(box.get_bytes(key), policy=policy.default)
            for key in box.iterkeys()]


def _is_reminder(mail) -> bool:  # noqa: ANN001
    return str(mail["Subject"]).startswith(("リマインダー", "Reminder"))


def _sign_in(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": ADMIN[0],
                                   "password": ADMIN[1]}).encode()
    opener.open(f"{base}/login", data=form, timeout=30).read()
    return opener


@pytest.mark.real_clock  # the app runs in its own processes, on the real clock
def test_make_run_shows_reminders_in_the_development_mailbox(tmp_path):
    env = _environment(tmp_path)
    for step in (["db", "upgrade"], ["seed-demo", "--if-empty"]):
        done = subprocess.run([PLANNER, *step], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    port = free_port()
    server = subprocess.Popen([PLANNER, "run"], env={**env, "PORT": str(port)},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        folder = tmp_path / "dev-mailbox"
        deadline = time.monotonic() + 60
        mails = []
        while time.monotonic() < deadline and server.poll() is None:
            mails = _mails(folder)
            if sum(_is_reminder(mail) for mail in mails) >= 3:
                break
            time.sleep(0.5)
        assert server.poll() is None, "planner run stopped"
        assert sum(_is_reminder(mail) for mail in mails) >= 3, \
            [str(mail["Subject"]) for mail in mails]
        bodies = [mail.get_body(("plain",)).get_content() for mail in mails]
        links = [link for body in bodies for link in re.findall(r"https?://\S+", body)]
        assert links and all(link.startswith(f"http://127.0.0.1:{port}/") for link in links)
        subjects = [str(mail["Subject"]) for mail in mails]

        base = f"http://127.0.0.1:{port}"
        opener = _sign_in(base)
        index = opener.open(f"{base}/admin/dev-mailbox", timeout=30).read().decode()
        assert subjects[0] in index or any(s in index for s in subjects)
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    # The reminders reached the mailbox: nothing failed on the way.
    assert "ConnectionRefusedError" not in output, output[-3000:]
