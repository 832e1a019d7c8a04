"""A person's data exported on request, and removed after they leave while
their work stays in the history."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from planner.admin import personal_data
from planner.core.audit_entry import AuditEntry
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.people import tokens
from planner.people.models.user import User
from planner.tasks.models import TaskOwner
from planner.work import operations as occurrences
from planner.work.models import Occurrence


def test_export_holds_everything_about_the_person(client, auth, ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task).order_by(Occurrence.due_date)).first()
    occurrences.complete(staff, occurrence, "e-Taxで納付済み")
    tokens.create_token(staff, "script")
    db.session.commit()
    auth.login("admin@example.com")
    response = client.get(f"/admin/people/{world.staff}/personal-data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == "staff@example.com"
    assert data["tasks_owned"][0]["code"] == "PAY-001"
    assert data["work_done"][0]["note"] == "e-Taxで納付済み"
    assert data["api_tokens"][0]["name"] == "script"
    assert "password_hash" not in json.dumps(data)


def test_anonymising_a_departed_person_keeps_their_work(client, auth, ctx, world):
    staff = db.session.get(User, world.staff)
    admin = db.session.get(User, world.admin)
    occurrence = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task).order_by(Occurrence.due_date)).first()
    occurrences.complete(staff, occurrence, "完了")
    db.session.commit()
    with pytest.raises(ValidationError):  # still active: not someone who has left
        personal_data.anonymise(admin, staff)
    db.session.rollback()
    staff = db.session.get(User, world.staff)
    staff.active = False
    db.session.commit()
    personal_data.anonymise(db.session.get(User, world.admin), staff)
    db.session.commit()
    person = db.session.get(User, world.staff)
    assert person.email == f"anonymised-{world.staff}@invalid" and "佐藤" not in person.name
    assert person.password_hash is None and person.anonymised_at is not None
    assert db.session.get(Occurrence, occurrence.id).completed_by_id == world.staff  # history
    assert db.session.scalars(select(TaskOwner).where(
        TaskOwner.user_id == world.staff)).all() == []
    trail = json.dumps([e.changes for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "users", AuditEntry.entity_id == str(world.staff)))],
        ensure_ascii=False)
    assert "staff@example.com" not in trail and "佐藤 花子" not in trail
