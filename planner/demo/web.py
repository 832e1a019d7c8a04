"""The sign-in page lists the demo accounts while demo data is loaded."""
from __future__ import annotations

from flask import Flask

from planner.demo.loader import demo_accounts


def init_app(app: Flask) -> None:
    # A function, not its result: only the sign-in page calls it (one query).
    app.jinja_env.globals["demo_accounts"] = demo_accounts
