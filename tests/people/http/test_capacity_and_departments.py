"""A person's own monthly capacity (a part-timer's 20 hours), set on the
person's form and in the API and used by the workload; their departments
chosen with checkboxes rather than a Ctrl+click <select multiple>."""
from __future__ import annotations

import re

from planner.core.extensions import db
from planner.people.models.user import User

PEOPLE = "/api/v1/people"


def _person_form(auth, client, person_id: int) -> tuple[str, str]:  # noqa: ANN001
    page = client.get(f"/admin/people/{person_id}").get_data(as_text=True)
    return page, auth.csrf_token(f"/admin/people/{person_id}")


def _fields(**changes) -> dict:  # noqa: ANN003
    return {"name": "佐藤 花子", "email": "staff@example.com", "role": "staff",
            "language": "ja", "active": "y", **changes}


def test_capacity_on_the_form_reaches_the_workload(app, client, auth, world):
    auth.login("admin@example.com")
    page, token = _person_form(auth, client, world.staff)
    assert 'name="capacity_hours"' in page and "組織の標準値（40時間）" in page
    response = client.post(f"/admin/people/{world.staff}", data={
        **_fields(capacity_hours="20", department_ids=[str(world.payroll)]), "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, world.staff).capacity_hours == 20
    workload = client.get(f"/workload?department_id={world.payroll}").get_data(as_text=True)
    row = workload.split("佐藤 花子")[-1].split("</tr>")[0]
    assert re.search(r'<td class="num muted">20</td>', row)
    # Emptied, the organisation's figure applies again.
    client.post(f"/admin/people/{world.staff}", data={
        **_fields(capacity_hours="", department_ids=[str(world.payroll)]), "csrf_token": token})
    with app.app_context():
        assert db.session.get(User, world.staff).capacity_hours is None


def test_a_capacity_out_of_range_is_said_next_to_the_field(app, client, auth, world):
    auth.login("admin@example.com")
    _, token = _person_form(auth, client, world.staff)
    for wrong in ("0", "745", "二十"):
        response = client.post(f"/admin/people/{world.staff}", data={
            **_fields(capacity_hours=wrong, name="変更しない", department_ids=[str(world.payroll)]),
            "csrf_token": token})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and 'id="capacity_hours-error"' in page
    with app.app_context():
        person = db.session.get(User, world.staff)
        assert (person.name, person.capacity_hours) == ("佐藤 花子", None)


def test_capacity_in_the_api(client, world, bearer):
    admin = bearer(world.admin)
    response = client.patch(f"{PEOPLE}/{world.staff}", headers=admin, json={"capacity_hours": 20})
    assert response.status_code == 200 and response.json["capacity_hours"] == 20
    # Other fields sent alone keep it.
    kept = client.patch(f"{PEOPLE}/{world.staff}", headers=admin, json={"name": "佐藤 花"})
    assert kept.json["capacity_hours"] == 20
    workload = client.get(f"/api/v1/workload?department_id={world.payroll}&months=1",
                          headers=bearer(world.manager)).json
    assert {i["person_id"]: i["capacity"] for i in workload["items"]}[world.staff] == 20
    for wrong in (0, 745, "20", True):
        bad = client.patch(f"{PEOPLE}/{world.staff}", headers=admin,
                           json={"capacity_hours": wrong})
        assert bad.status_code == 422 and list(bad.json["error"]["fields"]) == ["capacity_hours"]
    reset = client.patch(f"{PEOPLE}/{world.staff}", headers=admin, json={"capacity_hours": None})
    assert reset.status_code == 200 and reset.json["capacity_hours"] is None
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schema["PersonPatch"]["properties"]["capacity_hours"]["maximum"] == 744
    assert "capacity_hours" in schema["Person"]["properties"]


def test_departments_are_checkboxes_and_several_can_be_chosen(app, client, auth, world):
    auth.login("admin@example.com")
    page, token = _person_form(auth, client, world.staff)
    assert "<select multiple" not in page and 'multiple name="department_ids"' not in page
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', page.split("<legend>部署</legend>")[1]
                       .split("</fieldset>")[0])
    assert len(boxes) == 2 and any("checked" in b and f'value="{world.payroll}"' in b
                                   for b in boxes)
    response = client.post(f"/admin/people/{world.staff}", data={
        **_fields(department_ids=[str(world.payroll), str(world.accounting)]),
        "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, world.staff).department_ids == {world.payroll,
                                                                     world.accounting}
    # Still a list of ids in the API.
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["PersonInput"]
    assert schema["properties"]["department_ids"]["type"][0] == "array"
