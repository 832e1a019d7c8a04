"""The automation assessment through the API and the page, as an owner, a
colleague who does not own the task and a manager use them."""
from __future__ import annotations

import re

from sqlalchemy import select

from planner.core.extensions import db
from planner.costing.models.assessment import Assessment
from planner.people.models.department import Department
from planner.tasks.models import Task

ANSWERS = {"input_source": "spreadsheet", "rule_based_share": 0.8, "exceptions_per_100": 5,
           "systems": 2, "changes_per_year": 2, "records_per_occurrence": 100, "steps": 10}
PROCEDURE = "1. 勤怠データを出力する\n2. 給与システムに取り込む\n3. 差異を確認する"


def _colleague(app, world) -> None:  # noqa: ANN001
    """A payroll staff member who sees the payroll task but does not own it."""
    with app.app_context():
        world.person("colleague@example.com", "山田 太郎", "staff",
                     [db.session.get(Department, world.payroll)])
        db.session.commit()


def _saved(app, task_id: int) -> Assessment | None:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Assessment).where(Assessment.task_id == task_id))


def test_the_owner_puts_answers_and_gets_the_result(app, client, world, bearer):
    url = f"/api/v1/tasks/{world.payroll_task}/assessment"
    headers = bearer(world.staff)
    empty = client.get(url, headers=headers)
    assert empty.status_code == 200
    assert empty.json == {"task_id": world.payroll_task, "answered": False, "answers": None,
                          "steps_from_procedure": 0, "updated_by": None, "updated_at": None,
                          "result": None}
    response = client.put(url, headers=headers, json=ANSWERS)
    assert response.status_code == 200, response.json
    document = client.get(url, headers=headers).json
    assert document == response.json
    assert document["answered"] is True and document["answers"] == ANSWERS
    assert document["updated_by"] == "佐藤 花子" and document["updated_at"].endswith("+00:00")
    # The domain's payroll example by hand (tests/costing/unit/test_assessment_domain.py),
    # priced with the shipped figures: a day ¥30,000 / 40,000 / 50,000, a licence ¥300,000 /
    # 350,000 / 400,000 a year for 5 automations, upkeep half the build cost a year.
    # Build: 12 days × (0.67 × 30,000, 40,000, 1.5 × 50,000). Running: licence ÷ 5
    # + 0.5 × build + 2 changes × a day, e.g. 60,000 + 120,600 + 60,000 = 240,600.
    assert document["result"] == {
        "potential": 0.68, "ease": 48, "build_days": 12.0,
        "build_cost": {"low": 241_200, "typical": 480_000, "high": 900_000},
        "running_cost": {"low": 240_600, "typical": 390_000, "high": 630_000}}


def test_steps_left_out_follow_the_procedure(app, client, world, bearer):
    with app.app_context():
        db.session.get(Task, world.payroll_task).procedure = PROCEDURE
        db.session.commit()
    url = f"/api/v1/tasks/{world.payroll_task}/assessment"
    answers = {k: v for k, v in ANSWERS.items() if k != "steps"}
    document = client.put(url, headers=bearer(world.manager), json=answers).json
    assert document["answers"]["steps"] is None and document["steps_from_procedure"] == 3
    # 3 + 0.5 × 3 + 2 + 1 + 1 = 8.5 days
    assert document["result"]["build_days"] == 8.5


def test_bad_answers_are_422_naming_the_field_and_nothing_is_saved(app, client, world, bearer):
    url = f"/api/v1/tasks/{world.payroll_task}/assessment"
    headers = bearer(world.staff)
    for field, value in (("rule_based_share", 1.5), ("systems", 0), ("input_source", "fax"),
                         ("steps", 501), ("exceptions_per_100", "some")):
        response = client.put(url, headers=headers, json={**ANSWERS, field: value})
        assert response.status_code == 422, (field, response.json)
        assert set(response.json["error"]["fields"]) == {field}
    missing = client.put(url, headers=headers, json={"input_source": "paper"})
    assert missing.status_code == 422
    assert "systems" in missing.json["error"]["fields"]
    assert _saved(app, world.payroll_task) is None


def test_who_may_answer_through_the_api(app, client, world, bearer):
    _colleague(app, world)
    with app.app_context():
        from planner.people.models.user import User

        colleague = db.session.scalar(select(User.id).where(User.email == "colleague@example.com"))
    url = f"/api/v1/tasks/{world.payroll_task}/assessment"
    assert client.get(url, headers=bearer(colleague)).status_code == 200  # may read
    assert client.put(url, headers=bearer(colleague), json=ANSWERS).status_code == 403
    assert client.put(url, headers=bearer(world.other_staff), json=ANSWERS).status_code == 404
    assert client.put(f"/api/v1/tasks/{world.accounting_task}/assessment",
                      headers=bearer(world.manager), json=ANSWERS).status_code == 404
    assert _saved(app, world.payroll_task) is None
    assert client.put(url, headers=bearer(world.admin), json=ANSWERS).status_code == 200


def _form(auth, task_id: int, **fields: object) -> dict[str, str]:  # noqa: ANN001
    values = {**ANSWERS, **fields}
    return {"csrf_token": auth.csrf_token(f"/tasks/{task_id}/assessment"),
            **{k: "" if v is None else str(v) for k, v in values.items()}}


def test_the_page_shows_an_error_next_to_the_field_and_keeps_the_old_answers(
        app, client, auth, world):
    auth.login("staff@example.com")
    page_url = f"/tasks/{world.payroll_task}/assessment"
    page = client.get(page_url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "入力のもとになる資料はどこから来ますか" in html and "紙・FAX" in html
    assert "決まったルールどおりに判断できる件数の割合" in html and "まだ回答されていません。" in html
    response = client.post(page_url, data=_form(auth, world.payroll_task, systems=0))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(r'<div class="field has-error[^"]*">\s*<label for="(\w+)"', html)
    assert error and error.group(1) == "systems"
    assert 'id="systems-error"' in html
    assert _saved(app, world.payroll_task) is None


def test_an_owner_saves_on_the_page_and_sees_the_result(app, client, auth, world):
    auth.login("staff@example.com")
    page_url = f"/tasks/{world.payroll_task}/assessment"
    response = client.post(page_url, data=_form(auth, world.payroll_task, steps=None))
    # Staff cannot open the cost page, so they go back to the task.
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tasks/{world.payroll_task}")
    task_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "自動化診断を保存しました。" in task_page
    assert f'href="{page_url}"' in task_page  # the owner's way back to it
    html = client.get(page_url).get_data(as_text=True)
    # steps empty, no procedure: one step; 3 + 0.5 + 2 + 1 + 1 = 7.5 days,
    # potential 0.8 × 0.9 × 0.95 = 68 %
    assert "68%" in html and "開発7.5人日" in html and "¥150,750" in html  # 7.5 × 0.67 × 30,000
    assert _saved(app, world.payroll_task).steps is None


def test_a_manager_goes_to_the_cost_page(app, client, auth, world):
    auth.login("manager@example.com")
    response = client.post(f"/tasks/{world.payroll_task}/assessment",
                           data=_form(auth, world.payroll_task))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tasks/{world.payroll_task}/cost")


def test_a_colleague_who_does_not_own_the_task_gets_no_form_and_no_link(
        app, client, auth, world):
    _colleague(app, world)
    auth.login("colleague@example.com")
    page_url = f"/tasks/{world.payroll_task}/assessment"
    assert client.get(page_url).status_code == 403
    task_page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert page_url not in task_page
