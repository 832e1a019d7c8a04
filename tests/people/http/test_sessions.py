"""Server-side sessions: sign-out, sign out everywhere, the absolute lifetime
and the idle limit hold for every copy of a session cookie, on the pages and
on the API's cookie path alike."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from conftest import PASSWORD, AuthActions
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.session import UserSession

PAGE, API = "/my-work", "/api/v1/my-work"


def _later(time_machine, **delta: float) -> None:  # noqa: ANN001
    time_machine.move_to(datetime.now(timezone.utc) + timedelta(**delta), tick=True)


def _copy(client, app):  # noqa: ANN001, ANN202
    """Another browser holding a copy of this one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_in(client) -> bool:  # noqa: ANN001
    page, api = client.get(PAGE).status_code, client.get(API).status_code
    assert (page, api) in {(200, 200), (302, 401)}, (page, api)
    return page == 200


def _resign(client) -> None:  # noqa: ANN001
    """Re-sign the cookie now, as any response that touches the session does:
    the cookie's own age says nothing about the session's any more."""
    with client.session_transaction() as session:
        session.modified = True


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, client, auth, world):
    auth.login("staff@example.com")
    copy = _copy(client, app)
    assert _signed_in(copy)
    auth.logout()
    assert not _signed_in(copy)  # the page sends it to sign in, the API answers 401
    assert copy.get(PAGE).headers["Location"].startswith("/login")
    # Signing in again opens a new session; the old copy stays dead.
    auth.login("staff@example.com")
    assert _signed_in(client) and not _signed_in(copy)


def test_a_session_ends_at_its_lifetime_from_sign_in_however_busy(app, client, auth, world,
                                                                 time_machine):
    auth.login("staff@example.com")
    copy = _copy(client, app)
    for _ in range(7):  # 11 h 40 min, never idle for 2 hours
        _later(time_machine, minutes=100)
        _resign(client)
        assert _signed_in(client)
    _later(time_machine, minutes=25)  # 12 h 5 min after sign-in
    _resign(client)
    _resign(copy)
    assert not _signed_in(client) and not _signed_in(copy)


def test_the_audited_case_a_150_second_session_is_over_at_195_and_260(app, client, auth, world,
                                                                     time_machine):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=150)
    auth.login("staff@example.com")
    for seconds, holds in ((60, True), (75, True), (60, False), (65, False)):  # 60, 135, 195, 260
        _later(time_machine, seconds=seconds)
        _resign(client)
        assert _signed_in(client) is holds, seconds


def test_the_cookie_of_the_sign_in_response_obeys_the_idle_limit(app, client, auth, world,
                                                                time_machine):
    auth.login("staff@example.com")
    sign_in_cookie = _copy(client, app)  # the cookie exactly as the sign-in answer set it
    idle = app.config["SESSION_IDLE_MINUTES"]
    _later(time_machine, minutes=idle + 1)
    _resign(sign_in_cookie)
    assert not _signed_in(sign_in_cookie)
    assert not _signed_in(client)


def test_use_keeps_a_session_and_idleness_ends_it(app, client, auth, world, time_machine):
    auth.login("staff@example.com")
    idle = app.config["SESSION_IDLE_MINUTES"]
    for _ in range(3):
        _later(time_machine, minutes=idle - 10)
        assert _signed_in(client)
    _later(time_machine, minutes=idle + 1)
    assert not _signed_in(client)


def test_sign_out_everywhere_ends_every_session_pages_and_api(app, client, auth, world):
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login("staff@example.com")
    AuthActions(phone).login("staff@example.com")
    copy = _copy(laptop, app)
    AuthActions(client).login("manager@example.com")  # someone else, untouched
    manager = client
    assert all(_signed_in(c) for c in (laptop, phone, copy, manager))
    answer = phone.post("/account/sign-out-everywhere",
                        data={"csrf_token": AuthActions(phone).csrf_token("/account/")})
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
    assert not any(_signed_in(c) for c in (laptop, phone, copy))
    assert _signed_in(manager)


def test_a_new_password_ends_the_other_sessions_and_keeps_this_browser(app, client, auth,
                                                                      world):
    auth.login("staff@example.com")
    other = app.test_client()
    AuthActions(other).login("staff@example.com")
    before = _copy(client, app)
    answer = client.post("/account/password", data={
        "csrf_token": auth.csrf_token("/account/"), "current_password": PASSWORD,
        "password": "a new long passphrase", "confirm": "a new long passphrase"})
    assert answer.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(other)
    assert not _signed_in(before)  # this browser moved to a new session


def test_a_request_reads_its_session_once_and_notes_it_once_a_minute(app, client, auth, world,
                                                                    count_queries, time_machine):
    auth.login("staff@example.com")
    with count_queries() as statements:
        assert client.get(API).status_code == 200
    assert sum("user_sessions" in s for s in statements) == 1
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements)
    _later(time_machine, minutes=2)
    for _ in range(2):
        with count_queries() as statements:
            assert client.get(API).status_code == 200
        touched = [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
        assert len(touched) == (0 if _ else 1)
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at))
    assert seen > datetime.now(timezone.utc) - timedelta(minutes=1)


def test_cookies_of_the_old_kind_no_longer_sign_anyone_in(app, client, world):
    with client.session_transaction() as session:
        session["_user_id"] = f"{world.staff}:1"  # id:version, as before server-side sessions
        session["_fresh"] = True
    assert not _signed_in(client)


@pytest.mark.parametrize("path", ["/account/", "/tasks/"])
def test_signed_in_pages_still_open(client, auth, world, path):
    auth.login("staff@example.com")
    assert client.get(path).status_code == 200
