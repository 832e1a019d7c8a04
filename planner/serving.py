"""The request handler of `planner run` (Werkzeug's development server).

Two things its stock handler gives away: the calendar feed's secret token,
which is part of the feed's URL and so of every access-log line (a log is
read by more people than the feed's owner), and the exact Werkzeug and Python
versions in the `Server` header, which tell an attacker which known flaws to
try."""
from __future__ import annotations

import re
from typing import Any

from werkzeug.serving import WSGIRequestHandler

from planner.work import feed_views

SERVER_NAME = "planner"
REDACTED = "[token]"
# The feed's URL, /feeds/<token>.ics, as it appears in a logged request line
# (also a malformed one, which is logged as it came).
_FEED_TOKEN = re.compile(rf"(?<={re.escape(feed_views.bp.url_prefix)}/)[^\s/?#\"']+(?=\.ics)")


def redact(text: str) -> str:
    """A log message with any calendar feed token replaced."""
    return _FEED_TOKEN.sub(REDACTED, text)


class PlannerRequestHandler(WSGIRequestHandler):
    server_version = SERVER_NAME  # also the WSGI environ's SERVER_SOFTWARE

    def version_string(self) -> str:
        return SERVER_NAME

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002 - Werkzeug's name
        super().log(type, redact(message),
                    *(redact(arg) if isinstance(arg, str) else arg for arg in args))
