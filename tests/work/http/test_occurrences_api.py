from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.work.models import Occurrence


def _first_open(app, task_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))


def test_list_filters_and_scope(client, world, bearer):
    staff = bearer(world.staff)
    body = client.get("/api/v1/occurrences?per_page=100", headers=staff).json
    assert body["total"] >= 12
    assert {o["task_id"] for o in body["items"]} == {world.payroll_task}
    ranged = client.get("/api/v1/occurrences?due_from=2027-01-01&due_to=2027-01-31",
                        headers=staff).json
    assert [o["due_date"] for o in ranged["items"]] == ["2027-01-12"]
    mine = client.get(f"/api/v1/occurrences?person_id={world.other_staff}", headers=staff).json
    assert mine["total"] == 0  # their task is in a department staff does not see
    admin = client.get(f"/api/v1/occurrences?department_id={world.accounting}&status=open",
                       headers=bearer(world.admin)).json
    assert {o["task_id"] for o in admin["items"]} == {world.accounting_task}


def test_bad_filters_name_the_parameter(client, world, bearer):
    response = client.get("/api/v1/occurrences?due_from=yesterday&status=late",
                          headers=bearer(world.staff))
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"due_from", "status"}


def test_complete_and_skip(client, app, world, bearer):
    staff = bearer(world.staff)
    occurrence_id = _first_open(app, world.payroll_task)
    response = client.post(f"/api/v1/occurrences/{occurrence_id}/complete", headers=staff,
                           json={"note": "e-Taxで納付"})
    assert response.status_code == 200
    assert response.json["status"] == "done" and response.json["completed_by_id"] == world.staff
    response = client.post(f"/api/v1/occurrences/{occurrence_id}/skip", headers=staff, json={})
    assert response.status_code == 422 and "reason" in response.json["error"]["fields"]
    response = client.post(f"/api/v1/occurrences/{occurrence_id}/skip", headers=staff,
                           json={"reason": "対象なし"})
    assert response.json["status"] == "skipped"


def test_complete_another_departments_occurrence_is_404(client, app, world, bearer):
    occurrence_id = _first_open(app, world.accounting_task)
    response = client.post(f"/api/v1/occurrences/{occurrence_id}/complete",
                           headers=bearer(world.staff), json={})
    assert response.status_code == 404


def test_preview_with_an_rrule(client, world, bearer):
    response = client.get(
        "/api/v1/recurrence/preview?rrule=FREQ=MONTHLY;BYMONTHDAY=10&shift=next"
        "&start=2027-01-01&count=2", headers=bearer(world.staff))
    assert response.status_code == 200
    first, second = response.json["dates"]
    assert (first["nominal"], first["due"], first["moved"]) == ("2027-01-10", "2027-01-12", True)
    assert first["reason"]  # the weekend
    assert second["due"] == "2027-02-10" and second["moved"] is False


def test_preview_with_a_preset_and_last_business_day(client, world, bearer):
    response = client.get("/api/v1/recurrence/preview?preset=business_day&business_day=-1"
                          "&start=2026-12-01&count=1", headers=bearer(world.staff))
    assert response.json["dates"][0]["due"] == "2026-12-28"


def test_preview_explains_an_invalid_rule_on_its_field(client, world, bearer):
    response = client.get("/api/v1/recurrence/preview?rrule=FREQ=SOMETIMES",
                          headers=bearer(world.staff))
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["rrule"]


def test_tasks_api_takes_and_returns_the_schedule(client, world, bearer):
    staff = bearer(world.staff)
    response = client.post("/api/v1/tasks", headers=staff, json={
        "title": "給与の支給", "department_id": world.payroll, "category": "payroll",
        "preset": "monthly_day", "day": 25, "shift": "previous", "lead_days": [3, 1]})
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["preset"], body["day"], body["shift"], body["lead_days"]) == (
        "monthly_day", 25, "previous", [3, 1])
    patched = client.patch(f"/api/v1/tasks/{body['id']}", headers=staff,
                           json={"rrule": "FREQ=MONTHLY;BYMONTHDAY=20"}).json
    assert patched["preset"] == "monthly_day" and patched["day"] == 20
    response = client.patch(f"/api/v1/tasks/{body['id']}", headers=staff,
                            json={"lead_days": ["soon"]})
    assert response.status_code == 422 and "lead_days" in response.json["error"]["fields"]
