"""The API's documentation page: Swagger UI over /api/v1/openapi.json.

Swagger UI's files come from the flask-swagger-ui package (its dist folder,
not its blueprint, whose page configures itself with an inline script our
Content-Security-Policy forbids); the page and its initializer are ours, so
no CDN is involved and the policy stays as strict as on every other page."""
from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import render_template, send_from_directory

from planner.core.api import bp


def swagger_ui_dist() -> Path:
    return Path(flask_swagger_ui.__file__).parent / "dist"


@bp.get("/docs")
def docs():  # noqa: ANN201
    """Public, like the document it shows: it holds no data. Trying an
    operation needs a token (the Authorize button) or a signed-in session."""
    return render_template("api/docs.html")


@bp.get("/docs/assets/<path:filename>")
def docs_asset(filename: str):  # noqa: ANN201
    return send_from_directory(swagger_ui_dist(), filename, max_age=86400)
