"""The event webhook (Standard Webhooks): a signed delivery records its event
once, whatever the number of times it is sent; anything unsigned, signed
with another secret, too old or too new is refused with a 401 and saves
nothing."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import AuthActions

from planner.core.extensions import db
from planner.core.ratelimit import limiter
from planner.employees.models import Employee
from planner.events import webhooks
from planner.events.models import Event
from planner.people.models.department import Department
from planner.people.models.user import User

URL = "/api/v1/webhooks/events"


@pytest.fixture
def event_departments(app, world) -> None:  # noqa: ANN001
    """Where the event types' steps go: 人事 and 総務 beside the world's 給与 and 経理."""
    with app.app_context():
        db.session.add_all([Department(code="hr", name="人事"),
                            Department(code="general", name="総務")])
        db.session.commit()
HIRE = {"type": "hire", "date": "2026-12-01",
        "employee": {"number": "E9001", "name": "山田　太郎", "name_kana": "ヤマダ　タロウ",
                     "division": "営業部", "employment_type": "regular"}}


@pytest.fixture
def secret(app, world, event_departments) -> str:  # noqa: ANN001
    with app.app_context():
        made = webhooks.generate_secret(db.session.get(User, world.admin))
        db.session.commit()
    return made


def _post(client, body: dict | bytes, secret: str, message_id: str = "msg_1",  # noqa: ANN001, ANN201
          at: datetime | None = None, headers: dict | None = None, **kwargs):  # noqa: ANN003
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    signed = webhooks.sign(secret, message_id, at or datetime.now(timezone.utc), raw)
    return client.post(URL, data=raw, content_type="application/json",
                       headers={**signed, **(headers or {})}, **kwargs)


def _counts(app) -> tuple[int, int]:  # noqa: ANN001
    with app.app_context():
        return (db.session.query(Event).count(), db.session.query(Employee).count())


def test_a_signed_delivery_records_the_event_and_the_new_employee_once(app, client, secret,
                                                                        world, bearer):
    first = _post(client, HIRE, secret)
    assert first.status_code == 201, first.json
    event = first.json
    assert event["id"] and event["steps"]
    keys = {step["key"] for step in event["steps"]}
    assert "employment-insurance-enrolment" in keys
    shown = client.get(f"/api/v1/events/{event['id']}", headers=bearer(world.manager))
    assert shown.json == event
    again = _post(client, HIRE, secret)  # the sender retries the same delivery
    assert again.status_code == 200
    assert again.json["id"] == event["id"]
    assert _counts(app) == (1, 1)
    with app.app_context():
        recorded = db.session.get(Event, event["id"])
        assert (recorded.source, recorded.message_id, recorded.recorded_by_id) == (
            "webhook", "msg_1", None)
        assert recorded.employee.number == "E9001"


def test_another_message_id_is_another_event_for_the_same_employee(app, client, secret):
    assert _post(client, HIRE, secret, "msg_1").status_code == 201
    bonus = {"type": "bonus", "date": "2026-12-10", "employee_number": "E9001"}
    answer = _post(client, bonus, secret, "msg_2")
    assert answer.status_code == 201, answer.json
    assert _counts(app) == (2, 1)


@pytest.mark.parametrize("tamper", ["other secret", "body changed", "no signature",
                                    "no id", "no timestamp", "too old", "too new",
                                    "not a number"])
def test_a_delivery_that_does_not_prove_its_sender_is_refused_and_saves_nothing(
        app, client, secret, tamper):
    raw = json.dumps(HIRE).encode()
    now = datetime.now(timezone.utc)
    key = webhooks.PREFIX + "c2VjcmV0IG9mIHNvbWVib2R5IGVsc2UgYXQgYWxsIGhlcmU="
    at = {"too old": now - timedelta(minutes=6), "too new": now + timedelta(minutes=6)}.get(
        tamper, now)
    headers = webhooks.sign(key if tamper == "other secret" else secret, "msg_1", at, raw)
    if tamper == "body changed":
        raw = raw.replace(b"E9001", b"E9002")
    missing = {"no signature": "webhook-signature", "no id": "webhook-id",
               "no timestamp": "webhook-timestamp"}.get(tamper)
    if missing:
        del headers[missing]
    if tamper == "not a number":
        headers["webhook-timestamp"] = "yesterday"
    answer = client.post(URL, data=raw, content_type="application/json", headers=headers)
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "unauthorized"
    assert _counts(app) == (0, 0)


def test_without_a_secret_every_delivery_is_refused(app, client, world, event_departments):
    key = webhooks.PREFIX + "c2VjcmV0IG9mIHNvbWVib2R5IGVsc2UgYXQgYWxsIGhlcmU="
    answer = _post(client, HIRE, key)
    assert answer.status_code == 401
    assert "シークレット" in answer.json["error"]["message"]  # a caller without a session reads Japanese
    assert _counts(app) == (0, 0)


@pytest.mark.parametrize(("body", "field"), [
    ({**HIRE, "type": "promotion"}, "type"),
    ({**HIRE, "date": "2026-02-30"}, "date"),
    ({**HIRE, "date": None}, "date"),
    ({"type": "leave", "date": "2026-12-01", "employee_number": "NOBODY"}, "employee_number"),
    ({"type": "leave", "date": "2026-12-01"}, "employee"),
    ({**HIRE, "employee": {"number": "E9001"}}, "employee.name"),
    ([1, 2], "body"),
])
def test_a_signed_delivery_with_a_bad_body_is_422_naming_the_field(app, client, secret, body,
                                                                     field):
    answer = _post(client, body, secret)
    assert answer.status_code == 422
    assert field in answer.json["error"]["fields"]
    assert _counts(app) == (0, 0)


def test_a_message_id_longer_than_the_database_keeps_is_422(app, client, secret):
    answer = _post(client, HIRE, secret, message_id="m" * 101)
    assert answer.status_code == 422
    assert "webhook-id" in answer.json["error"]["fields"]


def test_no_bearer_token_and_no_csrf_token_are_asked_for(app, client, secret):
    """A browser session posting to it is no different: no CSRF token needed."""
    AuthActions(client).login("admin@example.com")
    assert _post(client, HIRE, secret).status_code == 201


def test_refused_deliveries_are_rate_limited_per_address(app, client, secret):
    app.config.update(WEBHOOK_LIMIT_PER_ADDRESS="3 per 10 minutes")
    limiter.init_app(app)
    wrong = webhooks.PREFIX + "c2VjcmV0IG9mIHNvbWVib2R5IGVsc2UgYXQgYWxsIGhlcmU="
    for n in range(3):
        assert _post(client, HIRE, wrong, f"bad_{n}").status_code == 401
    refused = _post(client, HIRE, secret, "msg_1")
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many_requests"
    other = _post(client, HIRE, secret, "msg_1", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 201
