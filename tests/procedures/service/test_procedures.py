"""Procedure versions, their diff, and reviews that fall due."""
from __future__ import annotations

from datetime import timedelta

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.people.models.user import User
from planner.procedures import operations as procedures
from planner.tasks import operations as task_service
from planner.tasks.models import Task
from planner.tasks.operations import TaskData


def _edit(task: Task, author: User, text: str) -> None:
    data = TaskData.of(task)
    data.procedure = text
    task_service.update_task(author, task, data)
    db.session.commit()


def test_each_save_keeps_the_previous_version_with_its_author(ctx, world):
    task = db.session.get(Task, world.payroll_task)
    staff, manager = db.session.get(User, world.staff), db.session.get(User, world.manager)
    _edit(task, staff, "1. e-Taxで納付する")
    _edit(task, manager, "1. e-Taxで納付する\n2. 納付書を保管する")
    _edit(task, manager, "1. e-Taxで納付する\n2. 納付書を保管する")  # unchanged: no version
    versions = procedures.versions(staff, task)
    assert [(v.number, v.author.email, v.text) for v in reversed(versions)] == [
        (1, "staff@example.com", "1. e-Taxで納付する"),
        (2, "manager@example.com", "1. e-Taxで納付する\n2. 納付書を保管する")]
    assert all(v.created_at is not None for v in versions)
    changes = procedures.diff(versions[1].text, versions[0].text)
    assert [(c.kind, c.text) for c in changes] == [("same", "1. e-Taxで納付する"),
                                                     ("added", "2. 納付書を保管する")]
    assert task.procedure_reviewed_at == org_today()  # writing it is reviewing it


def test_versions_page_shows_authors_and_the_diff(client, auth, ctx, world):
    task = db.session.get(Task, world.payroll_task)
    _edit(task, db.session.get(User, world.staff), "手順A")
    _edit(task, db.session.get(User, world.manager), "手順B")
    auth.login("staff@example.com")
    page = client.get(f"/tasks/{world.payroll_task}/procedure/versions").get_data(as_text=True)
    assert "佐藤 花子" in page and "鈴木 一郎" in page
    assert '<li class="removed">手順A</li>' in page and '<li class="added">手順B</li>' in page
    first = client.get(f"/tasks/{world.payroll_task}/procedure/versions?to=1").get_data(
        as_text=True)
    assert '<li class="added">手順A</li>' in first


def test_reviews_fall_due_after_the_interval(ctx, world):
    staff = db.session.get(User, world.staff)
    task = db.session.get(Task, world.payroll_task)
    assert [t.id for t in procedures.reviews_due_for(staff)] == [task.id]  # never reviewed
    procedures.mark_reviewed(staff, task)
    db.session.commit()
    assert procedures.reviews_due_for(staff) == []
    task.procedure_reviewed_at = org_today() - timedelta(days=370)
    db.session.commit()
    assert [t.id for t in procedures.reviews_due_for(staff)] == [task.id]
    payroll = procedures.reviews_due_in([world.payroll], limit=20)
    assert task.id in [t.task_id for t in payroll.items]
    assert payroll.total == len(payroll.items)
    accounting = procedures.reviews_due_in([world.accounting], limit=20)
    assert accounting.items and task.id not in [t.task_id for t in accounting.items]
    assert procedures.reviews_due_in([world.payroll, world.accounting], limit=1).total == (
        payroll.total + accounting.total)


def test_review_shows_on_my_work_and_the_risk_dashboard(client, auth, world):
    auth.login("staff@example.com")
    assert 'id="work-reviews"' in client.get("/my-work").get_data(as_text=True)
    auth.logout()
    auth.login("manager@example.com")
    page = client.get("/risk").get_data(as_text=True)
    assert 'id="reviews"' in page and "源泉所得税の納付" in page.split('id="reviews"')[1]

