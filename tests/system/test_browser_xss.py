"""Script payloads stored everywhere a person can type, then every page that
shows them opened in a real browser: none runs (escaping, Markdown sanitised
by nh3, and a CSP without inline script as the second line)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser_registry import sign_in

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.coverage import absences
from planner.inventory import operations as inventory
from planner.people import tokens
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

pytestmark = pytest.mark.browser

PAYLOAD = ('<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
           '<svg onload="window.__xss=1"></svg>"\'><b>')
MARKDOWN = ("[click](javascript:window.__xss=1) <script>window.__xss=1</script>\n\n"
            "<img src=x onerror=window.__xss=1>")


@pytest.fixture
def poisoned(app, world):  # noqa: ANN001, ANN201
    with app.app_context():
        admin = db.session.get(User, world.admin)
        staff = db.session.get(User, world.staff)
        task = db.session.get(Task, world.payroll_task)
        task.title, task.legal_basis, task.procedure = PAYLOAD, PAYLOAD, MARKDOWN
        db.session.get(Department, world.payroll).name = PAYLOAD
        staff.name = PAYLOAD
        absences.create_absence(staff, absences.AbsenceData(
            staff.id, org_today() + timedelta(days=3), org_today() + timedelta(days=4),
            "other", PAYLOAD))
        first = db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == task.id).order_by(Occurrence.due_date)).first()
        occurrences.complete(staff, first, PAYLOAD)
        tokens.create_token(staff, PAYLOAD[:80])
        cycle = inventory.start_cycle(admin, world.payroll, PAYLOAD[:120],
                                      org_today() + timedelta(days=7))
        inventory.answer(admin, cycle.answers[0], inventory.AnswerData(
            True, None, True, "automate", PAYLOAD))
        db.session.commit()
        return {"task": task.id, "cycle": cycle.id, "answer": cycle.answers[0].id}


def test_no_stored_payload_runs_on_any_page(page, world, poisoned):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, "admin@example.com")
    paths = [
        "/my-work", "/tasks/", f"/tasks/{poisoned['task']}", f"/tasks/{poisoned['task']}/edit",
        f"/tasks/{poisoned['task']}/procedure/versions", "/calendar", "/overdue", "/risk",
        "/workload", f"/departments/{world.payroll}/matrix", "/portfolio", "/absences",
        "/inventory/", f"/inventory/{poisoned['cycle']}",
        f"/inventory/answers/{poisoned['answer']}", "/handover",
        f"/people/{world.staff}/handover", f"/people/{world.staff}/handover-document",
        f"/tasks/{poisoned['task']}/handover-document", "/admin/people",
        f"/admin/people/{world.staff}", "/admin/departments", "/admin/audit", "/inbox",
        "/account/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status < 500, path
        expect(page.locator("main")).to_be_visible()
        assert page.evaluate("window.__xss") is None, path
    assert dialogs == []
    # The text is shown as text, not swallowed.
    page.goto(f"/tasks/{poisoned['task']}")
    expect(page.locator("h1")).to_contain_text("<script>window.__xss=1</script>")
    assert page.locator(".prose a[href^='javascript']").count() == 0
