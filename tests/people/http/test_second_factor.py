"""The optional TOTP second factor for managers and administrators."""
from __future__ import annotations

import re
import time

import pyotp

from planner.core.extensions import db
from planner.people import second_factor
from planner.people.models.user import User


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _enable(client, auth) -> str:  # noqa: ANN001
    """Turn it on from the account page, as a manager would; returns the secret."""
    auth.login("manager@example.com")
    page = client.post("/account/two-step", data={"csrf_token": auth.csrf_token("/account/")})
    text = page.get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', text).group(1)
    wrong = client.post("/account/two-step/confirm", data={"csrf_token": _token(text),
                                                           "code": "000000"})
    assert wrong.status_code == 400
    done = client.post("/account/two-step/confirm", data={
        "csrf_token": _token(text), "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    auth.logout()
    return secret


def test_sign_in_asks_for_the_code_once_it_is_on(app, client, auth, world):
    secret = _enable(client, auth)
    first = auth.login("manager@example.com")
    assert first.status_code == 302 and first.location.endswith("/login/code")
    assert client.get("/my-work").status_code == 302  # not signed in yet
    page = client.get("/login/code").get_data(as_text=True)
    bad = client.post("/login/code", data={"csrf_token": _token(page), "code": "123456"})
    assert bad.status_code == 400
    # The previous step's code: the one used to turn it on is not accepted twice.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    good = client.post("/login/code", data={"csrf_token": _token(page), "code": code})
    # A manager: the overview of their departments is where they start.
    assert good.status_code == 302 and good.location.endswith("/overview")
    assert client.get("/my-work").status_code == 200
    auth.logout()
    auth.login("manager@example.com")
    page = client.get("/login/code").get_data(as_text=True)
    replay = client.post("/login/code", data={"csrf_token": _token(page), "code": code})
    assert replay.status_code == 400  # a code works once


def test_staff_are_not_offered_it(client, auth, world):
    auth.login("staff@example.com")
    assert "two-step" not in client.get("/account/").get_data(as_text=True)
    response = client.post("/account/two-step",
                           data={"csrf_token": auth.csrf_token("/account/")})
    assert response.status_code == 403


def test_codes_from_the_next_or_previous_step_only(ctx, world):
    manager = db.session.get(User, world.manager)
    secret = second_factor.new_secret()
    now = 1_800_000_000.0
    totp = pyotp.TOTP(secret)
    second_factor.enable(manager, secret, totp.at(now), now=now)
    assert not second_factor.verify(manager, totp.at(now - 90), now=now)  # too old
    assert second_factor.verify(manager, totp.at(now + 30), now=now)
    assert not second_factor.verify(manager, totp.at(now + 30), now=now)  # replayed
    assert manager.totp_secret == secret
