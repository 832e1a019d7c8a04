from __future__ import annotations

import re
from datetime import date

from conftest import World
from sqlalchemy import func, select

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.people.models.department import Department
from planner.tasks.models import Task


def _task_count(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Task.id)))


def _new_task_form(world, **overrides) -> dict:  # noqa: ANN001, ANN003
    data = {
        "title": "住民税(特別徴収)の納付", "code": "PAY-002", "department_id": world.payroll,
        "category": "tax", "criticality": "critical", "legal_basis": "地方税法第321条の5",
        "effort_minutes": "60", "primary_owner_id": world.staff,
        "procedure": "1. eLTAXで納付\n2. **期限厳守**",
        "preset": "monthly_day", "day": "10", "shift": "next", "lead_days": "7, 1, 0",
    }
    data.update(overrides)
    return data


def test_staff_creates_a_task_in_their_department(app, client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={**_new_task_form(world), "csrf_token": token})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "住民税(特別徴収)の納付" in page
    assert "<strong>期限厳守</strong>" in page
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.code == "PAY-002"))
        assert task.primary_owner.email == "staff@example.com"
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.entity_type == "Task", AuditEntry.entity_id == str(task.id)))
        assert entry.action == "create" and entry.actor_id == world.staff


def test_invalid_task_shows_the_message_next_to_the_field_and_saves_nothing(app, client, auth,
                                                                            world):
    auth.login("staff@example.com")
    before = _task_count(app)
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={
        **_new_task_form(world, title="", effort_minutes="-5"), "csrf_token": token})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert sorted(re.findall(r'id="(\w+)-error"', page)) == ["effort_minutes", "title"]
    assert _task_count(app) == before


def test_duplicate_code_is_reported_on_the_code_field(app, client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={**_new_task_form(world, code="PAY-001"),
                                               "csrf_token": token})
    page = response.get_data(as_text=True)
    assert 'id="code-error"' in page
    assert "このコードは既に他の業務で使用されています。" in page


def test_owner_from_another_department_is_refused(app, client, auth, world):
    auth.login("manager@example.com")
    before = _task_count(app)
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={
        **_new_task_form(world, primary_owner_id=world.other_staff), "csrf_token": token})
    assert response.status_code == 200
    assert 'id="primary_owner_id-error"' in response.get_data(as_text=True)
    assert _task_count(app) == before


def test_search_filters_and_sorting(client, auth, world, app):
    auth.login("admin@example.com")
    page = client.get("/tasks/?q=源泉").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "月次決算" not in page
    page = client.get(f"/tasks/?department_id={world.accounting}").get_data(as_text=True)
    assert "月次決算" in page and "源泉所得税の納付" not in page
    page = client.get(f"/tasks/?owner_id={world.staff}").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "月次決算" not in page
    page = client.get("/tasks/?sort=-title").get_data(as_text=True)
    assert page.index("源泉所得税の納付") < page.index("月次決算")
    page = client.get("/tasks/?sort=title").get_data(as_text=True)
    assert page.index("月次決算") < page.index("源泉所得税の納付")


def test_the_owner_filter_offers_the_departments_people_as_they_are_now(client, auth, world,
                                                                        app):
    from planner.people.models.user import User
    from planner.people.operations import PersonData, create_person

    auth.login("manager@example.com")
    assert "新人 花子" not in client.get("/tasks/").get_data(as_text=True)
    with app.app_context():
        newcomer = create_person(PersonData(email="new@example.com", name="新人 花子",
                                            department_ids=[world.payroll])).id
        db.session.commit()
    assert f'<option value="{newcomer}">新人 花子</option>' in client.get("/tasks/").get_data(
        as_text=True)
    with app.app_context():
        db.session.get(User, newcomer).active = False
        db.session.commit()
    assert "新人 花子" not in client.get("/tasks/").get_data(as_text=True)


def test_search_treats_like_wildcards_literally(app, client, auth, world):
    with app.app_context():
        department = db.session.get(Department, world.payroll)
        World.task("賞与の源泉徴収 100%確認", department, code="PAY-100")
        db.session.commit()
    auth.login("admin@example.com")
    response = client.get("/tasks/?q=%25")
    assert response.status_code == 200
    titles = re.findall(r'<a href="/tasks/\d+">([^<]+)</a>', response.get_data(as_text=True))
    # "%" is the character itself, not LIKE's "anything": only the task with a "%" matches.
    assert titles == ["賞与の源泉徴収 100%確認"]


