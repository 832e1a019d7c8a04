"""The roster in the API: everyone reads it, managers and administrators
change it; bad input is a 422 naming the field, never half-saved."""
from __future__ import annotations

from sqlalchemy import func, select

from planner.core.extensions import db
from planner.employees.models import Employee

EMPLOYEES = "/api/v1/employees"
TARO = {"number": "10001", "name": "山田 太郎", "name_kana": "ﾔﾏﾀﾞ ﾀﾛｳ", "division": "営業部",
        "employment_type": "regular", "hire_date": "2020-04-01"}


def _count(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Employee.id)))


def test_a_manager_adds_and_changes_an_employee_and_staff_read_them(client, app, world, bearer):
    manager, staff = bearer(world.manager), bearer(world.staff)
    created = client.post(EMPLOYEES, headers=manager, json=TARO)
    assert created.status_code == 201, created.json
    body = created.json
    assert body["name"] == "山田\u3000太郎" and body["name_kana"] == "ヤマダ\u3000タロウ"
    assert body["health_pension_insured"] is True and body["employment_insurance_insured"] is True
    assert body["leave_date"] is None and body["hire_date"] == "2020-04-01"
    one = client.get(f"{EMPLOYEES}/{body['id']}", headers=staff)
    assert one.status_code == 200 and one.json["number"] == "10001"
    changed = client.patch(f"{EMPLOYEES}/{body['id']}", headers=manager,
                           json={"leave_date": "2026-12-31", "employment_insurance_insured": False})
    assert changed.status_code == 200, changed.json
    assert changed.json["leave_date"] == "2026-12-31"
    assert changed.json["employment_insurance_insured"] is False
    # Left out of the PATCH: kept.
    assert changed.json["division"] == "営業部" and changed.json["name_kana"] == "ヤマダ\u3000タロウ"
    assert changed.json["health_pension_insured"] is True


def test_staff_may_not_change_the_roster(client, app, world, bearer):
    staff, manager = bearer(world.staff), bearer(world.manager)
    assert client.post(EMPLOYEES, headers=staff, json=TARO).status_code == 403
    employee_id = client.post(EMPLOYEES, headers=manager, json=TARO).json["id"]
    refused = client.patch(f"{EMPLOYEES}/{employee_id}", headers=staff, json={"name": "x"})
    assert refused.status_code == 403
    assert client.get(EMPLOYEES).status_code == 401
    assert client.get(f"{EMPLOYEES}/999999", headers=staff).status_code == 404
    assert client.patch(f"{EMPLOYEES}/999999", headers=manager, json={}).status_code == 404


def test_bad_input_is_a_422_naming_each_field_and_saves_nothing(client, app, world, bearer):
    manager = bearer(world.manager)
    client.post(EMPLOYEES, headers=manager, json=TARO)
    cases = [
        ({**TARO, "number": "10002", "name_kana": "yamada"}, "name_kana"),
        ({**TARO, "number": "10002", "leave_date": "2019-03-31"}, "leave_date"),
        ({**TARO, "number": "10002", "employment_type": "intern"}, "employment_type"),
        ({**TARO, "number": "10002", "hire_date": "2020-13-01"}, "hire_date"),
        ({**TARO, "number": ""}, "number"),
        ({**TARO, "number": "10002", "name": ""}, "name"),
        ({**TARO, "number": "１０００１"}, "number"),  # the same number, typed full-width
        ({**TARO, "number": "10002", "salary": 300000}, "salary"),
        ({**TARO, "number": 10002}, "number"),
    ]
    for body, field in cases:
        response = client.post(EMPLOYEES, headers=manager, json=body)
        assert response.status_code == 422, (field, response.json)
        assert field in response.json["error"]["fields"], (field, response.json)
    assert _count(app) == 1
    employee_id = client.get(EMPLOYEES, headers=manager).json["items"][0]["id"]
    refused = client.patch(f"{EMPLOYEES}/{employee_id}", headers=manager,
                           json={"leave_date": "2019-01-01", "division": "製造部"})
    assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"leave_date"}
    assert client.get(f"{EMPLOYEES}/{employee_id}", headers=manager).json["division"] == "営業部"


def test_the_list_is_searched_filtered_and_paginated(client, app, world, bearer):
    manager = bearer(world.manager)
    people = [("20001", "佐藤 花子", "サトウ ハナコ", "営業部", "regular", None),
              ("20002", "鈴木 一郎", "スズキ イチロウ", "製造部", "part_time", None),
              ("20003", "高橋 三郎", "タカハシ サブロウ", "製造部", "regular", "2026-11-30"),
              ("20004", "田中 四郎", "タナカ シロウ", "開発部", "officer", "2026-12-01")]
    for number, name, kana, division, kind, leave in people:
        response = client.post(EMPLOYEES, headers=manager, json={
            "number": number, "name": name, "name_kana": kana, "division": division,
            "employment_type": kind, "hire_date": "2010-04-01", "leave_date": leave})
        assert response.status_code == 201, response.json

    def numbers(query: str) -> list[str]:
        response = client.get(f"{EMPLOYEES}?{query}", headers=bearer(world.staff))
        assert response.status_code == 200, response.json
        return [e["number"] for e in response.json["items"]]

    assert numbers("q=製造") == ["20002", "20003"]
    assert numbers("q=ｽｽﾞｷ") == ["20002"]  # the reading, typed half-width
    assert numbers("q=佐藤　花子") == ["20001"]
    assert numbers("q=20004") == ["20004"]
    assert numbers("employment_type=part_time") == ["20002"]
    # Still employed on the leave date (today); gone the day after.
    assert numbers("current=1") == ["20001", "20002", "20004"]
    assert numbers("current=0") == ["20003"]
    page = client.get(f"{EMPLOYEES}?per_page=3&page=2", headers=manager).json
    assert page["total"] == 4 and [e["number"] for e in page["items"]] == ["20004"]
    for query, field in (("current=2", "current"), ("employment_type=intern", "employment_type"),
                         ("per_page=0", "per_page"), ("q=%00", "q"), ("q=" + "x" * 101, "q")):
        bad = client.get(f"{EMPLOYEES}?{query}", headers=manager)
        assert bad.status_code == 422 and field in bad.json["error"]["fields"]
