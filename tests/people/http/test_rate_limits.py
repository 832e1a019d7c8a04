"""Sign-in throttling per address and per account, in memory and in the database."""
from __future__ import annotations

import pytest
from conftest import PASSWORD

from planner.core.extensions import db
from planner.core.ratelimit_counter import RateLimitCounter


def _attempt(client, auth, email: str, password: str, address: str = "10.0.0.1"):  # noqa: ANN001, ANN201
    token = auth.csrf_token("/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("storage", ["memory://", "planner+db://"])
def test_an_account_is_locked_after_failed_attempts_then_says_so(app, client, auth, world,
                                                                storage):
    app.config.update(RATELIMIT_STORAGE_URI=storage, LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    from planner.core.ratelimit import limiter

    limiter.init_app(app)  # the storage chosen by this configuration
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # from several addresses
        assert _attempt(client, auth, "staff@example.com", "wrong", address).status_code == 200
    locked = _attempt(client, auth, "staff@example.com", PASSWORD, "10.0.0.4")
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert "15" in page and "form-errors" in page
    # Another account is not affected.
    assert _attempt(client, auth, "manager@example.com", PASSWORD).status_code == 302
    if storage == "planner+db://":
        with app.app_context():
            assert db.session.query(RateLimitCounter).count() >= 1


def test_an_address_is_limited_across_accounts(app, client, auth, world):
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="4 per 10 minutes")
    for n in range(4):
        assert _attempt(client, auth, f"nobody{n}@example.com", "wrong").status_code == 200
    assert _attempt(client, auth, "staff@example.com", PASSWORD).status_code == 429
    assert _attempt(client, auth, "staff@example.com", PASSWORD,
                    "10.9.9.9").status_code == 302


def test_successful_sign_ins_do_not_count(app, client, auth, world):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    for _ in range(4):
        assert _attempt(client, auth, "staff@example.com", PASSWORD).status_code == 302
        auth.logout()
