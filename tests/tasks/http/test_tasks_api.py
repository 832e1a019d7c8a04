from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.people import tokens
from planner.people.models.user import User
from planner.tasks.models import Task


def _count(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Task.id)))


def test_without_token_is_401_json(client, world):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_bad_token_is_401(client, world):
    response = client.get("/api/v1/tasks", headers={"Authorization": "Bearer pl_nope"})
    assert response.status_code == 401


def test_list_is_scoped_and_paginated(client, world, bearer, app):
    with app.app_context():
        for n in range(5):
            db.session.add(Task(title=f"給与業務{n}", department_id=world.payroll,
                                category="payroll", criticality="low", dtstart=date(2026, 1, 1)))
        db.session.commit()
    headers = bearer(world.staff)
    body = client.get("/api/v1/tasks?per_page=2&page=2", headers=headers).json
    assert body["total"] == 6 and body["page"] == 2 and body["per_page"] == 2
    assert len(body["items"]) == 2
    everything = client.get("/api/v1/tasks?per_page=50", headers=headers).json["items"]
    assert {t["department_id"] for t in everything} == {world.payroll}


def test_bad_paging_names_the_parameter(client, world, bearer):
    response = client.get("/api/v1/tasks?per_page=1000&page=x", headers=bearer(world.staff))
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"page", "per_page"}


def test_bad_filter_names_the_parameter(client, world, bearer):
    response = client.get("/api/v1/tasks?criticality=urgent", headers=bearer(world.staff))
    assert response.status_code == 422
    assert "criticality" in response.json["error"]["fields"]


def test_create_task(client, world, bearer):
    response = client.post("/api/v1/tasks", headers=bearer(world.staff), json={
        "title": "社会保険料の納付", "department_id": world.payroll, "category": "social_insurance",
        "criticality": "critical", "effort_minutes": 30, "primary_owner_id": world.staff,
        "legal_basis": "健康保険法第164条", "preset": "month_end", "shift": "next"})
    assert response.status_code == 201
    body = response.json
    assert body["title"] == "社会保険料の納付"
    assert body["owners"] == [{"user_id": world.staff, "name": "佐藤 花子", "role": "primary",
                               "level": 3}]


def test_invalid_task_names_each_field_and_saves_nothing(client, world, bearer, app):
    before = _count(app)
    response = client.post("/api/v1/tasks", headers=bearer(world.staff), json={
        "title": "", "department_id": world.payroll, "category": "astrology",
        "effort_minutes": -1, "rrule": "FREQ=MONTHLY;BYMONTHDAY=10"})
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"title", "category", "effort_minutes"}
    assert _count(app) == before


def test_wrong_json_types_are_validation_errors(client, world, bearer):
    response = client.post("/api/v1/tasks", headers=bearer(world.staff), json={
        "title": ["list"], "department_id": "1", "category": "tax", "effort_minutes": True,
        "colour": "red", "business_day": 5})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"title", "department_id", "effort_minutes",
                                                     "colour"}


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null", ""])
def test_body_that_is_not_an_object(client, world, bearer, body):
    headers = {**bearer(world.staff), "Content-Type": "application/json"}
    response = client.post("/api/v1/tasks", headers=headers, data=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"


def test_create_in_another_department_is_403(client, world, bearer, app):
    before = _count(app)
    response = client.post("/api/v1/tasks", headers=bearer(world.staff), json={
        "title": "月次決算", "department_id": world.accounting, "category": "accounting",
        "business_day": 5})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert _count(app) == before


def test_another_departments_task_is_404(client, world, bearer):
    headers = bearer(world.staff)
    assert client.get(f"/api/v1/tasks/{world.accounting_task}", headers=headers).status_code == 404
    response = client.patch(f"/api/v1/tasks/{world.accounting_task}", headers=headers,
                            json={"title": "x"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_patch_changes_only_the_given_fields(client, world, bearer):
    headers = bearer(world.staff)
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=headers,
                            json={"effort_minutes": 90})
    assert response.status_code == 200
    body = response.json
    assert body["effort_minutes"] == 90
    assert body["title"] == "源泉所得税の納付" and body["code"] == "PAY-001"
    assert body["primary_owner_id"] == world.staff


def test_patch_validation(client, world, bearer):
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=bearer(world.staff),
                            json={"title": "x" * 201})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["title"]


def test_patch_moving_task_out_of_scope_is_403(client, world, bearer):
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=bearer(world.staff),
                            json={"department_id": world.accounting})
    assert response.status_code == 403


def test_revoked_token_fails_at_once(client, world, app):
    with app.app_context():
        token, plaintext = tokens.create_token(db.session.get(User, world.staff))
        db.session.commit()
        token_id = token.id
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    with app.app_context():
        tokens.revoke_token(db.session.get(User, world.staff), token_id)
        db.session.commit()
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_token_of_a_deactivated_person_fails(client, world, bearer, app):
    headers = bearer(world.staff)
    with app.app_context():
        db.session.get(User, world.staff).active = False
        db.session.commit()
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_session_auth_needs_csrf_for_writes(client, auth, world):
    auth.login("staff@example.com")
    assert client.get("/api/v1/tasks").status_code == 200
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", json={"effort_minutes": 5})
    assert response.status_code == 400
    token = auth.csrf_token("/tasks/")
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", json={"effort_minutes": 5},
                            headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_unknown_api_path_and_method_are_json(client, world, bearer):
    headers = bearer(world.staff)
    response = client.get("/api/v1/nothing-here", headers=headers)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    response = client.delete(f"/api/v1/tasks/{world.payroll_task}", headers=headers)
    assert response.status_code == 405 and "error" in response.json


def test_openapi_document_is_public_and_valid(client):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").json
    validate(document)
    task_input = document["components"]["schemas"]["TaskInput"]
    assert {"title", "department_id", "category"} <= set(task_input["required"])
    assert task_input["properties"]["title"]["maxLength"] == 200
    assert task_input["properties"]["criticality"]["enum"] == ["low", "medium", "high",
                                                               "critical"]
