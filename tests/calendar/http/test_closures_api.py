"""Company closures through the API: read by anyone signed in, changed by
administrators, and due dates follow at once, as when the calendar page saves.
The payroll task falls due on the 10th (next business day if not one):
Tuesday 10 August 2027 inside an お盆 closure moves to Monday the 16th."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from planner.calendar.models import ClosedDay
from planner.core.extensions import db
from planner.work.models import Occurrence

OBON = {"name": "夏季休業", "start_date": "2027-08-09", "end_date": "2027-08-13",
        "yearly": False}


def _due_in_august(app, task_id: int) -> date:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Occurrence.due_date).where(
            Occurrence.task_id == task_id, Occurrence.nominal_date == date(2027, 8, 10),
            Occurrence.status == "open"))


def _closures(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ClosedDay))


def test_anyone_signed_in_reads_the_closures(client, world, bearer):
    response = client.get("/api/v1/calendar/closures", headers=bearer(world.staff))
    assert response.status_code == 200
    assert response.json["total"] == 1
    [closure] = response.json["items"]
    assert (closure["name"], closure["yearly"]) == ("年末年始休業", True)
    assert client.get("/api/v1/calendar/closures").status_code == 401


def test_an_administrator_adds_a_closure_and_due_dates_move(client, app, world, bearer):
    assert _due_in_august(app, world.payroll_task) == date(2027, 8, 10)
    response = client.post("/api/v1/calendar/closures", json=OBON, headers=bearer(world.admin))
    assert response.status_code == 201
    assert {k: response.json[k] for k in OBON} == OBON
    assert _due_in_august(app, world.payroll_task) == date(2027, 8, 16)
    listed = client.get("/api/v1/calendar/closures", headers=bearer(world.staff)).json
    assert response.json in listed["items"]


def test_removing_the_closure_moves_the_dates_back(client, app, world, bearer):
    admin = bearer(world.admin)
    closure_id = client.post("/api/v1/calendar/closures", json=OBON, headers=admin).json["id"]
    response = client.delete(f"/api/v1/calendar/closures/{closure_id}", headers=admin)
    assert (response.status_code, response.data) == (204, b"")
    assert _due_in_august(app, world.payroll_task) == date(2027, 8, 10)
    again = client.delete(f"/api/v1/calendar/closures/{closure_id}", headers=admin)
    assert again.status_code == 404 and again.json["error"]["code"] == "not_found"


def test_staff_and_managers_may_not_change_closures(client, app, world, bearer):
    for person in (world.staff, world.manager):
        headers = bearer(person)
        assert client.post("/api/v1/calendar/closures", json=OBON,
                           headers=headers).status_code == 403
        closure_id = client.get("/api/v1/calendar/closures", headers=headers).json["items"][0]["id"]
        assert client.delete(f"/api/v1/calendar/closures/{closure_id}",
                             headers=headers).status_code == 403
    assert _closures(app) == 1


def test_a_closure_ending_before_it_starts_is_refused_on_end_date(client, app, world, bearer):
    response = client.post("/api/v1/calendar/closures", headers=bearer(world.admin),
                           json={**OBON, "start_date": "2027-08-13", "end_date": "2027-08-09"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    [message] = response.json["error"]["fields"]["end_date"]
    assert message == "終了日は開始日以降にしてください。"
    assert _closures(app) == 1
    assert _due_in_august(app, world.payroll_task) == date(2027, 8, 10)


def test_a_yearly_closure_may_span_the_new_year(client, world, bearer):
    response = client.post("/api/v1/calendar/closures", headers=bearer(world.admin), json={
        "name": "年末年始", "start_date": "2027-12-28", "end_date": "2028-01-04", "yearly": True})
    assert response.status_code == 201


def test_bad_fields_are_named_and_nothing_is_saved(client, app, world, bearer):
    admin = bearer(world.admin)
    for body, fields in (
            ({"start_date": "2027-08-09", "end_date": "2027-08-13"}, {"name"}),
            ({**OBON, "name": "   "}, {"name"}),
            ({**OBON, "name": "休" * 121}, {"name"}),
            ({**OBON, "start_date": "2027-02-30"}, {"start_date"}),
            ({**OBON, "end_date": None}, {"end_date"}),
            ({**OBON, "yearly": "yes"}, {"yearly"}),
            ({**OBON, "colour": "red"}, {"colour"})):
        response = client.post("/api/v1/calendar/closures", json=body, headers=admin)
        assert response.status_code == 422, body
        assert set(response.json["error"]["fields"]) == fields, body
    assert client.post("/api/v1/calendar/closures", data="[]", headers={
        **admin, "Content-Type": "application/json"}).status_code == 422
    assert _closures(app) == 1
