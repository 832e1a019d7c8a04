"""The company profile in a real browser: an administrator moves the year end to December,
previews which deadlines move, saves; the catalogue and "my work" follow."""
from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import screenshot
from playwright.sync_api import expect
from test_browser_registry import sign_in, via_menu

from planner.calendar.domain import Deadline
from planner.calendar.operations import load_calendar
from planner.calendar.recurrence import PresetInput, schedule_from_preset
from planner.company.domain import Profile, legal_due_dates
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.formatting import format_due_date
from planner.tasks import catalogue
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrences

pytestmark = pytest.mark.browser

# Between them, a December company with a one-month extension has one of these due at the end
# of nearly every month: the 11 interim filings (January, April–December), the consumption tax
# return (February) and the extended corporate tax return (March); "my work" shows those due
# in the next 30 days, each task's page its next dates.
# Work done two company business days before each legal date: "my work" shows both.
BUFFER_DAYS = 2
KEYS = ("consumption-tax-interim-monthly", "consumption-tax-final-return",
        "corporate-tax-final-return")


def _start_from_catalogue(key: str, department_id: int, owner_id: int) -> int:
    entry = catalogue.get(key)
    schedule = schedule_from_preset(
        PresetInput(entry["preset"], day=entry["day"], month=entry["month"],
                    rrule=entry["rrule"]),
        org_today() - timedelta(days=400), shift=entry["shift"],
        lead_days=tuple(entry["lead_days"]))
    task = Task(title=entry["title"]["ja"], department_id=department_id, category="tax",
                criticality="critical", catalogue_key=key, deadline_basis="statutory",
                work_by_buffer_days=BUFFER_DAYS)
    task.schedule = schedule
    task.owners.append(TaskOwner(user_id=owner_id, role="primary", level=3))
    db.session.add(task)
    db.session.flush()
    occurrences.materialise([task])
    return task.id


def test_admin_moves_the_year_end_to_december_previews_and_saves(app, page, world):
    with app.app_context():
        task_ids = {key: _start_from_catalogue(key, world.accounting, world.admin)
                    for key in KEYS}
        db.session.commit()
        today = org_today()
        company = load_calendar()
    december = Profile(fiscal_year_end_month=12, corporate_tax_extension_months=1)
    expected = {key: legal_due_dates(catalogue.get(key), december, today, 1)[0] for key in KEYS}
    final_title = catalogue.get("corporate-tax-final-return")["title"]["ja"]

    sign_in(page, "admin@example.com")
    via_menu(page, "会社情報")
    expect(page.get_by_label("決算月")).to_have_value("3")
    page.get_by_label("決算月").fill("12")
    page.get_by_label("法人税の申告期限の延長（月数）").fill("1")
    page.get_by_role("button", name="変更内容を確認").click()

    moves = page.locator("table.moves")
    expect(page.get_by_role("heading", name="動く期限")).to_be_visible()
    row = moves.locator("tr", has_text=final_title).first
    expect(row.locator("td").nth(2)).to_have_text(format_due_date(
        expected["corporate-tax-final-return"], "ja"))
    screenshot(page, "company-profile-preview")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました")
    expect(page.get_by_label("決算月")).to_have_value("12")

    page.goto("/tasks/catalogue")
    final = page.locator("#entry-corporate-tax-final-return")
    expect(final.get_by_role("heading")).to_have_text(
        "法人税・地方法人税・法人住民税・事業税の確定申告（12月決算）")
    expect(final.locator("time").first).to_have_attribute(
        "datetime", expected["corporate-tax-final-return"].isoformat())

    page.get_by_role("link", name="マイ業務").click()
    # A month end may be 31 days and a weekend away: on a few days a year none is this close.
    for key, day in expected.items():
        if day <= today + timedelta(days=30):
            title = catalogue.get(key)["title"]["ja"]
            row = page.locator(".occurrence", has_text=title).first
            work_by = Deadline(statutory=True, buffer_days=BUFFER_DAYS).work_by(day, company)
            expect(row.locator(".due")).to_have_text(format_due_date(work_by, "ja"))
            expect(row.locator(".legal-due")).to_contain_text(format_due_date(day, "ja"))
    screenshot(page, "company-profile-my-work")
    for key, day in expected.items():
        page.goto(f"/tasks/{task_ids[key]}")
        expect(page.locator("table.upcoming tbody tr td").first).to_have_text(
            format_due_date(day, "ja"))
