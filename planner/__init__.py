"""The back-office planner."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from planner.core.transaction import TransactionalFlask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: object | str | None = None, **overrides: Any) -> Flask:
    """Build the application: config first, then each subsystem's init_app."""
    app = TransactionalFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or "config.Config")
    app.config.update(overrides)

    from planner import db_setup, i18n, jobs, runtime, security
    from planner.api import init_app as init_api
    from planner.cli import init_app as init_cli
    from planner.web import init_app as init_web

    db_setup.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    init_web(app)
    init_api(app)
    jobs.init_app(app)
    init_cli(app)
    runtime.init_app(app)  # last: freezes what the steps above built
    return app
