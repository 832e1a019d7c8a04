"""The inbox marks a reminded occurrence done, with the minutes it took."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from planner.core.extensions import db
from planner.notifications.models import Notification
from planner.work.models import Occurrence


def _reminder(app, world) -> int:  # noqa: ANN001
    with app.app_context():
        occurrence_id = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))
        db.session.add(Notification(
            dedupe_key=f"test:{occurrence_id}", kind="reminder", channel="inbox", status="sent",
            recipient_id=world.staff, occurrence_id=occurrence_id, subject="源泉所得税の納付",
            send_after=datetime(2026, 12, 1, tzinfo=UTC),
            sent_at=datetime(2026, 12, 1, tzinfo=UTC)))
        db.session.commit()
        return occurrence_id


def _state(app, occurrence_id: int) -> tuple[str, int | None]:  # noqa: ANN001
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        return occurrence.status, occurrence.minutes_taken


def test_done_from_the_inbox_with_minutes(client, app, auth, world):
    occurrence_id = _reminder(app, world)
    auth.login("staff@example.com")
    page = client.get("/inbox").get_data(as_text=True)
    action = f'action="/occurrences/{occurrence_id}/complete"'
    assert action in page and 'name="minutes"' in page
    token = auth.csrf_token("/inbox")
    response = client.post(f"/occurrences/{occurrence_id}/complete", follow_redirects=True,
                           data={"csrf_token": token, "minutes": "25", "next": "/inbox"})
    assert response.request.path == "/inbox"
    assert _state(app, occurrence_id) == ("done", 25)
    assert action not in response.get_data(as_text=True)  # done: no form any more


def test_bad_minutes_from_the_inbox_are_named_and_nothing_is_saved(client, app, auth, world):
    occurrence_id = _reminder(app, world)
    auth.login("staff@example.com")
    token = auth.csrf_token("/inbox")
    response = client.post(f"/occurrences/{occurrence_id}/complete", follow_redirects=True,
                           data={"csrf_token": token, "minutes": "0", "next": "/inbox"})
    assert response.request.path == "/inbox"
    assert "所要時間（分）" in response.get_data(as_text=True)
    assert _state(app, occurrence_id) == ("open", None)


def test_done_without_minutes_still_works(client, app, auth, world):
    occurrence_id = _reminder(app, world)
    auth.login("staff@example.com")
    token = auth.csrf_token("/inbox")
    client.post(f"/occurrences/{occurrence_id}/complete",
                data={"csrf_token": token, "minutes": "", "next": "/inbox"})
    assert _state(app, occurrence_id) == ("done", None)
