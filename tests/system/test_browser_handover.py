"""Handover and the work inventory in a real Chromium, on the demo data."""
from __future__ import annotations

import pytest
from conftest import screenshot
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser_registry import sign_in, via_menu

from planner.core.extensions import db
from planner.demo import loader as demo
from planner.handover.models import Handover
from planner.inventory.models import InventoryCycle
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.models import Occurrence

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "planner-demo"


@pytest.fixture
def demo_data(app):  # noqa: ANN001, ANN201
    with app.app_context():
        demo.seed_demo()
        notifications.plan()
        db.session.commit()


def _person(app, email: str) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _pending_reminders(app, person_id: int, task_ids: list[int]) -> set[int]:  # noqa: ANN001
    with app.app_context():
        return set(db.session.scalars(
            select(Notification.id).join(Occurrence).where(
                Notification.recipient_id == person_id, Notification.status == "pending",
                Notification.kind == "reminder", Occurrence.task_id.in_(task_ids))))


def test_manager_hands_over_a_demo_persons_tasks(app, page, demo_data):
    departing = _person(app, "sato.hanako@example.co.jp")
    sign_in(page, "suzuki.ichiro@example.co.jp", DEMO_PASSWORD)
    via_menu(page, href="/handover")
    page.locator(f"a[href='/people/{departing}/handover']").click()
    rows = page.locator("table.handover tbody tr")
    expect(rows.first).to_be_visible()
    task_ids = [int(i.removeprefix("handover-task-"))
                for i in rows.evaluate_all("rows => rows.map(r => r.id)")]
    assert task_ids
    before = _pending_reminders(app, departing, task_ids)
    assert before  # she had reminders coming for those tasks
    screenshot(page, "handover")
    # The first task goes to the proposed successor shown in its select.
    first = page.locator(f"#handover-task-{task_ids[0]} select")
    successor = int(first.input_value())
    if page.locator("#uncovered-warning").count():
        page.locator("input[name=accept_uncovered]").check()
    page.locator("form.handover-form button[type=submit], "
                 "form.handover-form input[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    with app.app_context():
        record = db.session.scalars(select(Handover)).one()
        assert {line.task_id for line in record.lines} == set(task_ids)
        task = db.session.get(Task, task_ids[0])
        assert departing not in {o.user_id for o in task.owners}
        assert successor in {o.user_id for o in task.owners}
        # Re-addressed: her pending reminders are cancelled, the successor has them now.
        statuses = set(db.session.scalars(select(Notification.status).where(
            Notification.id.in_(before))))
        assert statuses == {"cancelled"}
        title = task.title
        successor_email = db.session.get(User, successor).email
    assert _pending_reminders(app, successor, [task_ids[0]])

    page.context.clear_cookies()
    sign_in(page, successor_email, DEMO_PASSWORD)
    expect(page.locator("main")).to_contain_text(title)


def test_an_inventory_two_owners_answer_one_task_is_retired(app, page, demo_data):
    manager_email = "suzuki.ichiro@example.co.jp"
    sign_in(page, manager_email, DEMO_PASSWORD)
    via_menu(page, href="/inventory/")
    page.locator("#department_id").select_option(label="給与")
    page.locator("#name").fill("2027年4月 業務の棚卸")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    expect(page.locator("progress.inventory")).to_be_visible()
    with app.app_context():
        cycle = db.session.scalars(select(InventoryCycle)).one()
        answers = {a.respondent.email: a for a in cycle.answers if a.respondent}
        owners = sorted(answers)[:2]
        first, second = answers[owners[0]], answers[owners[1]]
        cycle_id, first_id, second_id, second_task = cycle.id, first.id, second.id, second.task_id
        second_title = second.task.title
        total = len(cycle.answers)

    for email, answer_id, needed in ((owners[0], first_id, True), (owners[1], second_id, False)):
        page.context.clear_cookies()
        sign_in(page, email, DEMO_PASSWORD)
        page.goto(f"/inventory/answers/{answer_id}")
        page.locator("#still_needed").select_option("1" if needed else "0")
        if needed:
            page.locator("#effort_minutes_after").fill("15")
            page.locator("#proposal").select_option("automate")
        page.locator("#comment").fill("見直しの結果")
        page.locator("form button[type=submit], form input[type=submit]").last.click()
        expect(page.locator(".flash-success")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, manager_email, DEMO_PASSWORD)
    page.goto(f"/inventory/{cycle_id}")
    expect(page.locator("#progress-text")).to_have_text(f"{total}件中2件回答済み")
    page.locator(f"#retire-{second_id} button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(f"#retire-{second_id} .badge")).to_be_visible()
    saved = page.locator("#hours-saved")
    expect(saved).to_be_visible()
    screenshot(page, "inventory")
    with app.app_context():
        task = db.session.get(Task, second_task)
        assert task.archived_at is not None and task.title == second_title
        from planner.inventory import operations as inventory

        summary = inventory.summary(db.session.get(InventoryCycle, cycle_id))
        assert summary.hours_saved > 0
    expect(saved).to_contain_text(str(summary.hours_saved))
