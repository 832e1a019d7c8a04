"""Costing and the review in a real browser."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_browser_registry import sign_in, via_menu

from planner.core.extensions import db
from planner.tasks.models import Task

pytestmark = pytest.mark.browser


def test_manager_costs_a_task_approves_and_the_owner_sees_it(app, page, world):
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
    sign_in(page, "manager@example.com")
    page.goto(f"/tasks/{world.payroll_task}")
    page.get_by_role("link", name="コストと選択肢").click()
    page.get_by_label("時間単価（円・間接費込み）").fill("3000")
    # The raw figures sit behind their summary: the price book and assessment come first.
    page.get_by_text("自社の数値を入力する").click()
    page.get_by_label("自動化：構築費（円・一時）").fill("100000")
    page.get_by_label("自動化：ライセンス・保守費（円/年）").fill("12000")
    page.get_by_label("自動化：手作業で残る割合").fill("0.25")
    for label, value in (("ルールで判断できる（1〜5）", "5"), ("入力がデジタルで構造化（1〜5）", "4"),
                         ("手順が安定している（1〜5）", "4"), ("例外が少ない（1〜5）", "3"),
                         ("件数の多さ（1〜5）", "4")):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="保存して試算").click()
    automation = page.locator('tr[data-option="automation"]')
    expect(automation).to_contain_text("¥42,000")
    expect(automation).to_contain_text("28.6")
    expect(automation).to_contain_text("¥18,802")
    expect(page.locator("svg.bar").first).to_be_visible()

    via_menu(page, "改善ポートフォリオ")
    expect(page.locator("svg.scatter circle").first).to_be_visible()
    item = page.locator(".suggestions li", has_text="源泉所得税の納付")
    expect(item).to_contain_text("自動化")
    item.get_by_label("判断").select_option("approve")
    item.get_by_label("担当者").select_option(label="佐藤 花子")
    item.get_by_label("期限").fill("2027-03-31")
    item.get_by_role("button", name="判断を記録").click()
    expect(page.get_by_role("status")).to_contain_text("源泉所得税の納付")
    expect(page.locator(".suggestions li", has_text="源泉所得税の納付")).to_contain_text("承認済み")

    page.get_by_role("button", name="ログアウト").click()
    sign_in(page, "staff@example.com")
    expect(page.locator("#work-improvements")).to_contain_text("源泉所得税の納付")
