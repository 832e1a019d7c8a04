"""Sign-in throttling that slows guessing without locking the real person out.

A hard limit per account lets anyone lock a person out by typing wrong
passwords under their address, and a low limit per address locks out an
office behind one NAT address. So, after OWASP's "Slow Down Online Guessing
Attacks with Device Cookies": a browser that has signed in to an account
before carries a signed device cookie naming that account. Its attempts at
that account count against a budget of their own (LOGIN_LIMIT_PER_DEVICE),
never against the account's or the address's, so failures from elsewhere do
not refuse it. Every other attempt counts per address and per account, and
only failures count (Flask-Limiter's deduct_when).
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import Response, current_app, g, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse

from planner.core.ratelimit import limiter
from planner.people.models.user import User
from planner.people.operations import find_by_email

DEVICE_COOKIE = "planner_device"
# Accounts one browser remembers (a shared office PC): the oldest goes first.
DEVICE_ACCOUNTS = 10
LIMITS = ("LOGIN_LIMIT_PER_ADDRESS", "LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_DEVICE")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="planner.device")


def _device_lifetime() -> timedelta:
    return timedelta(days=current_app.config["LOGIN_DEVICE_DAYS"])


def _devices() -> dict[int, str]:
    """Account id -> this browser's device nonce for it, from a cookie we signed."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        entries = _serializer().loads(raw, max_age=_device_lifetime().total_seconds())
    except BadSignature:  # forged, damaged or expired alike
        return {}
    if not isinstance(entries, list):
        return {}
    return {account: nonce for account, nonce in (e for e in entries if isinstance(e, list)
                                                  and len(e) == 2)
            if isinstance(account, int) and isinstance(nonce, str)}


def _account_id() -> int | None:
    """The account this attempt is at: the pending one at the code step, else
    the one the typed address belongs to."""
    if request.endpoint == "auth.second_factor":
        return (session.get("pending_sign_in") or {}).get("id")
    person = find_by_email(request.form.get("email") or "")
    return person.id if person is not None else None


def _device() -> str | None:
    """This browser's device key for the account attempted, if it signed in to
    that account before; once per request."""
    if "sign_in_device" not in g:
        device = None
        if request.method == "POST" and (devices := _devices()):
            account = _account_id()
            if account in devices:
                device = f"{account}:{devices[account]}"
        g.sign_in_device = device
    return g.sign_in_device


def _known_device() -> bool:
    return _device() is not None


def _unknown_device() -> bool:
    return _device() is None


def _signing_in_as() -> str:
    """The account a sign-in attempt is for, so guessing one person's password
    from many addresses is limited too (an unknown address counts as well, so
    the answer does not tell which addresses exist)."""
    if request.endpoint == "auth.second_factor":
        return f"account-id:{(session.get('pending_sign_in') or {}).get('id')}"
    return "account:" + (request.form.get("email") or "").strip().lower()


def _failed(response: Response) -> bool:
    # A successful sign-in (or a right password before its code) redirects; a
    # refused one shows the form again.
    return response.status_code != 302


def _config(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def limit_sign_in(view):  # noqa: ANN001, ANN201
    """Failed attempts from an unknown browser count per address and per
    account; from a browser that signed in to the account before, per device."""
    per_address = limiter.limit(_config("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"],
                                deduct_when=_failed, exempt_when=_known_device,
                                scope="login-address")
    per_account = limiter.limit(_config("LOGIN_LIMIT_PER_ACCOUNT"), methods=["POST"],
                                deduct_when=_failed, exempt_when=_known_device,
                                key_func=_signing_in_as, scope="login-account")
    per_device = limiter.limit(_config("LOGIN_LIMIT_PER_DEVICE"), methods=["POST"],
                               deduct_when=_failed, exempt_when=_unknown_device,
                               key_func=lambda: f"device:{_device()}", scope="login-device")
    return per_address(per_account(per_device(view)))


def remember_device(response: Response, person: User) -> Response:
    """After a complete sign-in: this browser is now a known device for the
    person (its earlier nonce kept, so its budget stays one budget)."""
    devices = _devices()
    nonce = devices.pop(person.id, None) or secrets.token_urlsafe(16)
    entries = [[person.id, nonce], *([a, n] for a, n in devices.items())][:DEVICE_ACCOUNTS]
    config = current_app.config
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(entries),
                        max_age=int(_device_lifetime().total_seconds()), path="/login",
                        secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response


def wait_minutes() -> int:
    """The longest window of the sign-in limits: how long a refused browser waits."""
    longest = max(parse(current_app.config[name]).get_expiry() for name in LIMITS)
    return max(1, round(longest / 60))
