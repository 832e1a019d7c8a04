"""An estimate a manager can trust, in a real browser: the owner answers the
automation assessment and records minutes on completion; the manager sees the
estimate with its range and sources, approves outsourcing, and once the work
has been measured after the change sees the saving it realised."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import screenshot
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser_registry import sign_in, via_menu

from planner.core import settings
from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

pytestmark = pytest.mark.browser


def _complete(app, task_id: int, minutes: list[int], at: datetime) -> None:  # noqa: ANN001
    """Past completions with minutes (the work's history), a day apart from `at`."""
    with app.app_context():
        task = db.session.get(Task, task_id)
        actor = db.session.get(User, task.owners[0].user_id)
        later = db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date.desc())).all()
        for day, (occurrence, taken) in enumerate(zip(later, minutes, strict=False)):
            occurrences.complete(actor, occurrence, minutes=taken,
                                 completed_at=at + timedelta(days=day))
        db.session.commit()


def test_assessment_minutes_estimate_outsourcing_and_the_realised_saving(app, page, world):
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.title, task.category, task.effort_minutes = "給与計算の締め", "payroll", 600
        settings.put("employees", 5)  # payroll at ¥1,000 a head plus ¥15,000 a month
        db.session.commit()
    # Two earlier completions were timed; the third is the owner's, below.
    _complete(app, world.payroll_task, [600, 600], datetime.now(UTC) - timedelta(days=30))

    sign_in(page, "staff@example.com")
    page.goto(f"/tasks/{world.payroll_task}")
    page.get_by_role("link", name="自動化診断").click()
    page.get_by_label("入力のもとになる資料はどこから来ますか").select_option("spreadsheet")
    page.get_by_label("決まったルールどおりに判断できる件数の割合").fill("0.7")
    page.get_by_label("100件あたりの例外の件数").fill("10")
    page.get_by_label("使うシステムの数").fill("3")
    page.get_by_label("手順が変わる回数（年）").fill("2")
    page.get_by_label("1回あたりの処理件数").fill("5")
    page.get_by_role("button", name="診断を保存").click()
    expect(page.get_by_role("status")).to_contain_text("自動化診断を保存しました。")

    page.get_by_role("link", name="マイ業務").click()
    row = page.locator("li, tr", has_text="給与計算の締め").filter(
        has=page.get_by_label("所要時間（分・任意）")).first
    row.get_by_label("所要時間（分・任意）").fill("600")
    row.get_by_role("button", name="給与計算の締めを完了にする").click()
    expect(page.get_by_role("status")).to_contain_text("給与計算の締め")
    page.get_by_role("button", name="ログアウト").click()

    sign_in(page, "manager@example.com")
    page.goto(f"/tasks/{world.payroll_task}/cost")
    # Three timed completions: the measured effort, the price book's payroll fee.
    basis = page.locator("#basis")
    expect(basis.locator('tr[data-input="effort_minutes"]')).to_contain_text("実測")
    expect(basis.locator('tr[data-input="outsourcing_fee"]')).to_contain_text("給与計算代行")
    expect(basis.locator('tr[data-input="automation_build_cost"]')).to_contain_text("自動化診断")
    # 12 × 10 h × ¥3,000 = ¥360,000 in-house; outsourcing 12 × (5 × ¥1,000 + ¥15,000)
    outsourcing = page.locator('p[data-verdict="outsourcing"]')
    expect(outsourcing).to_contain_text("外部委託により年")
    expect(outsourcing).to_contain_text("標準¥120,000")
    screenshot(page, "task-cost")

    via_menu(page, "改善ポートフォリオ")
    item = page.locator(".suggestions li", has_text="給与計算の締め")
    expect(item).to_contain_text("外部委託")
    item.get_by_label("判断").select_option("approve")
    item.get_by_label("担当者").select_option(label="佐藤 花子")
    item.get_by_label("期限").fill("2027-03-31")
    item.get_by_role("button", name="判断を記録").click()
    item = page.locator(".suggestions li", has_text="給与計算の締め")
    expect(item).to_contain_text("承認済み")
    item.get_by_label("判断").select_option("done")
    item.get_by_role("button", name="判断を記録").click()
    item = page.locator(".suggestions li", has_text="給与計算の締め")
    expect(item.locator("[data-realised]")).to_contain_text("所要時間つきの完了が3回")

    # Since then the overseeing took an hour a month.
    _complete(app, world.payroll_task, [60, 60, 60], datetime.now(UTC) + timedelta(minutes=1))
    page.reload()
    item = page.locator(".suggestions li", has_text="給与計算の締め")
    # 12 × (600 − 60) min = 108 h × ¥3,000 − fees 12 × (5 × 1,000 + 15,000) = ¥84,000
    expect(item.locator("[data-realised]")).to_contain_text("年¥84,000削減")
    screenshot(page, "portfolio")
