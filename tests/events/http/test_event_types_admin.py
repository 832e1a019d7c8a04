"""Event types on the pages and the API: everyone reads what each event opens;
an administrator adds the company's own type and steps, changes a shipped
step and takes it back; bad input is named next to its field (page) or in a
422 (API) and saves nothing."""
from __future__ import annotations

from datetime import date

import pytest
from event_runs_support import step_departments
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events.models import EventStepSetting, EventTypeSetting

TYPES = "/api/v1/event-types"
PC_RETURN = {
    "key": "pc-return", "title_ja": "PC・貸与品の返却", "title_en": "Collect the PC and equipment",
    "department": "general", "category": "general_affairs", "effort_minutes": 20,
    "deadline": {"kind": "within_days", "n": 0, "statutory": False},
}


@pytest.fixture
def departments(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        step_departments(world.manager)
        db.session.add(Employee(number="E1001", name="山田 太郎", hire_date=date(2020, 4, 1)))
        db.session.commit()


def _count(app, model) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_everyone_reads_the_event_types_and_their_deadlines(client, auth, world, departments):
    auth.login("staff@example.com")
    listing = client.get("/events/types/").get_data(as_text=True)
    assert 'data-type="leave"' in listing and "退職" in listing
    assert "種類を追加" not in listing  # staff do not change them
    page = client.get("/events/types/leave").get_data(as_text=True)
    assert 'data-step="separation-certificate"' in page
    assert "翌日から" in page  # the law's counting, in words
    assert "編集" not in page
    assert client.get("/events/types/nothing").status_code == 404
    assert client.get("/events/types/new").status_code == 403


def test_an_administrator_adds_a_type_and_a_step_on_the_pages(client, app, auth, world,
                                                               departments):
    auth.login("admin@example.com")
    token = auth.csrf_token("/events/types/new")
    refused = client.post("/events/types/new", data={
        "csrf_token": token, "key": "部署異動", "title_ja": "部署異動", "title_en": "Transfer"})
    assert refused.status_code == 400
    assert "英小文字" in refused.get_data(as_text=True)
    assert _count(app, EventTypeSetting) == 0

    created = client.post("/events/types/new", data={
        "csrf_token": token, "key": "transfer", "title_ja": "部署異動", "title_en": "Transfer"})
    assert created.status_code == 302 and created.location.endswith("/events/types/transfer")

    form = {"csrf_token": token, "key": "access-review", "title_ja": "アクセス権限の見直し",
            "title_en": "Review access rights", "department": "general",
            "category": "general_affairs", "effort_minutes": "20",
            "deadline_kind": "day_of_next_month", "deadline_n": "0", "deadline_day": "",
            "statutory": "y", "source": ""}
    bad = client.post("/events/types/transfer/steps/new", data=form)
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "1〜31" in html or "1から31" in html
    assert _count(app, EventStepSetting) == 0

    form.update(deadline_kind="within_days", deadline_n="5")
    form.pop("statutory")
    assert client.post("/events/types/transfer/steps/new", data=form).status_code == 302
    page = client.get("/events/types/transfer").get_data(as_text=True)
    assert 'data-step="access-review"' in page and "自社" in page
    recorded = client.get("/events/new?type=transfer").get_data(as_text=True)
    assert '<option selected value="transfer">' in recorded


def test_an_administrator_changes_a_shipped_step_and_takes_it_back(client, app, auth, world,
                                                                    departments):
    auth.login("admin@example.com")
    edit = "/events/types/leave/steps/insurance-card-return"
    page = client.get(edit).get_data(as_text=True)
    token = auth.csrf_token(edit)
    assert 'name="key"' not in page  # a step's key does not change
    form = {"csrf_token": token, "title_ja": "資格確認書の回収", "title_en": "Collect the card",
            "department": "hr", "category": "social_insurance", "effort_minutes": "10",
            "deadline_kind": "within_days", "deadline_n": "3", "source": "社内ルール"}
    assert client.post(edit, data=form).status_code == 302
    shown = client.get("/events/types/leave").get_data(as_text=True)
    assert "資格確認書の回収" in shown and "変更あり" in shown

    reset = client.post(f"{edit}/reset", data={"csrf_token": token})
    assert reset.status_code == 302
    assert _count(app, EventStepSetting) == 0
    removed = client.post(f"{edit}/remove", data={"csrf_token": token})
    assert removed.status_code == 302
    shown = client.get("/events/types/leave").get_data(as_text=True)
    assert 'data-removed="insurance-card-return"' in shown
    assert 'data-step="insurance-card-return"' not in shown


def test_the_api_adds_changes_and_removes_steps(client, world, departments, bearer):
    admin, manager = bearer(world.admin), bearer(world.manager)
    assert client.post(TYPES, headers=manager, json={"key": "transfer", "title_ja": "部署異動",
                                                     "title_en": "Transfer"}).status_code == 403
    created = client.post(TYPES, headers=admin, json={"key": "transfer", "title_ja": "部署異動",
                                                      "title_en": "Transfer"})
    assert created.status_code == 201
    assert created.json["origin"] == "own" and created.json["steps"] == []

    step = client.post(f"{TYPES}/leave/steps", headers=admin, json=PC_RETURN)
    assert step.status_code == 201, step.json
    assert step.json["origin"] == "own"
    assert step.json["deadline"] == {"kind": "within_days", "n": 0, "day": None,
                                     "counts_event_day": False, "statutory": False}
    leave = client.get(f"{TYPES}/leave", headers=manager).json
    assert leave["steps"][-1]["key"] == "pc-return" and leave["origin"] == "edited"

    changed = client.put(f"{TYPES}/leave/steps/withholding-slip-leaver", headers=admin, json={
        **PC_RETURN, "key": "ignored", "title_ja": "源泉徴収票の交付", "department": "payroll",
        "category": "tax", "deadline": {"kind": "within_months", "n": 1, "statutory": True},
        "source": "所得税法第226条第1項"})
    assert changed.status_code == 200, changed.json
    assert (changed.json["key"], changed.json["origin"]) == ("withholding-slip-leaver", "edited")

    assert client.delete(f"{TYPES}/leave/steps/withholding-slip-leaver",
                         headers=admin).status_code == 204
    keys = [s["key"] for s in client.get(f"{TYPES}/leave", headers=admin).json["steps"]]
    assert "withholding-slip-leaver" not in keys
    back = client.post(f"{TYPES}/leave/steps/withholding-slip-leaver/reset", headers=admin)
    assert back.status_code == 200 and back.json["origin"] == "shipped"

    archived = client.patch(f"{TYPES}/transfer", headers=admin, json={"archived": True})
    assert archived.status_code == 200 and archived.json["archived"] is True
    listed = [t["key"] for t in client.get(TYPES, headers=manager).json["items"]]
    assert "transfer" not in listed
    everything = client.get(f"{TYPES}?archived=true", headers=manager).json
    assert "transfer" in [t["key"] for t in everything["items"]]


def test_bad_api_input_names_the_field_and_saves_nothing(client, app, world, departments,
                                                         bearer):
    admin = bearer(world.admin)
    refused = client.post(TYPES, headers=admin, json={"key": "leave", "title_ja": "退職",
                                                      "title_en": "Leaving"})
    assert refused.status_code == 422
    assert list(refused.json["error"]["fields"]) == ["key"]  # a shipped type's key
    untitled = client.post(TYPES, headers=admin, json={"key": "transfer", "title_ja": ""})
    assert untitled.status_code == 422
    assert set(untitled.json["error"]["fields"]) == {"title_ja", "title_en"}
    bad = client.post(f"{TYPES}/leave/steps", headers=admin, json={
        **PC_RETURN, "deadline": {"kind": "day_of_next_month", "n": 0, "when": 3},
        "department": "legal"})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) >= {"deadline.when", "department"}
    no_day = client.post(f"{TYPES}/leave/steps", headers=admin, json={
        **PC_RETURN, "deadline": {"kind": "day_of_next_month", "statutory": False}})
    assert no_day.status_code == 422 and list(no_day.json["error"]["fields"]) == ["deadline.day"]
    shipped_key = client.post(f"{TYPES}/leave/steps", headers=admin,
                              json={**PC_RETURN, "key": "separation-certificate"})
    assert shipped_key.status_code == 422 and list(shipped_key.json["error"]["fields"]) == ["key"]
    assert client.post(f"{TYPES}/nothing/steps", headers=admin,
                       json=PC_RETURN).status_code == 404
    assert client.get(f"{TYPES}/nothing", headers=admin).status_code == 404
    assert _count(app, EventStepSetting) == 0 and _count(app, EventTypeSetting) == 0


def test_a_legal_deadline_without_an_authority_page_says_so_in_japanese(client, auth, world,
                                                                      departments):
    auth.login("staff@example.com")
    page = client.get("/events/types/dependant_change").get_data(as_text=True)
    row = page[page.index('data-step="dependant-withholding-declaration"'):]
    row = row[:row.index("</tr>")]
    # The research notes stay readable, marked as English for the reader's tools.
    assert "公的機関の掲載ページは未確認です。" in row
    assert '<small lang="en">no authority page found: searched' in row
    cited = page[page.index('data-step="dependant-change-report"'):]
    assert "未確認" not in cited[:cited.index("</tr>")]
