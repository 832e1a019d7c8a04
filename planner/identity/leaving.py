"""Leaving, handled: a person deactivated while they still own work (by the
directory through SCIM, or by hand on the admin form) leaves their managers a
notice listing what is now uncovered and a handover draft with successors
proposed by the handover ranking. Nothing is reassigned: the manager applies
the handover on its page, or not."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.urls import base_url
from planner.handover import operations as handover
from planner.identity.models import LeavingDraft
from planner.notifications import operations as notifications
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.people.signals import person_deactivated

KIND = "leaving"  # the notification kind (templates/email/leaving*.txt)
WINDOW = timedelta(days=92)  # open occurrences shown: about the next three months


@dataclass(frozen=True)
class Line:
    item: handover.HandoverItem

    @property
    def covered(self) -> bool:
        """Someone else qualified still owns the task."""
        return self.item.change.covered_without


def managers_of(person: User) -> list[User]:
    """The active managers of the person's departments; the administrators
    when the departments have none, so the notice always reaches someone."""
    department_ids = person.department_ids
    found = list(db.session.scalars(
        select(User).where(User.role == "manager", User.active.is_(True), User.id != person.id,
                           User.departments.any(Department.id.in_(department_ids)))
        .order_by(User.id))) if department_ids else []
    return found or list(db.session.scalars(
        select(User).where(User.role == "admin", User.active.is_(True), User.id != person.id)
        .order_by(User.id)))


def prepare(person: User) -> list[LeavingDraft]:
    """A draft and a notice (inbox and e-mail) for each manager who sees some
    of the person's tasks; nothing when the person owned nothing."""
    today = org_today()
    drafts = []
    for manager in managers_of(person):
        plan = handover.plan(manager, person.id, "leaving", today, today + WINDOW)
        if not plan.items and not plan.to_close:
            continue
        lines = [Line(item) for item in plan.items]
        draft = LeavingDraft(person_id=person.id, manager_id=manager.id, lines=[
            {"task_id": line.item.task.id, "covered": line.covered,
             "successor_id": line.item.change.successor_id,
             "open_occurrence_ids": [o.id for o in line.item.open_in_window]}
            for line in lines])
        db.session.add(draft)
        db.session.flush()
        _notify(manager, person, draft, lines, plan)
        drafts.append(draft)
    return drafts


def _notify(manager: User, person: User, draft: LeavingDraft, lines: list[Line],
            plan: handover.HandoverPlan) -> None:
    context = {"person": person, "manager": manager, "base_url": base_url(from_request=False),
               "uncovered": [line for line in lines if not line.covered],
               "covered": [line for line in lines if line.covered], "to_close": plan.to_close,
               "start": plan.start}
    with force_locale(manager.language):
        subject = render_template("identity/leaving_subject.txt", **context).strip()[:300]
        body = render_template("identity/leaving.txt", **context)
    notifications.post_message(manager, KIND, f"l:{draft.id}", subject, body, email=True)


def drafts_for(person: User) -> list[LeavingDraft]:
    return list(db.session.scalars(select(LeavingDraft).where(LeavingDraft.person_id == person.id)
                                   .order_by(LeavingDraft.id)))


@person_deactivated.connect
def _on_deactivated(person: User, **_: object) -> None:
    prepare(person)
