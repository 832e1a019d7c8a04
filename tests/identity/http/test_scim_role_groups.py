"""SCIM Groups that SCIM_ROLE_GROUPS names give their members a role instead
of being departments: created, read, listed, patched, replaced and deleted at
/scim/v2/Groups like the others, with ids of their own."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.identity.models import ScimRequest, ScimRoleGroup
from planner.people.models.department import Department
from planner.people.models.user import User
from tests.identity.scim_protocol import ERROR, GROUP, PATCH

MAP = {"Planner managers": "manager", "0b7f-admins-object-id": "admin"}


@pytest.fixture
def roles(app):  # noqa: ANN001, ANN201
    app.config["SCIM_ROLE_GROUPS"] = json.dumps(MAP)


def _group(name: str, *member_ids: int, **extra) -> dict:  # noqa: ANN003
    return {"schemas": [GROUP], "displayName": name,
            "members": [{"value": str(person_id)} for person_id in member_ids], **extra}


def _members(scim, group_id: str, op: str, *person_ids: int):  # noqa: ANN001, ANN202
    if op == "remove":
        operations = [{"op": "remove", "path": f'members[value eq "{person_id}"]'}
                       for person_id in person_ids]
    else:
        operations = [{"op": "add", "path": "members",
                       "value": [{"value": str(person_id)} for person_id in person_ids]}]
    return scim("PATCH", f"/Groups/{group_id}", {"schemas": [PATCH], "Operations": operations})


def _role(app, person_id: int) -> tuple[str, list[str]]:  # noqa: ANN001
    with app.app_context():
        person = db.session.get(User, person_id)
        return person.role, [d.code for d in person.departments]


def _departments(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Department))


def test_a_role_group_raises_its_members_and_makes_no_department(app, world, roles, scim):
    departments = _departments(app)
    created = scim("POST", "/Groups", _group("Planner managers", world.staff,
                                             externalId="5d2e-object-id"))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["id"].startswith("role-") and body["displayName"] == "Planner managers"
    assert body["externalId"] == "5d2e-object-id"
    assert [m["value"] for m in body["members"]] == [str(world.staff)]
    assert _role(app, world.staff) == ("manager", ["payroll"])  # departments kept
    assert _departments(app) == departments

    read = scim("GET", f"/Groups/{body['id']}")
    assert read.status_code == 200 and read.get_json()["displayName"] == "Planner managers"
    user = scim("GET", f"/Users/{world.staff}").get_json()
    assert {(g["value"], g["display"]) for g in user["groups"]} == {
        (str(world.payroll), "給与"), (body["id"], "Planner managers")}


def test_out_of_the_last_role_group_a_person_is_staff_again(app, world, roles, scim):
    group_id = scim("POST", "/Groups", _group("Planner managers", world.staff,
                                              world.other_staff)).get_json()["id"]
    assert _members(scim, group_id, "remove", world.staff).status_code == 204
    assert _role(app, world.staff) == ("staff", ["payroll"])
    assert _role(app, world.other_staff) == ("manager", ["accounting"])
    members = scim("GET", f"/Groups/{group_id}").get_json()["members"]
    assert [m["value"] for m in members] == [str(world.other_staff)]

    assert _members(scim, group_id, "add", world.staff).status_code == 204
    assert _role(app, world.staff)[0] == "manager"


def test_the_highest_role_of_a_persons_role_groups_wins(app, world, roles, scim):
    managers = scim("POST", "/Groups", _group("Planner managers", world.staff)).get_json()["id"]
    # Entra ID renames freely; its objectId, sent as externalId, still names the group.
    admins = scim("POST", "/Groups", _group("IT: planner admins", world.staff,
                                            externalId="0b7f-admins-object-id"))
    assert admins.status_code == 201, admins.get_json()
    assert _role(app, world.staff)[0] == "admin"
    assert _members(scim, admins.get_json()["id"], "remove", world.staff).status_code == 204
    assert _role(app, world.staff)[0] == "manager"
    assert scim("DELETE", f"/Groups/{managers}").status_code == 204
    assert _role(app, world.staff)[0] == "staff"
    assert scim("GET", f"/Groups/{managers}").status_code == 404


def test_people_never_in_a_role_group_keep_the_role_given_by_hand(app, world, roles, scim):
    group_id = scim("POST", "/Groups", _group("Planner managers", world.staff)).get_json()["id"]
    _members(scim, group_id, "remove", world.staff)
    assert _role(app, world.manager) == ("manager", ["payroll"])
    assert _role(app, world.admin) == ("admin", [])
    assert _role(app, world.other_staff) == ("staff", ["accounting"])


def test_a_demoted_administrator_waits_in_the_default_department(app, world, roles, scim):
    # Someone else is an administrator first, through the directory.
    admins = scim("POST", "/Groups", _group("Admins", world.other_staff,
                                            externalId="0b7f-admins-object-id"))
    assert _role(app, world.other_staff)[0] == "admin"
    managers = scim("POST", "/Groups", _group("Planner managers", world.admin))
    assert managers.status_code == 201, managers.get_json()
    assert _role(app, world.admin) == ("manager", ["SCIM-NEW"])
    assert admins.status_code == 201


def test_the_last_active_administrator_is_never_demoted(app, world, roles, scim):
    refused = scim("POST", "/Groups", _group("Planner managers", world.admin))
    assert refused.status_code == 409 and refused.get_json()["schemas"] == [ERROR]
    assert "last active administrator" in refused.get_json()["detail"]
    assert _role(app, world.admin) == ("admin", [])
    with app.app_context():  # nothing half-saved
        assert db.session.scalar(select(func.count()).select_from(ScimRoleGroup)) == 0

    admins = scim("POST", "/Groups", _group("Admins", world.admin,
                                            externalId="0b7f-admins-object-id")).get_json()
    assert _role(app, world.admin)[0] == "admin"
    out = _members(scim, admins["id"], "remove", world.admin)
    assert out.status_code == 409 and _role(app, world.admin)[0] == "admin"
    assert scim("DELETE", f"/Groups/{admins['id']}").status_code == 409
    members = scim("GET", f"/Groups/{admins['id']}").get_json()["members"]
    assert [m["value"] for m in members] == [str(world.admin)]


def test_department_groups_still_work_beside_role_groups(app, world, roles, scim):
    department = scim("POST", "/Groups", _group("人事", world.staff, externalId="hr"))
    assert department.status_code == 201
    assert department.get_json()["id"] == str(int(department.get_json()["id"]))
    assert _role(app, world.staff) == ("staff", ["payroll", "hr"])
    role = scim("POST", "/Groups", _group("Planner managers", world.manager)).get_json()

    listed = scim("GET", "/Groups").get_json()
    names = {g["id"]: g["displayName"] for g in listed["Resources"]}
    assert names == {str(world.payroll): "給与", str(world.accounting): "経理",
                     department.get_json()["id"]: "人事", role["id"]: "Planner managers"}
    found = scim("GET", "/Groups", query_string={"filter": 'displayName eq "Planner managers"'})
    assert [g["id"] for g in found.get_json()["Resources"]] == [role["id"]]


def test_replacing_a_role_group_keeps_its_role_only_under_a_mapped_name(app, world, roles,
                                                                       scim):
    group_id = scim("POST", "/Groups", _group("Planner managers", world.staff)).get_json()["id"]
    renamed = scim("PUT", f"/Groups/{group_id}", _group(
        "Managers (planner)", world.staff, world.other_staff, id=group_id,
        externalId="0b7f-admins-object-id"))
    assert renamed.status_code == 200, renamed.get_json()
    # The map now gives the group admin through its externalId: every member follows.
    assert _role(app, world.staff)[0] == "admin" and _role(app, world.other_staff)[0] == "admin"

    unmapped = scim("PUT", f"/Groups/{group_id}", _group("Anything", world.staff, id=group_id))
    assert unmapped.status_code == 400 and unmapped.get_json()["scimType"] == "invalidValue"
    assert "SCIM_ROLE_GROUPS" in unmapped.get_json()["detail"]
    assert _role(app, world.other_staff)[0] == "admin"
    assert scim("GET", "/Groups/role-999").status_code == 404
    assert scim("GET", "/Groups/role-x").status_code == 404


def test_role_changes_are_audited_and_the_calls_logged(app, world, roles, scim):
    group_id = scim("POST", "/Groups", _group("Planner managers", world.staff)).get_json()["id"]
    with app.app_context():
        changes = [entry.changes for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "User", AuditEntry.entity_id == str(world.staff)))]
        assert {"role": ["staff", "manager"]} in [
            {k: v for k, v in c.items() if k == "role"} for c in changes]
        logged = db.session.scalars(select(ScimRequest)).all()
        assert [(r.method, r.path, r.status, r.token_name, r.detail) for r in logged] == [
            ("POST", "/scim/v2/Groups", 201, "entra", group_id)]


def test_without_role_groups_every_group_is_a_department(app, world, scim):
    created = scim("POST", "/Groups", _group("Planner managers", world.staff))
    assert created.status_code == 201 and not created.get_json()["id"].startswith("role-")
    assert _role(app, world.staff)[0] == "staff"
