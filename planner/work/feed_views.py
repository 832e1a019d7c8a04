"""The ICS feed behind a secret URL: calendar apps cannot sign in."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort
from flask_babel import force_locale
from flask_babel import gettext as _

from planner.core.access import public
from planner.core.urls import base_url
from planner.people import tokens
from planner.work import feeds

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


@bp.route("/<token>.ics")
@public
def calendar_feed(token: str):  # noqa: ANN201
    person = tokens.authenticate_token(token, kind=tokens.CALENDAR)
    if person is None:
        abort(404)
    base = base_url()
    with force_locale(person.language):  # the events' words too
        name = _("Back-office tasks: %(name)s", name=person.name)
        body = feeds.feed_for(person, base, urlsplit(base).hostname or "planner", name)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = "inline; filename=planner.ics"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
