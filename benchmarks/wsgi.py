"""The application as gunicorn serves it in the page benchmarks, plus the
floors each figure is compared with.

    gunicorn -w 4 'benchmarks.wsgi:app'

- /_floor: a minimal page of the app: the signed-in person's layout (menu,
  inbox count, language switch) around an empty body, and one trivial query.
  What any page costs before it does its own work; the pages' ratio target.
- /api/v1/_floor: the same for the API: the bearer token checked like every
  API call, one trivial query, a small JSON body.
- /_floor/bare and /_floor/bare.json: WSGI, Flask's dispatch and one query,
  nobody signed in, no template: what the machine and the framework cost,
  reported next to the other ratio.

These routes exist only here, so the product gets no extra URL.
"""
from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import text

from planner import create_app
from planner.core.extensions import db

app = create_app()

# Compiled once, as the product's own templates are.
_EMPTY_PAGE = app.jinja_env.from_string(
    '{% extends "base.html" %}{% block title %}floor{% endblock %}'
    "{% block content %}<p>ok</p>{% endblock %}")


def floor():  # noqa: ANN201
    db.session.execute(text("SELECT 1")).scalar()
    return render_template(_EMPTY_PAGE)


def floor_api():  # noqa: ANN201
    db.session.execute(text("SELECT 1")).scalar()
    return jsonify({"ok": True})


def bare_floor():  # noqa: ANN201
    db.session.execute(text("SELECT 1")).scalar()
    return "<!doctype html><title>floor</title><p>ok</p>"


def bare_floor_json():  # noqa: ANN201
    db.session.execute(text("SELECT 1")).scalar()
    return jsonify({"ok": True})


bare_floor.is_public = bare_floor_json.is_public = True  # no sign-in, no user loaded
app.add_url_rule("/_floor", "bench_floor", floor)
# An endpoint named "api.…" runs the API blueprint's hooks: its token check.
app.add_url_rule("/api/v1/_floor", "api.bench_floor", floor_api)
app.add_url_rule("/_floor/bare", "bench_bare_floor", bare_floor)
app.add_url_rule("/_floor/bare.json", "bench_bare_floor_json", bare_floor_json)
