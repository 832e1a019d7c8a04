"""Sign-in throttling: guessing is refused, the real person is not locked out.

Browsers that never signed in to an account count their failures per address
and per account; a browser that did (its signed device cookie) has a budget of
its own, which failures from elsewhere do not spend."""
from __future__ import annotations

import pytest
from conftest import PASSWORD, AuthActions

from planner.core.extensions import db
from planner.core.ratelimit import limiter
from planner.core.ratelimit_counter import RateLimitCounter
from planner.people.throttling import DEVICE_COOKIE

STAFF = "staff@example.com"


def _attempt(client, email: str, password: str, address: str = "10.0.0.1"):  # noqa: ANN001, ANN201
    token = AuthActions(client).csrf_token("/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def _known_device(app, email: str = STAFF, address: str = "10.0.0.1"):  # noqa: ANN001, ANN201
    """The person's own browser: it signed in once (and out again)."""
    browser = app.test_client()
    assert _attempt(browser, email, PASSWORD, address).status_code == 302
    assert browser.get_cookie(DEVICE_COOKIE, path="/login") is not None
    AuthActions(browser).logout()
    return browser


def test_shared_counters_are_the_default(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "planner+db://"


@pytest.mark.parametrize("storage", ["memory://", "planner+db://"])
def test_a_guesser_is_refused_after_the_accounts_budget_even_with_the_password(
        app, world, storage):
    app.config.update(RATELIMIT_STORAGE_URI=storage, LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    limiter.init_app(app)  # the storage chosen by this configuration
    guesser = app.test_client()
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # from several addresses
        assert _attempt(guesser, STAFF, "wrong", address).status_code == 200
    refused = _attempt(guesser, STAFF, PASSWORD, "10.0.0.4")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "15" in page and "form-errors" in page
    assert _attempt(guesser, "manager@example.com", PASSWORD).status_code == 302
    if storage == "planner+db://":
        with app.app_context():
            assert db.session.query(RateLimitCounter).count() >= 1


def test_the_real_person_on_a_known_device_still_signs_in_after_a_flood(app, world):
    own = _known_device(app, address="10.0.0.1")
    guesser = app.test_client()
    for n in range(30):  # far past the account's budget of 5, from everywhere
        _attempt(guesser, STAFF, f"guess {n}", f"10.1.0.{n % 7}")
    assert _attempt(guesser, STAFF, PASSWORD, "10.1.0.1").status_code == 429
    # Even from an address the flood came from (one office NAT).
    assert _attempt(own, STAFF, PASSWORD, "10.1.0.1").status_code == 302


def test_a_known_device_is_known_for_its_own_account_only(app, world):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    own = _known_device(app)
    for _ in range(2):
        _attempt(app.test_client(), "manager@example.com", "wrong")
    assert _attempt(own, "manager@example.com", PASSWORD).status_code == 429


def test_a_stolen_device_cookie_buys_only_the_devices_own_budget(app, world):
    app.config.update(LOGIN_LIMIT_PER_DEVICE="4 per 15 minutes")
    own = _known_device(app)
    thief = app.test_client()
    thief.set_cookie(DEVICE_COOKIE, own.get_cookie(DEVICE_COOKIE, path="/login").value,
                     path="/login")
    for n in range(4):
        assert _attempt(thief, STAFF, f"guess {n}", "10.2.0.1").status_code == 200
    assert _attempt(thief, STAFF, PASSWORD, "10.2.0.1").status_code == 429


def test_a_forged_device_cookie_counts_as_an_unknown_browser(app, world):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    own = _known_device(app)
    value = own.get_cookie(DEVICE_COOKIE, path="/login").value
    forger = app.test_client()
    forger.set_cookie(DEVICE_COOKIE, value[:-2] + ("AA" if value[-2:] != "AA" else "BB"),
                      path="/login")
    for _ in range(2):
        assert _attempt(forger, STAFF, "wrong").status_code == 200
    assert _attempt(forger, STAFF, PASSWORD).status_code == 429


def test_a_device_stops_being_known_after_its_lifetime(app, world, time_machine):
    from datetime import datetime, timedelta, timezone

    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    own = _known_device(app)
    time_machine.move_to(datetime.now(timezone.utc) + timedelta(
        days=app.config["LOGIN_DEVICE_DAYS"], minutes=1), tick=True)
    own.set_cookie(DEVICE_COOKIE, own.get_cookie(DEVICE_COOKIE, path="/login").value,
                   path="/login")  # the browser kept it; the signature's age decides
    for _ in range(2):
        _attempt(app.test_client(), STAFF, "wrong")
    assert _attempt(own, STAFF, PASSWORD).status_code == 429


def test_an_address_is_limited_across_accounts_but_not_for_known_devices(app, world):
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="4 per 10 minutes")
    own = _known_device(app, "manager@example.com")
    guesser = app.test_client()
    for n in range(4):
        assert _attempt(guesser, f"nobody{n}@example.com", "wrong").status_code == 200
    assert _attempt(guesser, STAFF, PASSWORD).status_code == 429
    assert _attempt(guesser, STAFF, PASSWORD, "10.9.9.9").status_code == 302
    # A colleague behind the same address, on their own browser, is not refused.
    assert _attempt(own, "manager@example.com", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count(app, client, auth, world):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes",
                      LOGIN_LIMIT_PER_ADDRESS="2 per 10 minutes")
    for _ in range(4):
        assert _attempt(app.test_client(), STAFF, PASSWORD).status_code == 302