def test_pagination(app, client, auth, world):
    with app.app_context():
        for n in range(30):
            db.session.add(Task(title=f"業務{n:02d}", department_id=world.payroll,
                                category="other", criticality="low", dtstart=date(2026, 1, 1)))
        db.session.commit()
    auth.login("staff@example.com")
    first = client.get("/tasks/?per_page=25").get_data(as_text=True)
    second = client.get("/tasks/?per_page=25&page=2").get_data(as_text=True)
    assert "業務00" in first and "業務29" not in first
    assert "業務29" in second and "業務00" not in second
    assert "31件" in first
    # The count follows writes (it is kept between views until one happens).
    with app.app_context():
        db.session.add(Task(title="業務30", department_id=world.payroll, category="other",
                            criticality="low", dtstart=date(2026, 1, 1)))
        db.session.commit()
    assert "32件" in client.get("/tasks/?per_page=25").get_data(as_text=True)


def test_staff_only_sees_their_departments(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/tasks/").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "月次決算" not in page
    assert client.get(f"/tasks/{world.accounting_task}").status_code == 404
    assert client.get(f"/tasks/{world.accounting_task}/edit").status_code == 404


def test_manager_archives_and_restores_and_history_stays(app, client, auth, world):
    auth.login("manager@example.com")
    token = auth.csrf_token(f"/tasks/{world.payroll_task}")
    client.post(f"/tasks/{world.payroll_task}/archive", data={"csrf_token": token})
    assert "源泉所得税の納付" not in client.get("/tasks/").get_data(as_text=True)
    assert "源泉所得税の納付" in client.get("/tasks/?status=archived").get_data(as_text=True)
    client.post(f"/tasks/{world.payroll_task}/restore", data={"csrf_token": token})
    assert "源泉所得税の納付" in client.get("/tasks/").get_data(as_text=True)
    with app.app_context():
        changes = db.session.scalars(select(AuditEntry.changes).where(
            AuditEntry.entity_type == "Task", AuditEntry.action == "update")).all()
        assert [list(c) for c in changes] == [["archived_at"], ["archived_at"]]


def test_staff_cannot_archive(client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token(f"/tasks/{world.payroll_task}")
    response = client.post(f"/tasks/{world.payroll_task}/archive", data={"csrf_token": token})
    assert response.status_code == 403


def test_edit_keeps_unchanged_fields_and_audits_the_difference(app, client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token(f"/tasks/{world.payroll_task}/edit")
    response = client.post(f"/tasks/{world.payroll_task}/edit", data={
        "title": "源泉所得税の納付（毎月）", "code": "PAY-001", "department_id": world.payroll,
        "category": "tax", "criticality": "critical", "effort_minutes": "45",
        "primary_owner_id": world.staff, "preset": "monthly_day", "day": "10", "shift": "next",
        "dtstart": "2026-01-01", "lead_days": "7,1,0", "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "Task", AuditEntry.action == "update")).one()
        assert entry.changes["title"] == ["源泉所得税の納付", "源泉所得税の納付（毎月）"]
        assert entry.changes["criticality"] == ["high", "critical"]


def test_procedure_markdown_is_sanitised(app, client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={**_new_task_form(
        world, code="X-1",
        procedure="<script>alert(1)</script>\n\n[link](javascript:alert(2))\n\n<img src=x onerror=alert(3)>"),
        "csrf_token": token})
    shown = client.get(response.headers["Location"])
    assert shown.status_code == 200
    prose = re.search(r'<div class="prose">(.*?)</div>', shown.get_data(as_text=True), re.S)
    assert prose, "the procedure is shown"
    html = prose.group(1)
    # What the writer typed stays readable as text; nothing of it runs in the reader's browser.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html


def test_the_audit_filter_offers_every_audited_record_type(client, auth, world):
    auth.login("admin@example.com")
    page = client.get("/admin/audit").get_data(as_text=True)
    offered = set(re.findall(r'<option value="([A-Za-z]+)"', page))
    # Named where each model is marked audited, not in a hand-kept list that drifts.
    assert {"Task", "TaskOwner", "Occurrence", "Absence", "InventoryCycle", "CostProfile",
            "Setting", "User"} <= offered
    assert "AuditEntry" not in offered


def test_the_task_page_names_a_single_point_of_failure(client, auth, world):
    auth.login("manager@example.com")
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    # One qualified owner (the staff member at level 3): the coverage rule says so.
    assert "一人しかできない業務" in page
    assert f'href="/tasks/{world.payroll_task}/owners"' in page  # a manager may edit owners
