from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.operations import PersonData, create_person
from planner.work.models import Occurrence


@pytest.fixture
def colleague(app, world) -> int:  # noqa: ANN001
    with app.app_context():
        person = create_person(PersonData(email="colleague@example.com", name="同僚 太郎",
                                          department_ids=[world.payroll]))
        db.session.commit()
        return person.id


def _coverage_of(client, headers, task_id):  # noqa: ANN001, ANN202
    items = client.get("/api/v1/coverage?per_page=200", headers=headers).json["items"]
    return next(item for item in items if item["id"] == task_id)


def test_coverage_reports_spof_until_a_second_person_qualifies(client, world, bearer,
                                                                colleague):
    manager = bearer(world.manager)
    item = _coverage_of(client, manager, world.payroll_task)
    assert item["qualified_count"] == 1 and item["single_point_of_failure"] is True
    assert item["risk_score"] == 18
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/owners", headers=manager, json={
        "owners": [{"user_id": world.staff, "role": "primary", "level": 3},
                   {"user_id": colleague, "role": "trainee", "level": 2}]})
    assert response.status_code == 200
    assert _coverage_of(client, manager, world.payroll_task)["single_point_of_failure"] is True
    client.put(f"/api/v1/tasks/{world.payroll_task}/owners", headers=manager, json={
        "owners": [{"user_id": world.staff, "role": "primary", "level": 3},
                   {"user_id": colleague, "role": "backup", "level": 3}]})
    item = _coverage_of(client, manager, world.payroll_task)
    assert (item["qualified_count"], item["single_point_of_failure"]) == (2, False)


def test_coverage_is_scoped(client, world, bearer):
    items = client.get("/api/v1/coverage", headers=bearer(world.staff)).json["items"]
    assert {i["id"] for i in items} == {world.payroll_task}


def test_put_owners_errors_name_the_row_and_field(client, world, bearer):
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/owners",
                          headers=bearer(world.manager),
                          json={"owners": [{"user_id": world.staff, "role": "boss", "level": 9}]})
    assert response.status_code == 422
    assert {"owners-0-role", "owners-0-level"} <= set(response.json["error"]["fields"])


def test_staff_cannot_put_owners(client, world, bearer):
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/owners",
                          headers=bearer(world.staff),
                          json={"owners": [{"user_id": world.staff, "role": "primary",
                                            "level": 4}]})
    assert response.status_code == 403


def test_absence_crud_and_at_risk(client, app, world, bearer):
    staff = bearer(world.staff)
    with app.app_context():
        due = db.session.scalar(select(Occurrence.due_date).where(
            Occurrence.task_id == world.payroll_task).order_by(Occurrence.due_date).limit(1))
    response = client.post("/api/v1/absences", headers=staff, json={
        "start_date": (due - timedelta(days=10)).isoformat(), "end_date": due.isoformat(),
        "kind": "annual_leave", "note": "旅行"})
    assert response.status_code == 201
    absence = response.json
    assert absence["user_id"] == world.staff
    listed = client.get("/api/v1/absences", headers=bearer(world.manager)).json
    assert [a["id"] for a in listed["items"]] == [absence["id"]]
    assert client.get("/api/v1/absences", headers=bearer(world.other_staff)).json["total"] == 0
    patched = client.patch(f"/api/v1/absences/{absence['id']}", headers=staff,
                           json={"end_date": (due - timedelta(days=9)).isoformat()})
    assert patched.status_code == 200
    bad = client.patch(f"/api/v1/absences/{absence['id']}", headers=staff,
                       json={"end_date": (due - timedelta(days=20)).isoformat()})
    assert bad.status_code == 422 and "end_date" in bad.json["error"]["fields"]
    assert client.delete(f"/api/v1/absences/{absence['id']}", headers=staff).status_code == 204
    assert client.get(f"/api/v1/absences/{absence['id']}", headers=staff).status_code == 404


def test_absence_for_someone_else_needs_a_manager(client, world, bearer):
    response = client.post("/api/v1/absences", headers=bearer(world.staff), json={
        "user_id": world.manager, "start_date": "2027-01-04", "end_date": "2027-01-05"})
    assert response.status_code == 422 and "user_id" in response.json["error"]["fields"]
    response = client.post("/api/v1/absences", headers=bearer(world.manager), json={
        "user_id": world.staff, "start_date": "2027-01-04", "end_date": "2027-01-05"})
    assert response.status_code == 201


def test_workload(client, world, bearer):
    body = client.get(f"/api/v1/workload?department_id={world.payroll}&months=3",
                      headers=bearer(world.manager)).json
    rows = [i for i in body["items"] if i["person_id"] == world.staff]
    assert len(rows) == 3
    assert set(rows[0]) == {"person_id", "name", "month", "hours", "capacity", "overloaded"}
    assert rows[0]["capacity"] == 40
    mine = client.get("/api/v1/workload", headers=bearer(world.staff)).json
    assert {i["person_id"] for i in mine["items"]} == {world.staff}
    bad = client.get("/api/v1/workload?months=99", headers=bearer(world.staff))
    assert bad.status_code == 422
    other = client.get(f"/api/v1/workload?department_id={world.accounting}",
                       headers=bearer(world.staff))
    assert other.status_code == 404


def test_workload_of_a_department_comes_a_page_of_people_at_a_time(client, world, bearer,
                                                                   colleague):
    path = f"/api/v1/workload?department_id={world.payroll}&months=2&per_page=1"
    first = client.get(path, headers=bearer(world.manager)).json
    second = client.get(f"{path}&page=2", headers=bearer(world.manager)).json
    people = first["people_total"]
    assert people >= 3  # staff, the manager, the colleague
    assert (first["total"], first["page"], first["per_page"]) == (people * 2, 1, 1)
    assert len(first["items"]) == len(second["items"]) == 2
    assert {i["person_id"] for i in first["items"]}.isdisjoint(
        {i["person_id"] for i in second["items"]})
    bad = client.get(f"{path}&page=0", headers=bearer(world.manager))
    assert bad.status_code == 422 and "page" in bad.json["error"]["fields"]
