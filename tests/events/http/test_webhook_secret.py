"""The event webhook's secret: administrators generate it (page and API), it is
shown once and never stored, and a new one makes the old one worthless."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from conftest import AuthActions

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.core.setting import Setting
from planner.events import webhooks
from planner.people.models.department import Department

SECRET_API = "/api/v1/webhooks/events/secret"
RECEIVER = "/api/v1/webhooks/events"
LEAVE = {"type": "leave", "date": "2026-11-30",
         "employee": {"number": "E7001", "name": "佐々木　健", "name_kana": "ササキ　ケン"}}


@pytest.fixture(autouse=True)
def _departments(app, world) -> None:  # noqa: ANN001
    """Where the leaver's steps go."""
    with app.app_context():
        db.session.add_all([Department(code="hr", name="人事"),
                            Department(code="general", name="総務")])
        db.session.commit()


def _deliver(client, secret: str, message_id: str):  # noqa: ANN001, ANN201
    raw = json.dumps(LEAVE).encode()
    return client.post(RECEIVER, data=raw, content_type="application/json",
                       headers=webhooks.sign(secret, message_id, datetime.now(timezone.utc), raw))


def _stored_text(app) -> str:  # noqa: ANN001
    """Everything the database holds about the secret: the setting and its audit trail."""
    with app.app_context():
        rows = [json.dumps(s.value) for s in db.session.query(Setting).all()]
        rows += [json.dumps(e.changes, default=str) for e in db.session.query(AuditEntry).all()]
    return "\n".join(rows)


def test_only_administrators_generate_or_see_it(client, world, bearer):
    for person in (world.staff, world.manager):
        headers = bearer(person)
        assert client.post(SECRET_API, headers=headers).status_code == 403
        assert client.get(SECRET_API, headers=headers).status_code == 403
    assert client.post(SECRET_API).status_code == 401


def test_the_api_shows_it_once_and_keeps_only_what_cannot_give_it_back(app, client, world,
                                                                         bearer):
    admin = bearer(world.admin)
    assert client.get(SECRET_API, headers=admin).json == {"set": False, "created_at": None}
    made = client.post(SECRET_API, headers=admin)
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "no-store"
    secret = made.json["secret"]
    assert secret.startswith("whsec_")
    state = client.get(SECRET_API, headers=admin).json
    assert state["set"] is True and state["created_at"]
    assert secret not in json.dumps(state)
    stored = _stored_text(app)
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    assert _deliver(client, secret, "msg_1").status_code == 201


def test_a_new_secret_makes_the_old_one_worthless(app, client, world, bearer):
    admin = bearer(world.admin)
    old = client.post(SECRET_API, headers=admin).json["secret"]
    new = client.post(SECRET_API, headers=admin).json["secret"]
    assert new != old
    assert _deliver(client, old, "msg_1").status_code == 401
    assert _deliver(client, new, "msg_1").status_code == 201


def test_another_secret_key_derives_another_secret(app, client, world, bearer):
    """A copy of the database alone (a backup) cannot sign a delivery."""
    secret = client.post(SECRET_API, headers=bearer(world.admin)).json["secret"]
    app.config["SECRET_KEY"] = app.secret_key = "another deployment's key"
    assert _deliver(client, secret, "msg_1").status_code == 401


def test_the_page_shows_the_secret_once(app, client, world):
    auth = AuthActions(client)
    auth.login("admin@example.com")
    page = client.get("/admin/webhooks").get_data(as_text=True)
    assert "/api/v1/webhooks/events" in page and "whsec_" not in page
    token = auth.csrf_token("/admin/webhooks")
    shown = client.post("/admin/webhooks/secret", data={"csrf_token": token})
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store"
    secret = re.search(r"whsec_[A-Za-z0-9+/=]+", shown.get_data(as_text=True)).group(0)
    later = client.get("/admin/webhooks").get_data(as_text=True)
    assert secret not in later and "whsec_" not in later
    assert _deliver(client, secret, "msg_1").status_code == 201


def test_the_page_is_for_administrators_and_needs_its_csrf_token(client, world):
    auth = AuthActions(client)
    auth.login("manager@example.com")
    assert client.get("/admin/webhooks").status_code == 403
    token = auth.csrf_token("/tasks/")
    assert client.post("/admin/webhooks/secret", data={"csrf_token": token}).status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    assert client.post("/admin/webhooks/secret", data={}).status_code == 400
