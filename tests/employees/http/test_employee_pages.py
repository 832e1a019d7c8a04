"""The roster's pages: search, 50 a page, the form with its errors next to the
field, staff reading without changing, and an administrator removing a
leaver's name."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from planner.core.extensions import db
from planner.employees import operations as roster
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData

HIRED, LEFT = date(2015, 4, 1), date(2026, 10, 31)
FORM = {"number": "30001", "name": "山田 太郎", "name_kana": "ヤマダ タロウ", "division": "営業部",
        "employment_type": "regular", "hire_date": "2020-04-01", "leave_date": "",
        "health_pension_insured": "y", "employment_insurance_insured": "y"}


def _seed(app, count: int) -> None:  # noqa: ANN001
    with app.app_context():
        for index in range(count):
            roster.create_employee(None, EmployeeData(
                number=f"{index + 1:05d}", name=f"社員 {index}", name_kana="シャイン",
                division="製造部" if index % 2 else "営業部"))
        db.session.commit()


def _error_next_to(page: str, field: str) -> str:
    match = re.search(rf'<div class="field has-error[^"]*">\s*<label for="{field}".*?'
                      r'<p class="field-error"[^>]*>([^<]+)</p>', page, re.S)
    assert match, f"no error next to {field}"
    return match.group(1)


def test_the_list_shows_fifty_a_page_and_searches(client, app, world, auth):
    _seed(app, 60)
    auth.login("staff@example.com")
    page = client.get("/employees/").get_data(as_text=True)
    assert "60人" in page and page.count('href="/employees/') >= 50
    assert "社員番号" in page and "フリガナ" in page and "雇用区分" in page
    assert "00050" in page and "00051" not in page
    second = client.get("/employees/?page=2").get_data(as_text=True)
    assert "00051" in second and "00060" in second
    found = client.get("/employees/?q=製造").get_data(as_text=True)
    assert "30人" in found
    assert client.get("/employees/?page=9").status_code == 404
    assert client.get("/employees/?q=%00").status_code == 200  # a bad filter is dropped
    # Staff read the roster; adding is for managers.
    assert 'href="/employees/new"' not in page
    assert client.get("/employees/new").status_code == 403


def test_a_manager_adds_an_employee_and_sees_errors_next_to_the_fields(client, app, world, auth):
    auth.login("manager@example.com")
    token = auth.csrf_token("/employees/new")
    bad = client.post("/employees/new", data={**FORM, "name_kana": "Yamada Taro",
                                             "leave_date": "2019-03-31", "csrf_token": token})
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "カタカナ" in _error_next_to(page, "name_kana")
    assert "入社日" in _error_next_to(page, "leave_date")
    missing = client.post("/employees/new", data={**FORM, "number": "", "csrf_token": token})
    assert missing.status_code == 400 and _error_next_to(missing.get_data(as_text=True), "number")
    with app.app_context():
        assert db.session.scalars(select(Employee)).all() == []
    added = client.post("/employees/new", data={**FORM, "name_kana": "ﾔﾏﾀﾞ ﾀﾛｳ",
                                               "csrf_token": token})
    assert added.status_code == 302
    with app.app_context():
        employee = db.session.scalars(select(Employee)).one()
        assert employee.name_kana == "ヤマダ\u3000タロウ" and employee.hire_date.isoformat() == "2020-04-01"
        employee_id = employee.id
    again = client.post("/employees/new", data={**FORM, "csrf_token": token})
    assert "既に" in _error_next_to(again.get_data(as_text=True), "number")
    # Unticked boxes: not enrolled.
    changed = client.post(f"/employees/{employee_id}", data={
        **{k: v for k, v in FORM.items() if k != "employment_insurance_insured"},
        "employment_type": "part_time", "csrf_token": token})
    assert changed.status_code == 302
    with app.app_context():
        employee = db.session.get(Employee, employee_id)
        assert employee.employment_type == "part_time"
        assert employee.employment_insurance_insured is False and employee.health_pension_insured


def test_staff_read_an_employee_without_a_form(client, app, world, auth):
    _seed(app, 1)
    auth.login("staff@example.com")
    with app.app_context():
        employee_id = db.session.scalars(select(Employee.id)).one()
    page = client.get(f"/employees/{employee_id}").get_data(as_text=True)
    assert "社員\u30000" in page and 'name="number"' not in page
    token = auth.csrf_token("/tasks/")
    refused = client.post(f"/employees/{employee_id}", data={**FORM, "csrf_token": token})
    assert refused.status_code == 403


def test_an_administrator_anonymises_a_leaver_only(client, app, world, auth):
    _seed(app, 1)
    with app.app_context():
        employee = db.session.scalars(select(Employee)).one()
        employee_id = employee.id
        roster.update_employee(None, employee, {"hire_date": HIRED, "leave_date": LEFT})
        db.session.commit()
    auth.login("admin@example.com")
    token = auth.csrf_token(f"/employees/{employee_id}")
    response = client.post(f"/employees/{employee_id}/anonymise", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        employee = db.session.get(Employee, employee_id)
        assert employee.name == "（削除済み）" and employee.name_kana == ""
        assert employee.leave_date == LEFT and employee.anonymised_at is not None
    page = client.get(f"/employees/{employee_id}").get_data(as_text=True)
    assert "匿名化済み" in page and 'name="number"' not in page


def test_an_administrator_downloads_what_is_held_about_an_employee(client, app, world, auth):
    _seed(app, 1)
    with app.app_context():
        employee_id = db.session.scalars(select(Employee.id)).one()
    auth.login("manager@example.com")
    assert client.get(f"/employees/{employee_id}/personal-data.json").status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    page = client.get(f"/employees/{employee_id}").get_data(as_text=True)
    assert f"/employees/{employee_id}/personal-data.json" in page
    download = client.get(f"/employees/{employee_id}/personal-data.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    record = download.json["employee"]
    assert record["number"] == "00001" and record["name"] == "社員\u30000"
    assert record["hire_date"] is None and record["employment_insurance_insured"] is True
