"""Sign-in plumbing and HTTP hardening shared by the pages and the API."""
from __future__ import annotations

from flask import Flask, Response, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from planner.core import audit
from planner.core.extensions import csrf, login_manager
from planner.core.ratelimit import limiter
from planner.people import sessions
from planner.people.models.user import User

# No inline script or style anywhere: the pages' assets are files we ship.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@login_manager.user_loader
def _load_user(session_key: str) -> User | None:
    # Pages and the API's cookie path alike: sign-out, the lifetime and the
    # idle limit are the server-side record's, whichever copy of the cookie
    # comes back.
    return sessions.person_of(session_key)


def _remember_actor() -> None:
    if current_user.is_authenticated:
        audit.set_actor(current_user.id)
    else:
        audit.set_actor(getattr(g, "api_user_id", None))


def _harden(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    limiter.init_app(app)
    app.before_request(_remember_actor)
    if app.config.get("PROXY_COUNT"):
        # Only behind a known number of proxies: otherwise a client could
        # forge its address (and so its rate limit) or the scheme.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.after_request(_harden)
