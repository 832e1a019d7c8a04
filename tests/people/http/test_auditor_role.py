"""An auditor is added like anyone else (page, API, command line), belongs to
no department, and then reads every department without changing any."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User

PEOPLE = "/api/v1/people"


def test_an_administrator_adds_an_auditor_on_the_page(client, auth, app, world):
    auth.login("admin@example.com")
    page = client.get("/admin/people/new").get_data(as_text=True)
    assert '<option value="auditor">監査人</option>' in page
    response = client.post("/admin/people/new", data={
        "csrf_token": auth.csrf_token("/admin/people/new"), "name": "監査 花子",
        "email": "kansa@example.com", "role": "auditor", "language": "ja", "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "kansa@example.com"))
        assert person.role == "auditor" and person.department_ids == frozenset()


def test_an_auditor_added_through_the_api_reads_every_department_and_writes_nothing(
        client, world, bearer):
    response = client.post(PEOPLE, headers=bearer(world.admin), json={
        "name": "監査 次郎", "email": "audit@example.com", "role": "auditor",
        "language": "ja", "department_ids": [], "password": "a long enough passphrase"})
    assert response.status_code == 201, response.json
    auditor = bearer(response.json["id"])
    tasks = client.get("/api/v1/tasks", headers=auditor).json
    assert {t["department_id"] for t in tasks["items"]} == {world.payroll, world.accounting}
    refused = client.patch(f"/api/v1/tasks/{world.accounting_task}", headers=auditor,
                           json={"title": "書き換え"})
    assert refused.status_code == 403
    assert refused.json["error"]["message"] == "このアカウントは閲覧専用のため、変更できません。"
    assert client.get(f"/api/v1/tasks/{world.accounting_task}",
                      headers=auditor).json["title"] == "月次決算"


def test_an_auditor_sees_the_read_menus_and_the_audit_log(client, auth, app, world):
    with app.app_context():
        world.person("auditor@example.com", "監査 太郎", "auditor", [])
        db.session.commit()
    auth.login("auditor@example.com")
    page = client.get("/tasks/").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "月次決算" in page
    assert 'href="/admin/audit"' in page and 'href="/risk"' in page
    assert 'href="/admin/people"' not in page
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/admin/people").status_code == 403


def test_the_audit_log_api_is_read_by_auditors_and_administrators(client, app, world, bearer):
    with app.app_context():
        auditor = world.person("auditor@example.com", "監査 太郎", "auditor", []).id
        db.session.commit()
    changed = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=bearer(world.admin),
                           json={"title": "源泉所得税の納付（本社）"})
    assert changed.status_code == 200
    reader = bearer(auditor)
    body = client.get(f"/api/v1/audit?entity_type=Task&entity_id={world.payroll_task}",
                      headers=reader).json
    latest = body["items"][0]
    assert latest["action"] == "update" and latest["actor"]["id"] == world.admin
    assert latest["changes"]["title"][1] == "源泉所得税の納付（本社）"
    bad = client.get("/api/v1/audit?entity_type=Nothing&entity_id=" + "x" * 65, headers=reader)
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"entity_type", "entity_id"}
    for person in (world.staff, world.manager):
        assert client.get("/api/v1/audit", headers=bearer(person)).status_code == 403


def test_a_time_limited_grant_ends_sign_in_sessions_and_tokens_after_its_last_day(
        client, auth, app, world, bearer):
    """Frozen at 2026-12-01 (Tokyo): a grant until 2026-12-01 still holds, one
    that ended on 2026-11-30 does not, whichever way the auditor comes in."""
    admin = bearer(world.admin)
    response = client.post(PEOPLE, headers=admin, json={
        "name": "外部 監査", "email": "outside@example.com", "role": "auditor",
        "language": "ja", "access_until": "2026-12-01",
        "password": "a long enough passphrase"})
    assert response.status_code == 201, response.json
    person = response.json
    assert person["access_until"] == "2026-12-01"
    token = bearer(person["id"])
    auth.login("outside@example.com", "a long enough passphrase")
    assert client.get("/tasks/").status_code == 200
    assert client.get("/api/v1/tasks", headers=token).status_code == 200

    ended = client.patch(f"{PEOPLE}/{person['id']}", headers=admin,
                         json={"access_until": "2026-11-30"})
    assert ended.status_code == 200 and ended.json["access_until"] == "2026-11-30"
    assert client.get("/tasks/").status_code == 302  # the open session ends
    assert client.get("/api/v1/tasks", headers=token).status_code == 401
    page = auth.login("outside@example.com", "a long enough passphrase")
    assert page.status_code == 200  # the sign-in form again, with its one message
    assert client.get("/tasks/").status_code == 302

    bad = client.patch(f"{PEOPLE}/{person['id']}", headers=admin,
                       json={"access_until": "31/12/2026"})
    assert bad.status_code == 422 and "access_until" in bad.json["error"]["fields"]
    with app.app_context():
        assert str(db.session.get(User, person["id"]).access_until) == "2026-11-30"


def test_users_create_makes_an_auditor_without_a_department_until_a_last_day(app, runner):
    result = runner.invoke(args=["users", "create", "grant@example.com", "--name", "監査 四郎",
                                 "--role", "auditor", "--access-until", "2027-03-31"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "grant@example.com"))
        assert person.role == "auditor" and person.department_ids == frozenset()
        assert str(person.access_until) == "2027-03-31"
