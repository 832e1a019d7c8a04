"""The manager's overview: where they land, what each figure counts and where
it leads."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.costing.models.suggestion import Suggestion
from planner.tasks.models import Task
from planner.work.models import Occurrence


def _occurrence(task_id: int, due: date, status: str = "open") -> None:
    db.session.add(Occurrence(task_id=task_id, nominal_date=due, due_date=due, status=status))


def _figure(page: str, key: str) -> int:
    card = page.split(f'id="overview-{key}"')[1].split("</a>")[0]
    return int(re.search(r'<p class="big">(\d+)</p>', card).group(1))


def _figures(page: str) -> dict[str, int]:
    return {key: _figure(page, key)
            for key in ("overdue", "this-week", "at-risk", "gaps", "reviews", "checks")}


def test_managers_and_administrators_land_on_the_overview_staff_on_their_work(
        client, auth, world):
    assert auth.login("staff@example.com").headers["Location"] == "/my-work"
    assert client.get("/").headers["Location"] == "/my-work"
    assert client.get("/overview").status_code == 403
    auth.logout()
    for email in ("manager@example.com", "admin@example.com"):
        assert auth.login(email).headers["Location"] == "/overview"
        assert client.get("/").headers["Location"] == "/overview"
        assert client.get("/login").headers["Location"] == "/overview"
        auth.logout()


def test_each_figure_counts_the_departments_work_and_leads_to_its_list(
        app, client, auth, world):
    with app.app_context():
        today = org_today()  # Tuesday 1 December 2026
        _occurrence(world.payroll_task, today - timedelta(days=3))  # overdue
        _occurrence(world.payroll_task, today + timedelta(days=3))  # due Friday
        # Handed over for its double-check (the task asks for one).
        db.session.get(Task, world.payroll_task).review_required = True
        _occurrence(world.payroll_task, today + timedelta(days=20), "prepared")
        _occurrence(world.accounting_task, today - timedelta(days=1))  # another department
        db.session.commit()
        proposals = {department: db.session.scalar(
            select(Suggestion.kind).join(Suggestion.task).where(
                Suggestion.task.has(department_id=department)))
            for department in (world.payroll, world.accounting)}
    # Each department's one task hangs on one person: cross-train it.
    assert proposals == {world.payroll: "cross_train", world.accounting: "cross_train"}

    auth.login("manager@example.com")
    page = client.get("/overview").get_data(as_text=True)
    # A double-check asked and one qualified person: nobody can check the
    # deadlines of the coming 60 days (4, 10 and 21 December, 12 January).
    assert _figures(page) == {"overdue": 1, "this-week": 1, "at-risk": 4, "gaps": 1,
                              "reviews": 1, "checks": 1}
    assert 'href="/overdue"' in page
    assert f'href="/calendar?department_id={world.payroll}"' in page
    assert 'href="/risk#at-risk"' in page and 'href="/risk#spof"' in page
    assert 'href="/portfolio?status=proposed"' in page

    auth.logout()
    auth.login("admin@example.com")
    everything = _figures(client.get("/overview").get_data(as_text=True))
    assert everything == {"overdue": 2, "this-week": 1, "at-risk": 4, "gaps": 2, "reviews": 2,
                          "checks": 1}
    page = client.get(f"/overview?department_id={world.accounting}").get_data(as_text=True)
    assert _figures(page) == {"overdue": 1, "this-week": 0, "at-risk": 0, "gaps": 1,
                              "reviews": 1, "checks": 0}
    assert f'href="/portfolio?status=proposed&amp;department_id={world.accounting}"' in page
    # A department that is not there counts as all of them, without an error page.
    assert _figures(client.get("/overview?department_id=999").get_data(as_text=True)) == everything
