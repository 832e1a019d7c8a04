"""In a real browser, the whole ダブルチェック of a payroll run: the payroll
staff member ticks the checklist of 給与計算, attaches the payroll register
and asks for review; the reviewer returns it with a comment; the preparer
fixes the register and asks again; the reviewer approves; the manager closes
the month and downloads the evidence pack, which holds the register."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect
from signoff_support import signoff_fixture  # noqa: F401 - the `signoff` fixture
from test_browser_registry import sign_in, via_menu

from planner.checklists.models import TaskStep
from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work.models import Occurrence

pytestmark = pytest.mark.browser


def _register(path: Path, net_pay: int) -> bytes:
    """A small real payroll register (給与台帳) as Excel writes it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "給与台帳"
    sheet.append(["社員番号", "氏名", "総支給額", "差引支給額"])
    sheet.append([1001, "佐藤 花子", 300_000, net_pay])
    book.save(path)
    return path.read_bytes()


def _as(page, email: str) -> None:  # noqa: ANN001
    page.context.clear_cookies()
    sign_in(page, email)


def test_prepare_return_fix_approve_close_and_download_the_pack(app, page, signoff, tmp_path):
    with app.app_context():
        db.session.get(Task, signoff.task).title = "給与計算"
        db.session.add_all([
            TaskStep(task_id=signoff.task, position=1, text="勤怠を締める"),
            TaskStep(task_id=signoff.task, position=2, text="給与台帳を出力する",
                     evidence_required=True)])
        db.session.commit()
        department = db.session.get(Task, signoff.task).department_id
        # The browser runs on the real clock: the month is the occurrence's, whatever today is.
        due = db.session.get(Occurrence, signoff.occurrence).due_date
        month = due.strftime("%Y-%m")
    occurrence = f"/occurrences/{signoff.occurrence}/done"
    first = _register(tmp_path / "給与台帳.xlsx", 240_000)

    _as(page, "staff@example.com")
    page.goto(occurrence)
    page.get_by_role("button", name="手順1にチェックを入れる").click()
    page.get_by_label("手順2のファイル").set_input_files(str(tmp_path / "給与台帳.xlsx"))
    page.locator("#checklist form.attach button").nth(1).click()
    expect(page.locator(".flash, [role=status], .message").first).to_contain_text("添付しました")
    page.get_by_role("button", name="手順2にチェックを入れる").click()
    page.get_by_role("button", name="確認依頼").click()
    expect(page.locator("#signoff-status")).to_contain_text("確認待ち")

    _as(page, "reviewer@example.com")
    page.goto(occurrence)
    page.locator("#return-comment").fill("住民税の控除額が11月のままです。")
    page.get_by_role("button", name="コメントを付けて差戻し").click()
    expect(page.locator("#signoff-status")).not_to_contain_text("確認待ち")

    _as(page, "staff@example.com")
    page.goto(occurrence)
    expect(page.locator("#returned-comment")).to_contain_text("住民税の控除額が11月のままです。")
    fixed = _register(tmp_path / "給与台帳.xlsx", 241_500)
    page.get_by_label("手順2のファイル").set_input_files(str(tmp_path / "給与台帳.xlsx"))
    page.locator("#checklist form.attach button").nth(1).click()
    expect(page.locator(".flash, [role=status], .message").first).to_contain_text("添付しました")
    page.get_by_role("button", name="確認依頼").click()
    expect(page.locator("#signoff-status")).to_contain_text("確認待ち")

    _as(page, "reviewer@example.com")
    page.goto(occurrence)
    page.get_by_role("button", name="承認").click()
    expect(page.locator("#signoff-status")).to_contain_text("完了")

    _as(page, "manager@example.com")
    via_menu(page, "締め")
    page.goto(f"/periods?department_id={department}&month={month}")
    page.get_by_role("button", name="この月を締める").click()
    expect(page.locator(".flash, [role=status], .message").first).to_contain_text(
        f"締めました：{due.year}年{due.month}月")
    expect(page.locator("#period-state")).to_contain_text("鈴木 一郎")
    with page.expect_download() as downloaded:
        page.locator("#evidence-pack").click()
    with zipfile.ZipFile(downloaded.value.path()) as archive:
        files = {n: archive.read(n) for n in archive.namelist() if n.startswith("evidence/")}
        register = load_workbook(io.BytesIO(archive.read("sign-off-register.xlsx")))
    assert {hashlib.sha256(b).hexdigest() for b in files.values()} == {
        hashlib.sha256(first).hexdigest(), hashlib.sha256(fixed).hexdigest()}
    assert sorted(files) == [f"evidence/{signoff.occurrence}/給与台帳 (v2).xlsx",
                             f"evidence/{signoff.occurrence}/給与台帳.xlsx"]
    [row] = list(register.worksheets[0].iter_rows(values_only=True))[1:]
    assert row[1] == "給与計算" and row[4] == "佐藤 花子" and row[6] == "伊藤 健太"
    assert "住民税の控除額が11月のままです。" in row[10]
