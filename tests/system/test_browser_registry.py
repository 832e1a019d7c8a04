"""The registry in a real Chromium against a real server (Playwright)."""
from __future__ import annotations

import re

import pytest
from conftest import PASSWORD, screenshot
from playwright.sync_api import expect
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.tasks.models import Task

pytestmark = pytest.mark.browser


def sign_in(page, email: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    # Staff land on their work, managers and administrators on the overview.
    expect(page.locator("h1")).to_have_text(re.compile("^(マイ業務|概況)$"))


def via_menu(page, name: str | None = None, *, href: str | None = None,  # noqa: ANN001
             exact: bool = False) -> None:
    """Follows a link of the main menu, opening the group it is folded in."""
    menu = page.locator("#mainnav")
    link = (menu.locator(f"a[href='{href}']") if href else
            menu.get_by_role("link", name=name, exact=exact, include_hidden=True))
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()


def task_count(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Task.id)))


def test_staff_creates_finds_and_reads_a_task_in_both_languages(app, page, world):
    sign_in(page, "staff@example.com")
    before = task_count(app)

    via_menu(page, "業務台帳")
    page.get_by_role("link", name="新規業務").click()
    page.get_by_label("業務名").fill("")
    page.get_by_label("コード").fill("PAY-010")
    page.get_by_label("分類").select_option("tax")
    page.get_by_label("1回あたりの工数（分）").fill("-30")
    page.get_by_label("日（1〜31）").fill("10")
    page.get_by_role("button", name="保存").click()

    title_error = page.locator("#title-error")
    expect(title_error).to_be_visible()
    expect(page.locator("#effort_minutes-error")).to_be_visible()
    # The message sits next to its field, inside the same field block.
    expect(page.locator(".field.has-error", has=page.get_by_label("業務名"))).to_contain_text(
        title_error.inner_text())
    assert task_count(app) == before
    screenshot(page, "task-form-error")

    page.get_by_label("業務名").fill("住民税(特別徴収)の納付")
    page.get_by_label("1回あたりの工数（分）").fill("45")
    page.get_by_label("根拠法令").fill("地方税法第321条の5")
    page.get_by_label("手順書（引き継ぎメモ）").fill("1. eLTAXで納付\n2. **10日まで**")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="住民税(特別徴収)の納付")).to_be_visible()
    expect(page.locator(".prose strong")).to_have_text("10日まで")
    assert task_count(app) == before + 1

    page.get_by_role("link", name="業務台帳").first.click()
    page.get_by_role("searchbox").fill("住民税")
    page.get_by_role("button", name="検索").click()
    expect(page.locator("table.tasks tbody tr")).to_have_count(1)
    page.get_by_role("link", name="住民税(特別徴収)の納付").click()
    expect(page.get_by_text("地方税法第321条の5")).to_be_visible()

    url = page.url
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("Legal basis")).to_be_visible()
    assert page.url == url
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="住民税(特別徴収)の納付")).to_be_visible()


def test_staff_gets_403_on_admin_pages(page, world):
    sign_in(page, "staff@example.com")
    expect(page.get_by_role("link", name="ユーザー")).to_have_count(0)
    for path in ("/admin/people", "/admin/audit"):
        response = page.goto(path)
        assert response.status == 403
        expect(page.get_by_role("heading", name="このページへのアクセス権がありません")).to_be_visible()


def test_main_pages_for_the_readme(app, page, runner):
    """Walks the main pages with the demo data (and saves them as screenshots)."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    page.goto("/login")
    expect(page.get_by_text("planner-demo")).to_be_visible()
    screenshot(page, "login")
    sign_in(page, _first_demo_email(), "planner-demo")
    page.goto("/tasks/")
    expect(page.locator("table.tasks tbody tr")).to_have_count(25)
    screenshot(page, "registry")
    page.get_by_role("searchbox").fill("源泉所得税")
    page.get_by_role("button", name="検索").click()
    page.get_by_role("link", name="源泉所得税の納付", exact=True).click()
    expect(page.locator(".prose ol")).to_be_visible()
    screenshot(page, "task")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/tasks/")
    screenshot(page, "registry-phone")
    assert re.search(r"\d+件", page.locator(".result-count").inner_text())


def _first_demo_email() -> str:
    from planner.demo.loader import PEOPLE

    return PEOPLE[0]["email"]
