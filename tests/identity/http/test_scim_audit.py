"""Every SCIM call audited with the token's name (issue 24): what the
directory changes is in the audit log under its token — no person, "via"
the token — on the page, in the API and in the export, and the token's name
does not carry over to the request that follows."""
from __future__ import annotations

from sqlalchemy import func, select

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.people.models.user import User
from tests.identity.scim_protocol import PATCH, USER

DIRECTORY_JA = "ディレクトリ連携（SCIMトークン「entra」）"


def _last_id(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)))


def _entries_after(app, first: int) -> list[tuple]:  # noqa: ANN001
    with app.app_context():
        return db.session.execute(
            select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.entity_id,
                   AuditEntry.actor_id, AuditEntry.via, AuditEntry.changes)
            .where(AuditEntry.id > first).order_by(AuditEntry.id)).all()


def _create_yamada(scim) -> str:  # noqa: ANN001
    created = scim("POST", "/Users", {
        "schemas": [USER], "userName": "yamada@example.com", "active": True,
        "name": {"familyName": "山田", "givenName": "太郎"},
        "emails": [{"value": "yamada@example.com", "primary": True, "type": "work"}]})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def test_a_created_and_a_deactivated_person_are_audited_under_the_token(app, world, scim):
    before = _last_id(app)
    created = _create_yamada(scim)
    patched = scim("PATCH", f"/Users/{world.staff}", {
        "schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]})
    assert patched.status_code == 204
    entries = _entries_after(app, before)
    # Every entry the two calls wrote (the people, the default department,
    # the leaving's draft and the manager's notice) is the directory's.
    assert entries and {(actor, via) for *_, actor, via, _changes in entries} == {
        (None, "entra")}
    people = {(action, key): changes for action, kind, key, _a, _v, changes in entries
              if kind == "User"}
    assert people[("create", created)]["email"] == "yamada@example.com"
    assert people[("update", str(world.staff))]["active"] == [True, False]


def test_the_log_names_the_token_in_japanese_on_the_page_in_the_api_and_the_export(
        client, auth, app, world, scim, bearer):
    with app.app_context():
        db.session.get(User, world.admin).language = "ja"
        db.session.commit()
    _create_yamada(scim)
    auth.login("admin@example.com")
    page = client.get("/admin/audit").get_data(as_text=True)
    # In the "Who" column, where a person's name would be.
    assert f"<td>{DIRECTORY_JA}</td>" in page

    listed = client.get("/api/v1/audit", headers=bearer(world.admin),
                        query_string={"entity_type": "User"}).get_json()["items"]
    created = next(item for item in listed if item["action"] == "create"
                   and item["changes"].get("email") == "yamada@example.com")
    assert (created["actor"], created["via"], created["actor_name"]) == (
        None, "entra", DIRECTORY_JA)
    assert created["summary"].startswith(f"{DIRECTORY_JA}が")
    # A person's change has no channel.
    assert all(item["via"] is None for item in listed if item["actor"] is not None)

    export = client.get("/api/v1/audit/export", headers=bearer(world.admin),
                        query_string={"format": "csv", "entity_type": "User"})
    assert export.status_code == 200
    assert DIRECTORY_JA in export.get_data(as_text=True)


def test_the_token_does_not_carry_over_to_the_next_request(client, auth, app, world, scim):
    # The administrator's browser session comes along with the directory's
    # call (one client): the call is still the token's, not the person's.
    auth.login("admin@example.com")
    before = _last_id(app)
    _create_yamada(scim)
    response = client.post("/admin/people/new", data={
        "csrf_token": auth.csrf_token("/admin/people/new"), "name": "鈴木 一郎",
        "email": "suzuki@example.com", "role": "staff", "language": "ja",
        "department_ids": str(world.payroll), "active": "y"})
    assert response.status_code == 302
    made = {changes.get("email"): (actor, via) for action, kind, _key, actor, via, changes
            in _entries_after(app, before) if (action, kind) == ("create", "User")}
    assert made == {"yamada@example.com": (None, "entra"),
                    "suzuki@example.com": (world.admin, None)}
