"""Importing a spreadsheet in a real Chromium: template, dry run, apply."""
from __future__ import annotations

import pytest
from conftest import screenshot
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect
from sqlalchemy import func, select
from test_browser_registry import sign_in

from planner.core.extensions import db
from planner.tasks.models import Task

pytestmark = pytest.mark.browser


def test_staff_download_a_template_check_a_file_and_apply_it(app, page, world, tmp_path):
    sign_in(page, "staff@example.com")
    page.goto("/tasks/")
    page.locator("a[href='/import']").click()

    with page.expect_download() as download:
        page.locator("a[href='/import/template/tasks.xlsx']").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    headers = [c.value for c in load_workbook(template).worksheets[0][1]]
    assert headers[:2] == ["コード", "業務名"]

    book = Workbook()
    # コード, 業務名, 部署, 分類, 繰り返し, 日（1〜31）: the reading (2) and the
    # criticality (5) are optional and left out.
    for row in ([headers[i] for i in (0, 1, 3, 4, 6, 7)],
                ["PAY-300", "住民税の納付", "payroll", "税務", "毎月（日付指定）", 10],
                ["PAY-301", "", "payroll", "税務", "毎月（日付指定）", 45]):
        book.active.append(row)
    upload = tmp_path / "tasks.xlsx"
    book.save(upload)

    page.locator("input[type=file]").set_input_files(upload)
    page.locator("form[enctype] button[type=submit], form[enctype] input[type=submit]").click()
    rejected = page.locator("tr.import-reject")
    expect(rejected).to_have_count(1)
    expect(rejected).to_contain_text("B3")
    expect(rejected).to_contain_text("F3")
    expect(page.locator("form[action$='/commit']")).to_have_count(0)

    book.active["B3"], book.active["F3"] = "給与計算", 25
    book.save(upload)
    page.goto("/import")
    page.locator("input[type=file]").set_input_files(upload)
    page.locator("form[enctype] button[type=submit], form[enctype] input[type=submit]").click()
    expect(page.locator("tr.import-create")).to_have_count(2)
    screenshot(page, "import-dry-run")
    with app.app_context():
        before = db.session.scalar(select(func.count(Task.id)))
    page.locator("form[action$='/commit'] button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(func.count(Task.id))) == before + 2
