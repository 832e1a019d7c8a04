"""People and departments in the API: administrators manage them with the
same forms and service as the admin pages; others see their own departments."""
from __future__ import annotations

from planner.core.extensions import db
from planner.people import operations as users
from planner.people.models.user import User

PEOPLE = "/api/v1/people"


def test_people_are_for_administrators(client, world, bearer):
    for person in (world.staff, world.manager):
        assert client.get(PEOPLE, headers=bearer(person)).status_code == 403
        assert client.get(f"{PEOPLE}/{world.staff}", headers=bearer(person)).status_code == 403
        response = client.post(PEOPLE, headers=bearer(person),
                               json={"name": "x", "email": "x@example.com", "language": "ja"})
        assert response.status_code == 403
    assert client.get(PEOPLE).status_code == 401


def test_list_is_paginated_and_filtered_and_never_shows_a_password(client, world, bearer):
    admin = bearer(world.admin)
    body = client.get(f"{PEOPLE}?per_page=2", headers=admin).json
    assert body["total"] == 4 and len(body["items"]) == 2 and body["page"] == 1
    payroll = client.get(f"{PEOPLE}?department_id={world.payroll}", headers=admin).json
    assert {p["id"] for p in payroll["items"]} == {world.staff, world.manager}
    one = client.get(f"{PEOPLE}/{world.staff}", headers=admin).json
    assert one["email"] == "staff@example.com" and one["department_ids"] == [world.payroll]
    text = client.get(f"{PEOPLE}?per_page=50", headers=admin).get_data(as_text=True)
    assert "password" not in text and "scrypt" not in text and "pbkdf2" not in text
    bad = client.get(f"{PEOPLE}?department_id=x", headers=admin)
    assert bad.status_code == 422 and "department_id" in bad.json["error"]["fields"]
    assert client.get(f"{PEOPLE}/999999", headers=admin).status_code == 404


def test_create_person_with_a_password_who_can_then_sign_in(client, app, world, bearer):
    response = client.post(PEOPLE, headers=bearer(world.admin), json={
        "name": "山田 太郎", "email": "Yamada@Example.com", "role": "manager",
        "language": "en", "department_ids": [world.accounting],
        "password": "a long enough passphrase"})
    assert response.status_code == 201, response.json
    person = response.json
    assert person["email"] == "yamada@example.com" and person["role"] == "manager"
    assert person["department_ids"] == [world.accounting] and person["active"] is True
    with app.app_context():
        assert users.authenticate("yamada@example.com", "a long enough passphrase").id == (
            person["id"])


def test_create_person_reports_every_field(client, world, bearer):
    response = client.post(PEOPLE, headers=bearer(world.admin), json={
        "name": "", "email": "staff@example.com", "role": "boss", "language": "ja",
        "department_ids": "payroll", "colour": "red"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {
        "name", "role", "department_ids", "colour"}
    # The service's rules come next: a used e-mail, an unknown department.
    response = client.post(PEOPLE, headers=bearer(world.admin), json={
        "name": "重複", "email": "staff@example.com", "language": "ja",
        "department_ids": [99999]})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"email", "department_ids"}
    weak = client.post(PEOPLE, headers=bearer(world.admin), json={
        "name": "弱い", "email": "weak@example.com", "language": "ja",
        "department_ids": [world.payroll], "password": "short"})
    assert weak.status_code == 422 and "password" in weak.json["error"]["fields"]


def test_patch_changes_only_what_is_sent(client, app, world, bearer):
    admin = bearer(world.admin)
    staff_token = bearer(world.staff)
    response = client.patch(f"{PEOPLE}/{world.staff}", headers=admin, json={"name": "佐藤 花"})
    assert response.status_code == 200
    assert response.json["name"] == "佐藤 花"
    assert response.json["email"] == "staff@example.com"
    assert response.json["department_ids"] == [world.payroll]
    # Deactivating signs the person out: their token stops working too.
    response = client.patch(f"{PEOPLE}/{world.staff}", headers=admin, json={"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    assert client.get("/api/v1/tasks", headers=staff_token).status_code == 401
    with app.app_context():
        assert db.session.get(User, world.staff).session_version == 2


DEPARTMENTS = "/api/v1/departments"


def test_departments_in_scope(client, world, bearer):
    mine = client.get(DEPARTMENTS, headers=bearer(world.staff)).json
    assert [d["code"] for d in mine["items"]] == ["payroll"] and mine["total"] == 1
    assert "webhook_url" not in mine["items"][0]
    everything = client.get(DEPARTMENTS, headers=bearer(world.admin)).json
    assert {d["code"] for d in everything["items"]} == {"payroll", "accounting"}
    assert "webhook_url" in everything["items"][0]
    other = client.get(f"{DEPARTMENTS}/{world.accounting}", headers=bearer(world.staff))
    assert other.status_code == 404
    assert client.get(f"{DEPARTMENTS}/{world.payroll}",
                      headers=bearer(world.staff)).json["name"] == "給与"


def test_departments_are_changed_by_administrators(client, world, bearer):
    payload = {"code": "GA", "name": "総務"}
    assert client.post(DEPARTMENTS, headers=bearer(world.manager),
                       json=payload).status_code == 403
    created = client.post(DEPARTMENTS, headers=bearer(world.admin), json=payload)
    assert created.status_code == 201
    assert created.json["active"] is True and created.json["webhook_url"] is None
    clash = client.post(DEPARTMENTS, headers=bearer(world.admin),
                        json={"code": "GA", "name": "二つ目"})
    assert clash.status_code == 422 and "code" in clash.json["error"]["fields"]
    department_id = created.json["id"]
    bad = client.patch(f"{DEPARTMENTS}/{department_id}", headers=bearer(world.admin),
                       json={"webhook_url": "ftp://chat.example.com"})
    assert bad.status_code == 422 and "webhook_url" in bad.json["error"]["fields"]
    patched = client.patch(f"{DEPARTMENTS}/{department_id}", headers=bearer(world.admin),
                           json={"webhook_url": "https://chat.example.com/hook"})
    assert patched.status_code == 200
    assert patched.json["code"] == "GA" and patched.json["webhook_url"].startswith("https://")
    assert client.patch(f"{DEPARTMENTS}/{world.payroll}", headers=bearer(world.manager),
                        json={"name": "x"}).status_code == 403
