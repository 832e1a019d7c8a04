"""Leaving, handled, by hand: an administrator unticking "active" on the
person's form tells the manager as SCIM does, and reassigns nothing."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.identity.models import LeavingDraft
from planner.people import operations as people
from planner.people.models.user import User
from planner.tasks.models import TaskOwner


def test_deactivating_on_the_admin_form_tells_the_manager_too(app, client, auth, world):
    auth.login("admin@example.com")
    token = auth.csrf_token(f"/admin/people/{world.staff}")
    response = client.post(f"/admin/people/{world.staff}", data={
        "name": "佐藤 花子", "email": "staff@example.com", "role": "staff", "language": "ja",
        "department_ids": [str(world.payroll)], "csrf_token": token})  # "active" unticked
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, world.staff).active is False
        assert db.session.scalar(select(LeavingDraft.manager_id)) == world.manager
        assert db.session.scalar(select(TaskOwner.user_id).where(
            TaskOwner.task_id == world.payroll_task)) == world.staff


def test_the_inbox_shows_the_notice_to_the_manager(app, client, auth, world):
    with app.app_context():
        staff = db.session.get(User, world.staff)
        people.update_person(staff, people.PersonData(
            email=staff.email, name=staff.name, department_ids=[world.payroll], active=False))
        db.session.commit()
    auth.login("manager@example.com")
    page = client.get("/inbox").get_data(as_text=True)
    assert "佐藤 花子" in page and "源泉所得税の納付" in page
