"""The outbox's timing settings, checked when the application starts, so a
lease shorter than a send is refused before any message can go out twice."""
from __future__ import annotations

from flask import Flask

from planner.notifications.domain import lease_problems


class DispatchSettingsError(RuntimeError):
    """The lease, SMTP timeout and margin do not fit together."""


def init_app(app: Flask) -> None:
    config = app.config
    problems = lease_problems(float(config["DISPATCH_LEASE_SECONDS"]),
                              float(config["SMTP_TIMEOUT"]),
                              float(config["DISPATCH_LEASE_MARGIN_SECONDS"]),
                              int(config["DISPATCH_BATCH"]))
    if problems:
        raise DispatchSettingsError("bad outbox settings: " + "; ".join(problems))
