"""The occurrence's page: its checklist with tick boxes, files attached and
downloaded; the task's page leads to the page that edits its steps."""
from __future__ import annotations

import io
import re

from sqlalchemy import select
from test_evidence_api import _first_open

from planner.checklists.models import TaskStep
from planner.core.extensions import db
from planner.tasks.models import Task

PDF = b"%PDF-1.7\n%%EOF\n"


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_staff_tick_a_step_and_attach_its_file_on_the_occurrence_page(client, app, auth, world,
                                                                      evidence_folder):
    with app.app_context():
        db.session.get(Task, world.payroll_task).procedure = "1. 勤怠を締める\n2. 給与台帳を出す\n"
        db.session.commit()
    occurrence = _first_open(app, world.payroll_task)
    auth.login("staff@example.com")
    page = client.get(f"/occurrences/{occurrence}/done").get_data(as_text=True)
    assert "勤怠を締める" in page and "給与台帳を出す" in page
    token = _csrf(page)
    ticked = client.post(f"/occurrences/{occurrence}/checklist/1/tick",
                         data={"csrf_token": token, "ticked": "1"})
    assert ticked.status_code == 302
    assert ticked.headers["Location"].endswith(f"/occurrences/{occurrence}/done#checklist")
    attached = client.post(f"/occurrences/{occurrence}/evidence", data={
        "csrf_token": token, "item_id": "2", "file": (io.BytesIO(PDF), "給与台帳.pdf")},
        content_type="multipart/form-data")
    assert attached.status_code == 302
    page = client.get(f"/occurrences/{occurrence}/done").get_data(as_text=True)
    assert "佐藤 花子" in page  # who ticked
    assert "給与台帳.pdf" in page
    link = re.search(r'href="(/evidence/\d+)"', page).group(1)
    download = client.get(link)
    assert download.data == PDF and download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_file_is_said_on_the_page_and_not_kept(client, app, auth, world):
    occurrence = _first_open(app, world.payroll_task)
    auth.login("staff@example.com")
    token = _csrf(client.get(f"/occurrences/{occurrence}/done").get_data(as_text=True))
    response = client.post(f"/occurrences/{occurrence}/evidence", data={
        "csrf_token": token, "file": (io.BytesIO(b"<script>alert(1)</script>\x00"), "a.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "添付できるのはPDF、Excel（.xlsx）、CSV、PNG、JPEGのファイルだけです。" in page
    assert "a.pdf" not in page


def test_another_department_s_file_is_not_found_on_the_page(client, app, auth, world):
    occurrence = _first_open(app, world.accounting_task)
    auth.login("other@example.com")
    token = _csrf(client.get(f"/occurrences/{occurrence}/done").get_data(as_text=True))
    client.post(f"/occurrences/{occurrence}/evidence", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data")
    auth.logout()
    auth.login("staff@example.com")
    with app.app_context():
        from planner.evidence.models import Evidence
        evidence_id = db.session.scalar(select(Evidence.id))
    assert client.get(f"/evidence/{evidence_id}").status_code == 404


def test_the_task_s_steps_are_edited_on_their_own_page(client, app, auth, world):
    auth.login("staff@example.com")
    task_page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert f"/tasks/{world.payroll_task}/steps" in task_page
    page = client.get(f"/tasks/{world.payroll_task}/steps").get_data(as_text=True)
    token = _csrf(page)
    response = client.post(f"/tasks/{world.payroll_task}/steps", data={
        "csrf_token": token,
        "steps-0-order": "2", "steps-0-text": "振込データを送る",
        "steps-1-order": "1", "steps-1-text": "給与台帳を出す", "steps-1-evidence_required": "y",
        "steps-2-order": "", "steps-2-text": ""})
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(TaskStep).where(TaskStep.task_id == world.payroll_task)
                                  .order_by(TaskStep.position)).all()
        assert [(r.position, r.text, r.evidence_required) for r in rows] == [
            (1, "給与台帳を出す", True), (2, "振込データを送る", False)]


def test_a_step_too_long_is_refused_next_to_its_field(client, app, auth, world):
    auth.login("staff@example.com")
    token = _csrf(client.get(f"/tasks/{world.payroll_task}/steps").get_data(as_text=True))
    response = client.post(f"/tasks/{world.payroll_task}/steps", data={
        "csrf_token": token, "steps-0-text": "あ" * 301})
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(TaskStep)).all() == []


def test_someone_of_another_department_cannot_open_the_steps(client, auth, world):
    auth.login("other@example.com")
    assert client.get(f"/tasks/{world.payroll_task}/steps").status_code == 404
