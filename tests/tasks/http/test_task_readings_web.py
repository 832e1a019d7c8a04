"""The reading (フリガナ) on the pages and the API: the task form and the
`reading` JSON field, the registry sorted and searched by it, and the people
list and API (reading, `q`)."""
from __future__ import annotations

import re

TASK = {"department_id": None, "category": "tax", "preset": "month_end", "shift": "next"}


def _task(world, **fields) -> dict:  # noqa: ANN001, ANN003
    return {**TASK, "department_id": world.payroll, **fields}


def test_the_api_takes_a_reading_and_suggests_one_when_none_is_sent(client, world, bearer):
    headers = bearer(world.staff)
    typed = client.post("/api/v1/tasks", headers=headers,
                        json=_task(world, title="勤怠の締め", reading="きんたいのしめ"))
    assert typed.status_code == 201 and typed.json["reading"] == "キンタイノシメ"
    suggested = client.post("/api/v1/tasks", headers=headers, json=_task(world, title="年末調整"))
    assert suggested.json["reading"] == "ネンマツチョウセイ"
    changed = client.patch(f"/api/v1/tasks/{suggested.json['id']}", headers=headers,
                           json={"reading": "ﾈﾝﾁｮｳ"})
    assert changed.status_code == 200 and changed.json["reading"] == "ネンチョウ"
    assert changed.json["title"] == "年末調整"


def test_a_reading_too_long_is_a_422_naming_it_and_saves_nothing(client, world, bearer):
    headers = bearer(world.staff)
    before = client.get("/api/v1/tasks", headers=headers).json["total"]
    response = client.post("/api/v1/tasks", headers=headers,
                           json=_task(world, title="年末調整", reading="ア" * 201))
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"reading"}
    assert client.get("/api/v1/tasks", headers=headers).json["total"] == before


def test_the_api_lists_by_reading_and_finds_any_kana(client, world, bearer):
    headers = bearer(world.staff)
    for title in ("住民税の納入", "勤怠の締め", "年末調整"):
        client.post("/api/v1/tasks", headers=headers, json=_task(world, title=title))
    titles = [t["title"] for t in client.get("/api/v1/tasks", headers=headers).json["items"]]
    assert titles == ["勤怠の締め", "源泉所得税の納付", "住民税の納入", "年末調整"]
    for typed in ("げんせん", "ｹﾞﾝｾﾝ", "ゲンセン", "源泉"):
        found = client.get("/api/v1/tasks", headers=headers, query_string={"q": typed}).json
        assert [t["title"] for t in found["items"]] == ["源泉所得税の納付"], typed


def test_the_registry_page_shows_and_searches_the_reading(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/tasks/", query_string={"q": "ｹﾞﾝｾﾝ"}).get_data(as_text=True)
    assert "源泉所得税の納付" in page and "ゲンセンショトクゼイノノウフ" in page
    assert "五十音順" in page  # the sort option
    form = client.get("/tasks/new").get_data(as_text=True)
    assert 'name="reading"' in form and "フリガナ" in form


def test_the_task_form_saves_a_reading_typed_in_hiragana(app, client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={
        **_task(world, title="住民税の納入", reading="じゅうみんぜい"), "criticality": "medium",
        "effort_minutes": "0", "lead_days": "7, 1, 0", "csrf_token": token})
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ジュウミンゼイ" in shown


def test_people_carry_a_reading_and_are_searched_by_it(client, auth, world, bearer):
    admin = bearer(world.admin)
    added = client.post("/api/v1/people", headers=admin, json={
        "name": "阿部 和也", "email": "abe@example.com", "language": "ja",
        "department_ids": [world.payroll]})
    assert added.status_code == 201 and added.json["reading"] == "アベ\u3000カズヤ"
    fixed = client.patch(f"/api/v1/people/{added.json['id']}", headers=admin,
                         json={"reading": "あべ かずなり"})
    assert fixed.json["reading"] == "アベ\u3000カズナリ"
    listed = client.get("/api/v1/people", headers=admin).json["items"]
    assert listed[0]["name"] == "阿部 和也"  # アベ: first in 五十音 order
    found = client.get("/api/v1/people", headers=admin, query_string={"q": "ｱﾍﾞ"}).json
    assert [p["name"] for p in found["items"]] == ["阿部 和也"]
    too_long = client.get("/api/v1/people", headers=admin, query_string={"q": "x" * 121})
    assert too_long.status_code == 422 and set(too_long.json["error"]["fields"]) == {"q"}
    nul = client.get("/api/v1/people", headers=admin, query_string={"q": "\x00"})
    assert nul.status_code == 422 and set(nul.json["error"]["fields"]) == {"q"}
    auth.login("admin@example.com")
    page = client.get("/admin/people", query_string={"q": "すずき"}).get_data(as_text=True)
    assert "鈴木 一郎" in page and "阿部 和也" not in page
    assert re.search(r"<td>スズキ\u3000イチロウ</td>", page)
    assert client.get("/admin/people", query_string={"q": "\x00"}).status_code == 200
    assert 'name="reading"' in client.get(f"/admin/people/{added.json['id']}").get_data(
        as_text=True)
