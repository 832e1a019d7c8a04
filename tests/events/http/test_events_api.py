"""The events API and pages: a manager records an event and its run opens
(201 with its steps), bad input is a 422 naming the field, staff read runs
but may not record or cancel, an unknown event is a 404."""
from __future__ import annotations

import re
from datetime import date

import pytest
from event_runs_support import step_departments
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events.models import Event
from planner.tasks.models import Task
from planner.work.models import Occurrence

EVENTS = "/api/v1/events"


@pytest.fixture
def roster(app, world) -> dict[str, int]:  # noqa: ANN001
    """The departments the leave's steps go to, and an employee who leaves."""
    with app.app_context():
        hr = step_departments(world.manager)
        employee = Employee(number="E1001", name="山田 太郎", hire_date=date(2020, 4, 1))
        db.session.add(employee)
        db.session.commit()
        return {"employee": employee.id, "hr": hr.id}


def _count(app, model) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_manager_records_a_leaver_and_staff_read_the_run(client, app, world, roster, bearer):
    manager, staff = bearer(world.manager), bearer(world.staff)
    created = client.post(EVENTS, headers=manager, json={
        "type": "leave", "date": "2026-12-15", "employee_id": roster["employee"],
        "note": "自己都合"})
    assert created.status_code == 201, created.json
    body = created.json
    assert (body["type"], body["date"], body["employee_id"], body["status"]) == (
        "leave", "2026-12-15", roster["employee"], "open")
    keys = {step["key"] for step in body["steps"]}
    assert {"employment-insurance-loss", "separation-certificate", "withholding-slip-leaver",
            "resident-tax-transfer"} <= keys
    for step in body["steps"]:
        assert set(step) >= {"key", "title", "due_date", "owner_id", "occurrence_id", "work_by",
                             "status"}
        assert date.fromisoformat(step["work_by"]) <= date.fromisoformat(step["due_date"])
    read = client.get(f"{EVENTS}/{body['id']}", headers=staff)
    assert read.status_code == 200 and read.json["steps"] == body["steps"]
    listed = client.get(EVENTS, headers=staff, query_string={"type": "leave"})
    assert listed.status_code == 200 and listed.json["total"] == 1
    assert listed.json["items"][0]["steps_total"] == len(body["steps"])
    assert client.post(f"{EVENTS}/{body['id']}/cancel", headers=staff).status_code == 403
    cancelled = client.post(f"{EVENTS}/{body['id']}/cancel", headers=manager)
    assert cancelled.status_code == 200
    assert cancelled.json["status"] == "cancelled"
    assert {s["status"] for s in cancelled.json["steps"]} == {"cancelled"}


def test_an_employee_given_inline_joins_the_roster(client, app, world, roster, bearer):
    created = client.post(EVENTS, headers=bearer(world.manager), json={
        "type": "hire", "date": "2027-01-05",
        "employee": {"number": "E2001", "name": "新人 花子", "name_kana": "シンジン ハナコ",
                     "employment_type": "regular", "hire_date": "2027-01-05",
                     "employment_insurance_insured": True}})
    assert created.status_code == 201, created.json
    assert "employment-insurance-enrolment" in {s["key"] for s in created.json["steps"]}
    with app.app_context():
        assert db.session.get(Employee, created.json["employee_id"]).number == "E2001"


def test_the_same_idempotency_key_answers_with_the_first_event(client, app, world, roster,
                                                               bearer):
    manager = bearer(world.manager)
    body = {"type": "leave", "date": "2026-12-15", "employee_id": roster["employee"],
            "idempotency_key": "hr-system-4711"}
    first = client.post(EVENTS, headers=manager, json=body)
    again = client.post(EVENTS, headers=manager, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"]
    assert _count(app, Event) == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"type": "resignation"}, "type"),
    ({"type": None}, "type"),
    ({"date": "2026-13-01"}, "date"),
    ({"date": "tomorrow"}, "date"),
    ({"employee_id": 999999}, "employee_id"),
    ({"employee_id": "E1001"}, "employee_id"),
    ({"owners": ["x"]}, "owners"),
    ({"owners": {"no-such-step": 1}}, "owners.no-such-step"),
    ({"employee_id": None, "employee": {"number": "E3", "name": ""}}, "employee.name"),
])
def test_bad_input_is_a_422_naming_the_field(client, app, world, roster, bearer, change, field):
    body = {"type": "leave", "date": "2026-12-15", "employee_id": roster["employee"], **change}
    refused = client.post(EVENTS, headers=bearer(world.manager), json=body)
    assert refused.status_code == 422, refused.json
    assert field in refused.json["error"]["fields"]
    assert _count(app, Event) == 0 and _count(app, Occurrence.__table__) > 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Occurrence).where(
            Occurrence.event_id.is_not(None))) == 0


