"""Sign-in plumbing and HTTP hardening shared by the pages and the API."""
from __future__ import annotations

import time

from flask import Flask, Response, current_app, g, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

from planner.core import audit
from planner.core.extensions import csrf, login_manager
from planner.core.ratelimit import limiter
from planner.people.access import signed_in_person
from planner.people.models.user import User

# No inline script or style anywhere: the pages' assets are files we ship.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    # The session stores "id:version": bumping a person's session_version (or
    # deactivating them) invalidates every cookie they hold.
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = signed_in_person(int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _expire_idle_session():  # noqa: ANN202
    """A signed-in session unused for SESSION_IDLE_MINUTES ends (the cookie's
    own lifetime, PERMANENT_SESSION_LIFETIME, bounds it in any case)."""
    if not current_user.is_authenticated or request.endpoint == "static":
        return None
    now = int(time.time())
    seen = session.get("seen", now)
    if now - seen > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        logout_user()
        session.clear()
        if request.path.startswith("/api/"):
            return None  # the API answers 401 by itself now
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if "seen" not in session or now - seen > 60:
        # At most once a minute: a cookie re-sent with every response (static
        # files too) would race a sign-out in another tab.
        session["seen"] = now
    return None


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
    app.before_request(_expire_idle_session)
    app.before_request(_remember_actor)
    if app.config.get("PROXY_COUNT"):
        # Only behind a known number of proxies: otherwise a client could
        # forge its address (and so its rate limit) or the scheme.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.after_request(_harden)
