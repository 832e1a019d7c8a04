"""In a real browser: the payroll owner opens an occurrence from the task's
page, ticks its steps and attaches the payroll register to the step that
needs it; a step's text and a file name carrying script stay text."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser_registry import sign_in

from planner.checklists.models import TaskStep
from planner.core.extensions import db
from planner.evidence.models import Evidence

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PAYLOAD = '<img src=x onerror="window.__xss=1">'


def test_staff_tick_the_checklist_and_attach_the_register(app, page, world, tmp_path):
    with app.app_context():
        db.session.add_all([
            TaskStep(task_id=world.payroll_task, position=1, text="勤怠を締める"),
            TaskStep(task_id=world.payroll_task, position=2,
                     text=f"給与台帳を出力する {PAYLOAD}", evidence_required=True)])
        db.session.commit()
    register = tmp_path / f"給与台帳{PAYLOAD}.pdf"
    register.write_bytes(PDF)
    sign_in(page, "staff@example.com")
    page.goto(f"/tasks/{world.payroll_task}")
    page.locator("table.upcoming tbody tr a").first.click()
    checklist = page.locator("#checklist")
    expect(checklist.get_by_text("勤怠を締める")).to_be_visible()
    checklist.get_by_role("button", name="手順1にチェックを入れる").click()
    expect(page.get_by_role("button", name="手順1のチェックを外す")).to_be_visible()
    page.get_by_label("手順2のファイル").set_input_files(str(register))
    page.locator("#checklist form.attach button").nth(1).click()
    expect(page.locator(".flash, [role=status], .message").first).to_contain_text("添付しました")
    page.get_by_role("button", name="手順2にチェックを入れる").click()
    expect(page.get_by_role("button", name="手順2のチェックを外す")).to_be_visible()
    expect(page.locator("#evidence table")).to_contain_text("給与台帳")
    assert page.evaluate("window.__xss") is None
    with page.expect_download() as downloaded:
        page.locator("#evidence table a").first.click()
    assert Path(downloaded.value.path()).read_bytes() == PDF
    with app.app_context():
        stored = db.session.scalars(select(Evidence)).one()
        assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
        assert stored.checklist_item_id is not None
