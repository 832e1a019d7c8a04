"""Staff read their own departments' matrix and risk (no edit control, no
other department); the new kinds of leave on the page and in the API."""
from __future__ import annotations

from planner.coverage.models.absence import ABSENCE_KINDS
from planner.coverage.operations import matrix_cell_name


def test_staff_read_their_departments_matrix_without_edit_controls(client, auth, world):
    auth.login("staff@example.com")
    response = client.get(f"/departments/{world.payroll}/matrix")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "源泉所得税の納付" in page and "佐藤 花子" in page
    assert f'name="{matrix_cell_name(world.payroll_task, world.staff)}"' not in page
    assert "マトリクスを保存" not in page and 'id="matrix-read-only"' in page
    assert "/export/matrix." not in page  # the export is the managers'
    assert client.get(f"/departments/{world.accounting}/matrix").status_code == 404
    token = auth.csrf_token("/my-work")
    refused = client.post(f"/departments/{world.payroll}/matrix", data={
        "csrf_token": token, matrix_cell_name(world.payroll_task, world.staff): "1"})
    assert refused.status_code == 403


def test_managers_still_edit_the_matrix(client, auth, world):
    auth.login("manager@example.com")
    page = client.get(f"/departments/{world.payroll}/matrix").get_data(as_text=True)
    assert f'name="{matrix_cell_name(world.payroll_task, world.staff)}"' in page
    assert 'id="matrix-read-only"' not in page


def test_staff_read_the_risk_of_their_departments_only(client, auth, world):
    auth.login("staff@example.com")
    assert "/risk" in client.get("/my-work").get_data(as_text=True)
    page = client.get("/risk").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "月次決算" not in page
    assert "accept_suggestion" not in page and "/training" not in page
    assert "/workload" not in page  # a manager's page
    other = client.get(f"/risk?department_id={world.accounting}").get_data(as_text=True)
    assert "月次決算" not in other


def test_absences_page_offers_every_kind_in_japanese(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/absences").get_data(as_text=True)
    for label in ("午前休", "午後休", "介護休業", "産前産後休業", "特別休暇", "年次有給休暇"):
        assert label in page
    token = auth.csrf_token("/absences")
    response = client.post("/absences", data={
        "csrf_token": token, "user_id": world.staff, "start_date": "2027-01-08",
        "end_date": "2027-01-09", "kind": "half_day_am"})
    assert response.status_code == 400
    assert "半日休暇は1日だけです" in response.get_data(as_text=True)
    response = client.post("/absences", data={
        "csrf_token": token, "user_id": world.staff, "start_date": "2027-01-08",
        "end_date": "2027-01-08", "kind": "half_day_am"})
    assert response.status_code == 302
    assert "午前休" in client.get("/absences").get_data(as_text=True).split("<tbody>")[1]


def test_the_api_takes_the_new_kinds_and_documents_them(client, world, bearer):
    staff = bearer(world.staff)
    bad = client.post("/api/v1/absences", headers=staff, json={
        "start_date": "2027-01-08", "end_date": "2027-01-11", "kind": "half_day_pm"})
    assert bad.status_code == 422 and list(bad.json["error"]["fields"]) == ["end_date"]
    made = client.post("/api/v1/absences", headers=staff, json={
        "start_date": "2027-02-01", "end_date": "2027-03-31", "kind": "family_care"})
    assert made.status_code == 201 and made.json["kind"] == "family_care"
    document = client.get("/api/v1/openapi.json").json
    kind = document["components"]["schemas"]["Absence"]["properties"]["kind"]
    assert kind["enum"] == list(ABSENCE_KINDS)
    assert "half_day_am" in kind["description"]
    posted = document["components"]["schemas"]["AbsenceInput"]["properties"]["kind"]
    assert {"half_day_am", "maternity", "special"} <= set(posted["enum"])
