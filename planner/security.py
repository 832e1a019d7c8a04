"""Sign-in plumbing and HTTP hardening shared by the pages and the API."""
from __future__ import annotations

from flask import Flask, Response, g, request
from flask_login import current_user

from planner.extensions import csrf, db, login_manager
from planner.models import User
from planner.services import audit

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
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


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
    app.before_request(_remember_actor)
    app.after_request(_harden)
