"""The calendar in a real browser: catalogue, live preview, my work."""
from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import screenshot
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser_registry import sign_in

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work.models import Occurrence

pytestmark = pytest.mark.browser


def test_task_from_the_catalogue_with_live_preview_then_done_from_my_work(app, page, world):
    sign_in(page, "staff@example.com")
    page.goto("/tasks/")
    page.get_by_role("link", name="法定期限から作成").click()
    page.get_by_role("link", name="源泉所得税の納付を使用", exact=True).click()

    expect(page.get_by_label("業務名")).to_have_value("源泉所得税の納付")
    preview = page.locator("[data-preview-list] li")
    expect(preview).to_have_count(12)
    expect(page.get_by_label("日（1〜31）")).to_have_value("10")
    first_before = preview.first.inner_text()

    page.get_by_label("日（1〜31）").fill("20")
    expect(preview.first).not_to_have_text(first_before)
    expect(preview.first).to_contain_text("20")
    screenshot(page, "task-schedule-preview")

    page.get_by_label("繰り返し").select_option("custom")
    page.get_by_label("RRULE").fill("FREQ=SOMETIMES")
    expect(page.locator("[data-preview-error]")).to_be_visible()
    page.get_by_label("繰り返し").select_option("monthly_day")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="源泉所得税の納付")).to_be_visible()
    expect(page.locator("table.upcoming tbody tr")).to_have_count(12)

    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.title == "源泉所得税の納付",
                                                           Task.code.is_(None)))
        due = org_today() - timedelta(days=2)
        db.session.add(Occurrence(task_id=world.payroll_task, nominal_date=due, due_date=due))
        db.session.commit()
    assert task_id is not None

    page.get_by_role("link", name="マイ業務").click()
    overdue = page.locator("#work-overdue")
    expect(overdue.locator(".occurrence")).to_have_count(1)
    screenshot(page, "my-work")
    overdue.get_by_role("button", name="完了").click()
    expect(page.get_by_role("status")).to_contain_text("源泉所得税の納付")
    expect(page.locator("#work-overdue .occurrence")).to_have_count(0)


def test_team_calendar_month_grid(page, world):
    sign_in(page, "staff@example.com")
    page.goto("/calendar?month=2027-01")
    expect(page.get_by_text("成人の日")).to_be_visible()
    expect(page.locator(".day.non-business").first).to_be_visible()
    expect(page.locator(".chip", has_text="源泉所得税の納付")).to_have_count(1)
    screenshot(page, "team-calendar")
