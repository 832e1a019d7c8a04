"""The application as gunicorn serves it in the page benchmarks, plus the
floor: a page of the same app that runs one trivial query.

    gunicorn -w 4 'benchmarks.wsgi:app'

The floor route exists only here, so the product gets no extra URL.
"""
from __future__ import annotations

from flask import jsonify
from sqlalchemy import text

from planner import create_app
from planner.extensions import db

app = create_app()


def floor():  # noqa: ANN201
    """Everything a request costs besides its own work: WSGI, the Flask
    dispatch, the session cookie, a connection from the pool and one query."""
    db.session.execute(text("SELECT 1")).scalar()
    return "<!doctype html><title>floor</title><p>ok</p>"


def floor_json():  # noqa: ANN201
    db.session.execute(text("SELECT 1")).scalar()
    return jsonify({"ok": True})


floor.is_public = floor_json.is_public = True  # no sign-in redirect, no user loaded
app.add_url_rule("/_floor", "bench_floor", floor)
app.add_url_rule("/_floor.json", "bench_floor_json", floor_json)
