"""HTML pages: thin views over services, one blueprint per area."""
from __future__ import annotations

from flask import (
    Flask,
    abort,
    current_app,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_login import current_user
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from planner.core import labels
from planner.core.access import refuses_write
from planner.core.api_errors import domain_error, http_error, unavailable
from planner.core.db import database_unavailable
from planner.core.errors import DomainError, Forbidden, NotFound
from planner.core.extensions import db
from planner.core.forms import LanguageForm
from planner.core.i18n import translate
from planner.core.roles import Role


def _require_sign_in():  # noqa: ANN202
    """Pages are private unless marked @public; the API and static files
    answer for themselves."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static" or endpoint.startswith("api."):
        return None
    if current_user.is_authenticated and refuses_write(Role(current_user.role), request.blueprint):
        abort(403)
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "is_public", False) or current_user.is_authenticated:
        return None
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _error_page(status: int):  # noqa: ANN202
    def handler(error: Exception):  # noqa: ANN202
        if status == 500:
            _rollback()  # a failed flush leaves the session unusable for the page itself
        if request.path.startswith("/api/"):
            return http_error(error)
        return render_template("error.html", status=status), status

    return handler


def _domain_error(error: DomainError):  # noqa: ANN202
    status = 404 if isinstance(error, NotFound) else 403 if isinstance(error, Forbidden) else 400
    if request.path.startswith("/api/"):
        return domain_error(error)
    return render_template("error.html", status=status, message=translate(error.message)), status


RETRY_AFTER_SECONDS = 30


def _rollback() -> None:
    try:
        db.session.rollback()
    except DBAPIError:
        pass  # the connection is gone; the pool replaces it once the database is back


def _database_unavailable(error: Exception):  # noqa: ANN202
    """The database is down or restarting: 503 with Retry-After, a friendly page
    (or the API's JSON error), made without touching the database again: no
    signed-in user, no menu, no unread count. Any other database error is a bug
    and goes on to the 500 handler."""
    if not database_unavailable(error):
        raise error
    _rollback()
    current_app.logger.warning("database unavailable: %s", error)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        response, status = unavailable()
        response.headers.update(headers)
        return response, status
    languages = current_app.config["LANGUAGES"]
    language = session.get("language")
    if language not in languages:
        language = request.accept_languages.best_match(languages) or languages[0]
    # Straight from the environment: the context processors would ask the
    # database who is signed in.
    with force_locale(language):
        page = current_app.jinja_env.get_template("unavailable.html").render(locale=language)
    return page, 503, headers


def init_app(app: Flask) -> None:
    app.before_request(_require_sign_in)
    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, _error_page(status))
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(PoolTimeout, _database_unavailable)

    app.context_processor(_layout_context)


def _layout_context() -> dict:
    context = {"labels": labels, "locale": str(get_locale()), "Role": Role}
    if has_request_context():  # e-mails are rendered by jobs, outside any request
        # formdata=None: rendering the menu must not read the body (a 413
        # page is rendered precisely because the body is too large).
        context["language_form"] = LanguageForm(formdata=None)
    return context
