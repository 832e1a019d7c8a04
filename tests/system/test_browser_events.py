"""A leaver in a real browser: the manager records the event, checks the
preview (deadlines, work-by dates, proposed people in charge) and saves; the
steps are on the proposed clerk's "my work"; the clerk's absence then puts
them at risk on the risk dashboard."""
from __future__ import annotations

import pytest
from conftest import PASSWORD, screenshot
from event_runs_support import step_departments
from playwright.sync_api import expect
from test_browser_registry import sign_in, via_menu

from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events import operations as events
from planner.events.shipped import shipped_type
from planner.people.operations import PersonData, create_person
from planner.tasks.models import TaskOwner

pytestmark = pytest.mark.browser

CERTIFICATE = "雇用保険被保険者離職証明書の提出"


def test_a_leaver_opens_procedures_for_the_clerk_and_an_absence_puts_them_at_risk(
        app, page, world):
    with app.app_context():
        hr = step_departments(world.manager)
        clerk = create_person(PersonData(email="ito@example.com", name="伊藤 さくら",
                                         department_ids=[hr.id]), PASSWORD)
        for step in shipped_type("leave").steps:
            task = events.ensure_step_task("leave", step)
            if task.department_id == hr.id:
                task.owners.append(TaskOwner(user_id=clerk.id, role="primary", level=4))
        db.session.add(Employee(number="E1001", name="山田 太郎", name_kana="ヤマダ タロウ"))
        db.session.commit()

    sign_in(page, "manager@example.com")
    via_menu(page, "手続き", exact=True)
    page.get_by_role("link", name="イベントを登録").click()
    page.get_by_label("イベント", exact=True).select_option(label="退職")
    page.get_by_label("発生日").fill("2026-12-15")
    page.get_by_label("社員番号").fill("E1001")
    page.get_by_role("button", name="確認").click()
    row = page.locator("[data-preview] tr[data-step='separation-certificate']")
    expect(row).to_contain_text(CERTIFICATE)
    expect(row.locator("select option[selected]")).to_contain_text("伊藤 さくら")
    screenshot(page, "event-preview")
    page.get_by_role("button", name="登録").click()
    expect(page.get_by_role("heading", name="退職：山田 太郎")).to_be_visible()
    expect(page.locator("tr[data-step='separation-certificate']")).to_contain_text("伊藤 さくら")
    expect(page.locator("[data-progress]")).to_contain_text("件中0件完了")

    page.get_by_role("button", name="ログアウト").click()
    sign_in(page, "ito@example.com")
    expect(page.locator(".occurrence-title", has_text=CERTIFICATE)).to_be_visible()
    page.get_by_role("button", name="ログアウト").click()

    sign_in(page, "manager@example.com")
    via_menu(page, "リスク")
    expect(page.locator("#at-risk").get_by_role("link", name=CERTIFICATE)).to_have_count(0)
    via_menu(page, "不在")
    page.get_by_label("ユーザー").select_option(label="伊藤 さくら")
    page.get_by_label("開始日").fill("2026-12-02")
    page.get_by_label("終了日").fill("2026-12-31")
    page.get_by_role("button", name="不在を登録").click()
    via_menu(page, "リスク")
    expect(page.locator("#at-risk").get_by_role("link", name=CERTIFICATE)).to_be_visible()
