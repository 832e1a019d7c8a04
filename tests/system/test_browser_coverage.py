"""The cross-training matrix and the risk dashboard in a real browser."""
from __future__ import annotations

import pytest
from conftest import screenshot
from playwright.sync_api import expect
from test_browser_registry import sign_in, via_menu

from planner.core.extensions import db
from planner.people.operations import PersonData, create_person

pytestmark = pytest.mark.browser


def test_manager_edits_the_matrix_and_the_dashboard_changes(app, page, world):
    with app.app_context():
        create_person(PersonData(email="colleague@example.com", name="同僚 太郎",
                                 department_ids=[world.payroll]))
        db.session.commit()
    sign_in(page, "manager@example.com")
    via_menu(page, "リスク")
    spof = page.locator("#spof")
    expect(spof.get_by_role("link", name="源泉所得税の納付")).to_be_visible()

    page.goto(f"/departments/{world.payroll}/matrix")
    cell = page.get_by_label("同僚 太郎 · 源泉所得税の納付")
    cell.fill("7")
    page.get_by_role("button", name="スキルマトリクスを保存").click()
    expect(page.locator(".matrix td.has-error .field-error")).to_be_visible()
    expect(page.get_by_label("同僚 太郎 · 源泉所得税の納付")).to_have_value("7")
    page.goto(f"/departments/{world.payroll}/matrix")
    expect(page.get_by_label("同僚 太郎 · 源泉所得税の納付")).to_have_value("")

    page.get_by_label("同僚 太郎 · 源泉所得税の納付").fill("3")
    page.get_by_role("button", name="スキルマトリクスを保存").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_label("同僚 太郎 · 源泉所得税の納付")).to_have_value("3")

    via_menu(page, "リスク")
    expect(page.locator("#spof").get_by_role("link", name="源泉所得税の納付")).to_have_count(0)


def test_demo_risk_pages(page, runner):
    """The demo's gaps show on the dashboard (and are saved as screenshots)."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    sign_in(page, "takahashi.makoto@example.co.jp", "planner-demo")
    via_menu(page, "リスク")
    expect(page.locator("#at-risk tbody tr")).to_have_count(1)
    expect(page.locator("#spof .risk-item").first).to_be_visible()
    screenshot(page, "risk-dashboard")
    page.get_by_role("link", name="スキルマトリクス").first.click()
    expect(page.locator("table.matrix")).to_be_visible()
    screenshot(page, "matrix")
    via_menu(page, "業務量", exact=True)
    expect(page.locator("td.overload").first).to_be_visible()
    screenshot(page, "workload")
