"""/scim/v2 as a directory uses it: Users and Groups, filters, PATCH, errors in
SCIM's format, the bearer token, and every call recorded with its token's name."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.identity import scim as scim_endpoint
from planner.identity import tokens
from planner.identity.models import LeavingDraft, ScimRequest
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import TaskOwner
from tests.identity.scim_protocol import ENTERPRISE, ERROR, GROUP, PATCH, SCIM, USER


def _new_user(user_name: str = "yamada@example.com", **extra) -> dict:  # noqa: ANN003
    return {"schemas": [USER], "userName": user_name, "active": True,
            "name": {"familyName": "山田", "givenName": "太郎"},
            "emails": [{"value": user_name, "primary": True, "type": "work"}], **extra}


def test_create_read_and_filter_a_user(app, scim):
    created = scim("POST", "/Users", _new_user(
        externalId="aad-1", schemas=[USER, ENTERPRISE],
        **{ENTERPRISE: {"employeeNumber": "1001", "department": "経理部"}}))
    assert created.status_code == 201
    assert created.content_type == SCIM
    body = created.get_json()
    assert body["userName"] == "yamada@example.com" and "displayName" not in body  # as sent
    assert body["externalId"] == "aad-1" and body["active"] is True
    assert body[ENTERPRISE] == {"employeeNumber": "1001", "department": "経理部"}  # as sent
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{body['id']}")

    read = scim("GET", f"/Users/{body['id']}")
    assert read.status_code == 200 and read.get_json()["name"]["givenName"] == "太郎"

    found = scim("GET", "/Users", query_string={"filter": 'userName eq "YAMADA@example.com"'})
    listed = found.get_json()
    assert listed["totalResults"] == 1 and listed["Resources"][0]["id"] == body["id"]
    none = scim("GET", "/Users", query_string={"filter": 'userName eq "nobody@example.com"'})
    assert none.get_json()["totalResults"] == 0

    with app.app_context():
        person = db.session.get(User, int(body["id"]))
        assert (person.email, person.name, person.role, person.active) == (
            "yamada@example.com", "山田 太郎", "staff", True)
        # Staff belong to a department: the directory's newcomers wait in the default one.
        assert [d.code for d in person.departments] == ["SCIM-NEW"]


def test_people_made_by_hand_are_found_by_user_name(world, scim):
    found = scim("GET", "/Users", query_string={"filter": 'userName eq "staff@example.com"'})
    assert found.get_json()["Resources"][0]["id"] == str(world.staff)


def test_replace_and_patch_active_deactivate_without_deleting(app, world, scim):
    user_id = str(world.staff)
    replaced = scim("PUT", f"/Users/{user_id}", _new_user(
        "staff@example.com", displayName="佐藤 花子（経理）", id=user_id))
    assert replaced.status_code == 200, replaced.get_json()
    assert replaced.get_json()["displayName"] == "佐藤 花子（経理）"

    patched = scim("PATCH", f"/Users/{user_id}", {
        "schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]})
    assert patched.status_code == 204  # RFC 7644 §3.5.2: no attributes were asked for
    assert scim("GET", f"/Users/{user_id}").get_json()["active"] is False
    with app.app_context():
        person = db.session.get(User, world.staff)
        assert person.active is False and person.name == "佐藤 花子（経理）"
        # Leaving, handled: a draft for the manager, the task still the person's.
        assert db.session.scalar(select(LeavingDraft.manager_id)) == world.manager
        assert db.session.scalar(select(TaskOwner.user_id).where(
            TaskOwner.task_id == world.payroll_task)) == world.staff


def test_delete_deactivates_keeps_the_person_and_answers_404_after(app, world, scim):
    assert scim("DELETE", f"/Users/{world.staff}").status_code == 204
    gone = scim("GET", f"/Users/{world.staff}")
    assert gone.status_code == 404 and gone.get_json()["schemas"] == [ERROR]
    with app.app_context():
        person = db.session.get(User, world.staff)
        assert person is not None and person.active is False  # history kept


def test_errors_come_in_scims_format_with_the_right_status(world, scim):
    missing = scim("GET", "/Users/999999")
    assert missing.status_code == 404 and missing.content_type == SCIM
    assert missing.get_json()["status"] == "404"

    scim("POST", "/Users", _new_user())
    duplicate = scim("POST", "/Users", _new_user())
    assert duplicate.status_code == 409 and duplicate.get_json()["scimType"] == "uniqueness"

    no_address = scim("POST", "/Users", {"schemas": [USER], "userName": "opaque-id"})
    assert no_address.status_code == 400 and no_address.get_json()["schemas"] == [ERROR]

    bad_filter = scim("GET", "/Users", query_string={"filter": 'userName eq'})
    assert bad_filter.status_code == 400 and bad_filter.get_json()["scimType"] == "invalidFilter"

    not_json = scim("POST", "/Users")
    assert 400 <= not_json.status_code < 500

    nul = scim("POST", "/Users", _new_user("nul@example.com", displayName="a\x00b"))
    assert nul.status_code == 400 and nul.get_json()["scimType"] == "invalidValue"
    long_name = scim("POST", "/Users", _new_user("long@example.com", displayName="長" * 121))
    assert long_name.status_code == 400 and "displayName" in long_name.get_json()["detail"]

    unknown = scim("GET", "/Nowhere")
    assert unknown.status_code == 404 and unknown.get_json()["schemas"] == [ERROR]


def test_no_half_saved_person_on_a_refused_call(app, world, scim):
    taken = scim("POST", "/Users", _new_user("staff@example.com"))
    assert taken.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "yamada@example.com")) is None


def test_without_a_valid_token_nothing_is_answered(app, client, world):
    for headers in ({}, {"Authorization": "Bearer scim_wrong"}, {"Authorization": "Basic eA=="}):
        response = client.get("/scim/v2/Users", headers=headers)
        assert response.status_code == 401 and response.content_type == SCIM
        assert response.get_json()["schemas"] == [ERROR]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with app.app_context():
        _, plaintext = tokens.create("old")
        tokens.revoke("old")
        db.session.commit()
    revoked = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {plaintext}"})
    assert revoked.status_code == 401


def test_discovery_endpoints(client, scim):
    config = client.get("/scim/v2/ServiceProviderConfig")  # no token needed (RFC 7643 §5)
    assert config.status_code == 200 and config.get_json()["patch"]["supported"] is True
    assert config.get_json()["bulk"]["supported"] is False
    types = scim("GET", "/ResourceTypes").get_json()
    assert {r["name"] for r in types["Resources"]} == {"User", "Group"}
    schemas = scim("GET", "/Schemas").get_json()
    user = next(s for s in schemas["Resources"] if s["id"] == USER)
    assert {a["name"] for a in user["attributes"]} == {
        "userName", "name", "displayName", "title", "active", "emails", "groups"}


def test_groups_are_departments_and_membership_follows(app, world, scim):
    created = scim("POST", "/Groups", {"schemas": [GROUP], "displayName": "人事",
                                       "externalId": "hr"})
    assert created.status_code == 201, created.get_json()
    group_id = created.get_json()["id"]
    added = scim("PATCH", f"/Groups/{group_id}", {"schemas": [PATCH], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": str(world.staff)}]}]})
    assert added.status_code == 204
    group = scim("GET", f"/Groups/{group_id}").get_json()
    assert [m["value"] for m in group["members"]] == [str(world.staff)]
    user = scim("GET", f"/Users/{world.staff}").get_json()
    assert {g["display"] for g in user["groups"]} == {"給与", "人事"}
    found = scim("GET", "/Groups", query_string={"filter": 'displayName eq "人事"'})
    assert found.get_json()["totalResults"] == 1
    with app.app_context():
        department = db.session.get(Department, int(group_id))
        assert (department.code, department.name) == ("hr", "人事")

    assert scim("DELETE", f"/Groups/{group_id}").status_code == 204
    assert scim("GET", f"/Groups/{group_id}").status_code == 404
    with app.app_context():
        assert db.session.get(Department, int(group_id)).active is False


def test_every_call_is_recorded_with_its_token_name(app, client, world, scim):
    scim("GET", f"/Users/{world.staff}")
    scim("GET", "/Users/999999")
    client.get("/scim/v2/Users")
    with app.app_context():
        rows = [(r.method, r.path, r.status, r.token_name) for r in db.session.scalars(
            select(ScimRequest).order_by(ScimRequest.id))]
    assert rows == [("GET", f"/scim/v2/Users/{world.staff}", 200, "entra"),
                    ("GET", "/scim/v2/Users/999999", 404, "entra"),
                    ("GET", "/scim/v2/Users", 401, None)]


def test_listing_users_and_groups_takes_the_same_queries_for_more_people(
        app, world, scim, count_queries):
    def measure(path: str) -> int:
        scim("GET", path)  # warm: one-time work
        with count_queries() as statements:
            assert scim("GET", path).status_code == 200
        return len(statements)

    few = {path: measure(path) for path in ("/Users", "/Groups")}
    for number in range(6):
        created = scim("POST", "/Users", _new_user(f"more{number}@example.com"))
        assert created.status_code == 201
    scim("POST", "/Groups", {"schemas": [GROUP], "displayName": "総務", "members": [
        {"value": str(world.staff)}, {"value": str(world.manager)}]})
    assert {path: measure(path) for path in ("/Users", "/Groups")} == few


def test_a_user_name_that_is_no_address_is_found_without_case(app, scim):
    sent = _new_user("EMP-0042")
    sent["emails"] = [{"value": "suzuki@example.com", "primary": True, "type": "work"}]
    created = scim("POST", "/Users", sent).get_json()
    assert created["userName"] == "EMP-0042"
    for written in ('userName eq "emp-0042"',
                    'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "EMP-0042"'):
        found = scim("GET", "/Users", query_string={"filter": written}).get_json()
        assert [r["id"] for r in found["Resources"]] == [created["id"]], written
    # Its e-mail is no userName: the directory sent another.
    by_email = scim("GET", "/Users", query_string={"filter": 'userName eq "suzuki@example.com"'})
    assert by_email.get_json()["totalResults"] == 0
    # Any other filter is still evaluated in full.
    other = scim("POST", "/Users", _new_user("tanaka@example.com")).get_json()
    either = scim("GET", "/Users", query_string={
        "filter": 'userName eq "EMP-0042" or userName eq "TANAKA@example.com"'}).get_json()
    assert [r["id"] for r in either["Resources"]] == [created["id"], other["id"]]


def test_users_come_in_pages_that_say_how_many_there_are(app, world, scim, monkeypatch):
    for number in range(4):
        assert scim("POST", "/Users", _new_user(f"page{number}@example.com")).status_code == 201
    everyone = scim("GET", "/Users").get_json()
    ids = [r["id"] for r in everyone["Resources"]]
    assert everyone["totalResults"] == len(ids) and ids == sorted(ids, key=int)
    page = scim("GET", "/Users", query_string={"startIndex": 3, "count": 2}).get_json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (len(ids), 3, 2)
    assert [r["id"] for r in page["Resources"]] == ids[2:4]
    past_the_end = scim("GET", "/Users", query_string={"startIndex": len(ids) + 1}).get_json()
    assert past_the_end["totalResults"] == len(ids) and past_the_end.get("Resources", []) == []
    # No page is larger than the service provider configuration's maxResults.
    monkeypatch.setattr(scim_endpoint, "MAX_RESULTS", 3)
    capped = scim("GET", "/Users", query_string={"count": 10}).get_json()
    assert [r["id"] for r in capped["Resources"]] == ids[:3]


def test_looking_a_user_up_by_name_takes_the_same_queries_for_more_people(
        app, world, scim, count_queries):
    def measure() -> int:
        lookup = {"filter": 'userName eq "staff@example.com"'}
        scim("GET", "/Users", query_string=lookup)  # warm: one-time work
        with count_queries() as statements:
            assert scim("GET", "/Users", query_string=lookup).get_json()["totalResults"] == 1
        return len(statements)

    few = measure()
    for number in range(6):
        assert scim("POST", "/Users", _new_user(f"more{number}@example.com")).status_code == 201
    assert measure() == few


def test_groups_looked_up_without_their_members_as_entra_id_does(app, world, scim,
                                                                  count_queries):
    created = scim("POST", "/Groups", {"schemas": [GROUP], "displayName": "人事", "members": [
        {"value": str(world.staff)}, {"value": str(world.manager)}]}).get_json()
    lookup = {"excludedAttributes": "members", "filter": 'displayName eq "人事"'}
    found = scim("GET", "/Groups", query_string=lookup).get_json()
    assert [(g["id"], g["displayName"], "members" in g) for g in found["Resources"]] == [
        (created["id"], "人事", False)]
    # Without members, no member is read: the same queries as with none.
    with count_queries() as statements:
        scim("GET", "/Groups", query_string=lookup)
    read = " ".join(str(s) for s in statements)
    assert "user_departments" not in read and "scim_role_members" not in read
    # A filter on the members still sees them, though they are left out of the answer.
    by_member = scim("GET", "/Groups", query_string={
        "excludedAttributes": "members",
        "filter": f'members[value eq "{world.manager}"] and displayName eq "人事"'}).get_json()
    assert [g["id"] for g in by_member["Resources"]] == [created["id"]]
    assert "members" not in by_member["Resources"][0]
