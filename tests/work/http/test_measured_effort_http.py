"""Minutes taken through the API and the pages; the measured effort on a task
and adopting it."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence


def _open_ids(app, task_id: int) -> list[int]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(select(Occurrence.id).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date)))


def _measure(app, task_id: int, minutes: list[int]) -> None:  # noqa: ANN001
    """Completions with minutes, a day apart, by the task's first owner."""
    with app.app_context():
        task = db.session.get(Task, task_id)
        actor = db.session.get(User, task.owners[0].user_id)
        rows = db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date)).all()
        for day, (occurrence, taken) in enumerate(zip(rows, minutes, strict=False)):
            occurrences.complete(actor, occurrence, minutes=taken, completed_at=datetime(
                2026, 11, 1, 9, tzinfo=UTC) + timedelta(days=day))
        db.session.commit()


def _minutes_taken(app, occurrence_id: int) -> tuple[str, int | None]:  # noqa: ANN001
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        return occurrence.status, occurrence.minutes_taken


# --- API ----------------------------------------------------------------------


def test_complete_with_minutes(client, app, world, bearer):
    occurrence_id = _open_ids(app, world.payroll_task)[0]
    response = client.post(f"/api/v1/occurrences/{occurrence_id}/complete",
                           headers=bearer(world.staff), json={"minutes": 45})
    assert response.status_code == 200
    assert response.json["minutes_taken"] == 45 and response.json["status"] == "done"


@pytest.mark.parametrize("minutes", [0, 100_000, "abc", 1.5, -1, True])
def test_bad_minutes_are_422_naming_the_field_and_nothing_is_saved(client, app, world, bearer,
                                                                   minutes):
    occurrence_id = _open_ids(app, world.payroll_task)[0]
    response = client.post(f"/api/v1/occurrences/{occurrence_id}/complete",
                           headers=bearer(world.staff), json={"minutes": minutes, "note": "x"})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["minutes"]
    assert _minutes_taken(app, occurrence_id) == ("open", None)


def test_the_task_json_carries_the_measured_effort(client, app, world, bearer):
    manager = bearer(world.manager)
    _measure(app, world.payroll_task, [50, 70])
    body = client.get(f"/api/v1/tasks/{world.payroll_task}", headers=manager).json
    assert (body["measured_effort_minutes"], body["measured_effort_samples"]) == (None, 2)
    _measure(app, world.payroll_task, [61])
    body = client.get(f"/api/v1/tasks/{world.payroll_task}", headers=manager).json
    assert (body["measured_effort_minutes"], body["measured_effort_samples"]) == (61, 3)
    listed = client.get("/api/v1/tasks", headers=bearer(world.admin)).json["items"]
    assert {t["id"]: (t["measured_effort_minutes"], t["measured_effort_samples"])
            for t in listed} == {world.payroll_task: (61, 3), world.accounting_task: (None, 0)}


def test_adopt_measured_effort_by_api(client, app, world, bearer):
    url = f"/api/v1/tasks/{world.payroll_task}/adopt-measured-effort"
    response = client.post(url, headers=bearer(world.manager))
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["effort_minutes"]
    _measure(app, world.payroll_task, [50, 70, 61])
    assert client.post(url, headers=bearer(world.staff)).status_code == 403
    response = client.post(url, headers=bearer(world.manager))
    assert response.status_code == 200 and response.json["effort_minutes"] == 61
    assert client.post(f"/api/v1/tasks/{world.accounting_task}/adopt-measured-effort",
                       headers=bearer(world.manager)).status_code == 404


# --- Pages ----------------------------------------------------------------------


def test_my_work_done_with_minutes(client, app, auth, world):
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    assert 'name="minutes" min="1" max="1440"' in page
    occurrence_id = _open_ids(app, world.payroll_task)[0]
    token = auth.csrf_token("/my-work")
    response = client.post(f"/occurrences/{occurrence_id}/complete",
                           data={"csrf_token": token, "minutes": "30", "next": "/my-work"})
    assert response.status_code == 302
    assert _minutes_taken(app, occurrence_id) == ("done", 30)


@pytest.mark.parametrize("minutes", ["0", "100000", "abc", "1.5"])
def test_bad_minutes_on_a_page_flash_the_field_and_save_nothing(client, app, auth, world,
                                                                minutes):
    auth.login("staff@example.com")
    occurrence_id = _open_ids(app, world.payroll_task)[0]
    token = auth.csrf_token("/my-work")
    response = client.post(f"/occurrences/{occurrence_id}/complete", follow_redirects=True,
                           data={"csrf_token": token, "minutes": minutes, "next": "/my-work"})
    assert response.status_code == 200
    assert "所要時間（分）" in response.get_data(as_text=True)
    assert _minutes_taken(app, occurrence_id) == ("open", None)


def test_the_task_page_shows_registered_and_measured_effort(client, app, auth, world):
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
    auth.login("manager@example.com")
    _measure(app, world.payroll_task, [50, 70])
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert "登録 120分" in page and "分の記録が3回になると実測を表示します（現在2回）" in page
    assert "実測値を採用" not in page
    _measure(app, world.payroll_task, [61])
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert "実測 61分（3回の中央値）" in page
    action = f"/tasks/{world.payroll_task}/adopt-measured-effort"
    assert f'action="{action}"' in page and "実測値を採用" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(action, data={"csrf_token": token}, follow_redirects=True)
    assert "1回あたりの工数を実測の61分にしました。" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Task, world.payroll_task).effort_minutes == 61
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert "実測値を採用" not in page  # nothing left to adopt


def test_staff_see_no_adopt_button_and_may_not_post_it(client, app, auth, world):
    _measure(app, world.payroll_task, [50, 70, 61])
    auth.login("staff@example.com")
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert "実測 61分" in page and "実測値を採用" not in page
    token = auth.csrf_token(f"/tasks/{world.payroll_task}")
    response = client.post(f"/tasks/{world.payroll_task}/adopt-measured-effort",
                           data={"csrf_token": token})
    assert response.status_code == 403


def test_adopting_needs_the_csrf_token(client, app, auth, world):
    _measure(app, world.payroll_task, [50, 70, 61])
    auth.login("manager@example.com")
    response = client.post(f"/tasks/{world.payroll_task}/adopt-measured-effort", data={})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Task, world.payroll_task).effort_minutes != 61


def test_the_reminders_done_page_asks_for_the_minutes(client, app, auth, world):
    auth.login("staff@example.com")
    occurrence_id = _open_ids(app, world.payroll_task)[0]
    page = client.get(f"/occurrences/{occurrence_id}/done").get_data(as_text=True)
    assert 'name="minutes"' in page and "所要時間（分）" in page
    token = auth.csrf_token(f"/occurrences/{occurrence_id}/done")
    client.post(f"/occurrences/{occurrence_id}/complete",
                data={"csrf_token": token, "minutes": "1440", "next": "/my-work"})
    assert _minutes_taken(app, occurrence_id) == ("done", 1440)
