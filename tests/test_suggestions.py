"""Suggestions, the managers' reviews, the portfolio and its Excel export."""
from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from planner.extensions import db
from planner.models import Suggestion, SuggestionDecision, Task


def _automatable(client, world, bearer) -> dict[str, str]:  # noqa: ANN001
    headers = bearer(world.manager)
    client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers, json={
        "hourly_cost": 3000, "automation_build_cost": 100000, "automation_annual_cost": 12000,
        "automation_residual_share": 0.25, "suitability_rule_based": 5,
        "suitability_digital_input": 4, "suitability_stable_process": 4,
        "suitability_low_exceptions": 3, "suitability_volume": 4})
    return headers


def test_a_spof_is_to_cross_train_until_automation_pays(app, client, world, bearer):
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.effort_minutes = 120
        db.session.commit()
    headers = bearer(world.manager)
    items = client.get("/api/v1/suggestions", headers=headers).json["items"]
    assert {i["task_id"]: i["kind"] for i in items}[world.payroll_task] == "cross_train"
    _automatable(client, world, bearer)
    items = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    [item] = items
    assert (item["annual_saving"], item["payback_months"], item["suitability"]) == (
        42000, 28.6, 75)


def test_review_flow_keeps_every_decision_and_a_decided_one_stays(app, client, world, bearer):
    headers = _automatable(client, world, bearer)
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.effort_minutes = 120
        db.session.commit()
    [item] = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    url = f"/api/v1/suggestions/{item['id']}/review"
    response = client.post(url, headers=headers, json={"action": "approve"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"owner_id", "due_date"}
    response = client.post(url, headers=headers, json={
        "action": "approve", "owner_id": world.staff, "due_date": "2027-03-31",
        "note": "RPAで自動化"})
    assert response.status_code == 200 and response.json["status"] == "approved"
    assert client.post(url, headers=headers, json={"action": "start"}).json["status"] == (
        "in_progress")
    # Inputs change, but the decided suggestion stays as decided.
    client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers,
               json={"hourly_cost": 1})
    body = client.get("/api/v1/suggestions?status=in_progress", headers=headers).json
    assert [i["kind"] for i in body["items"]] == ["automate"]
    assert client.post(url, headers=headers, json={"action": "done"}).json["status"] == "done"
    with app.app_context():
        actions = db.session.scalars(select(SuggestionDecision.action).order_by(
            SuggestionDecision.id)).all()
        assert actions == ["approve", "start", "done"]
    bad = client.post(url, headers=headers, json={"action": "approve", "owner_id": world.staff,
                                                   "due_date": "2027-03-31"})
    assert bad.status_code == 422 and "action" in bad.json["error"]["fields"]


def test_approved_suggestion_shows_on_the_owners_my_work(app, client, auth, world, bearer):
    headers = _automatable(client, world, bearer)
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
    [item] = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    client.post(f"/api/v1/suggestions/{item['id']}/review", headers=headers, json={
        "action": "approve", "owner_id": world.staff, "due_date": "2027-03-31"})
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    section = page.split('id="work-improvements"')[1].split("</section>")[0]
    assert "源泉所得税の納付" in section


def test_portfolio_page_and_excel_export_with_yen_formats(app, client, auth, world, bearer):
    headers = _automatable(client, world, bearer)
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
    [item] = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    client.post(f"/api/v1/suggestions/{item['id']}/review", headers=headers, json={
        "action": "approve", "owner_id": world.staff, "due_date": "2027-03-31"})
    auth.login("manager@example.com")
    page = client.get("/portfolio").get_data(as_text=True)
    assert "¥42,000" in page and "28.6" in page and "<svg" in page
    assert "2026年度" in page
    response = client.get("/portfolio.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    row = next(r for r in rows if r[0] == "源泉所得税の納付")
    assert row[4] == 42000 and row[5] == 18802
    index = rows.index(row) + 2
    assert "¥" in sheet.cell(index, 5).number_format
    totals = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert ("給与", 2026, 42000, 0) in totals


def test_review_form_errors_show_next_to_the_fields(app, client, auth, world, bearer):
    _automatable(client, world, bearer)
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
        suggestion_id = None
    auth.login("manager@example.com")
    client.get("/portfolio")
    with app.app_context():
        suggestion_id = db.session.scalar(select(Suggestion.id).where(
            Suggestion.task_id == world.payroll_task))
    token = auth.csrf_token("/portfolio")
    prefix = f"s{suggestion_id}"
    response = client.post(f"/suggestions/{suggestion_id}/review", data={
        "csrf_token": token, f"{prefix}-csrf_token": token, f"{prefix}-action": "approve"})
    assert response.status_code == 400
    assert f'id="{prefix}-owner_id-error"' in response.get_data(as_text=True)



def test_portfolio_issues_a_bounded_number_of_queries(app, client, auth, world, count_queries):
    from datetime import date as day

    from planner.domain.recurrence import Schedule

    auth.login("manager@example.com")
    client.get("/portfolio")
    with count_queries() as small:
        client.get("/portfolio")
    with app.app_context():
        for n in range(30):
            task = Task(title=f"業務{n}", department_id=world.payroll, category="other",
                        criticality="low")
            task.schedule = Schedule("rrule", day(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=5")
            db.session.add(task)
        db.session.commit()
    client.get("/portfolio")  # creates the new tasks' suggestions
    with count_queries() as large:
        client.get("/portfolio")
    assert len(large) == len(small), (len(small), len(large))