def test_roles_and_unknown_events(client, app, world, roster, bearer):
    body = {"type": "leave", "date": "2026-12-15", "employee_id": roster["employee"]}
    assert client.post(EVENTS, json=body).status_code == 401
    assert client.post(EVENTS, headers=bearer(world.staff), json=body).status_code == 403
    assert client.get(f"{EVENTS}/999999", headers=bearer(world.staff)).status_code == 404
    assert client.post(f"{EVENTS}/999999/cancel",
                       headers=bearer(world.manager)).status_code == 404
    assert client.get(EVENTS, headers=bearer(world.staff),
                      query_string={"status": "lost"}).status_code == 422


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_the_pages_preview_record_show_and_cancel(client, app, world, roster, auth):
    auth.login("manager@example.com")
    form = client.get("/events/new")
    assert form.status_code == 200
    fields = {"csrf_token": _csrf(form.text), "type": "leave", "date": "2026-12-15",
              "employee_number": "E1001", "note": ""}
    preview = client.post("/events/new", data={**fields, "preview": "確認"})
    assert preview.status_code == 200
    assert "離職票" in preview.text or "separation-certificate" in preview.text
    assert 'name="owner-separation-certificate"' in preview.text
    assert _count(app, Event) == 0  # the preview records nothing
    saved = client.post("/events/new", data={**fields, "submit": "登録",
                                             "owner-separation-certificate": ""})
    assert saved.status_code == 302, saved.text
    page = client.get(saved.headers["Location"])
    assert page.status_code == 200 and "山田" in page.text
    assert re.search(r"data-progress>\s*0\s*/\s*\d+", page.text) or "件中" in page.text
    confirm = client.get(saved.headers["Location"] + "/cancel")
    assert confirm.status_code == 200
    done = client.post(saved.headers["Location"] + "/cancel",
                       data={"csrf_token": _csrf(confirm.text)})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Event.status)) == "cancelled"
    listing = client.get("/events/")
    assert listing.status_code == 200 and "山田" in listing.text


def test_the_form_names_the_field_of_a_mistake(client, app, world, roster, auth):
    auth.login("manager@example.com")
    token = _csrf(client.get("/events/new").text)
    answer = client.post("/events/new", data={"csrf_token": token, "type": "leave",
                                              "date": "2026-12-15", "employee_number": "NOPE",
                                              "preview": "確認"})
    assert answer.status_code == 200
    assert re.search(r'id="employee_number-error"', answer.text)
    assert _count(app, Event) == 0


def test_staff_see_runs_but_not_the_form(client, app, world, roster, auth):
    auth.login("staff@example.com")
    assert client.get("/events/").status_code == 200
    assert client.get("/events/new").status_code == 403


def test_a_step_task_shows_and_edits_like_any_task(client, app, world, roster, auth, bearer):
    created = client.post(EVENTS, headers=bearer(world.manager), json={
        "type": "leave", "date": "2026-12-15", "employee_id": roster["employee"]})
    step = next(s for s in created.json["steps"] if s["key"] == "separation-certificate")
    with app.app_context():
        task_id = db.session.get(Occurrence, step["occurrence_id"]).task_id
    auth.login("manager@example.com")
    shown = client.get(f"/tasks/{task_id}")
    assert shown.status_code == 200 and "イベント登録時" in shown.text
    form = client.get(f"/tasks/{task_id}/edit")
    assert form.status_code == 200
    assert 'value="event"' not in form.text  # the form offers no such schedule
    # and says why: the dates come from events; the schedule fields are not shown
    assert 'id="event-step-schedule"' in form.text and "期限は登録されたイベントから決まり" in form.text
    assert client.get("/export/registry.xlsx").status_code == 200


def test_editing_a_step_task_keeps_its_schedule(client, app, world, roster, bearer):
    manager = bearer(world.manager)
    created = client.post(EVENTS, headers=manager, json={
        "type": "leave", "date": "2026-12-15", "employee_id": roster["employee"]})
    with app.app_context():
        step = next(s for s in created.json["steps"] if s["key"] == "separation-certificate")
        task_id = db.session.get(Occurrence, step["occurrence_id"]).task_id
    changed = client.patch(f"/api/v1/tasks/{task_id}", headers=manager, json={
        "effort_minutes": 45, "preset": "monthly_day", "day": 10})
    assert changed.status_code == 200, changed.json
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert (task.schedule_kind, task.effort_minutes) == ("event", 45)
        assert db.session.scalar(select(func.count()).select_from(Occurrence).where(
            Occurrence.task_id == task_id, Occurrence.run_key == 0)) == 0
