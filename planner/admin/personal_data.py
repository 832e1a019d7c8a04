"""A person's personal data: everything the planner holds about them, as one
export (a data-subject request under APPI/GDPR-like rules), and the removal of
it once they have left, keeping the work they did as history."""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from planner.core.audit_entry import AuditEntry
from planner.core.errors import N_, ValidationError
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.coverage.models.absence import Absence
from planner.coverage.models.training import TrainingPlan
from planner.identity.oidc_models import OidcLink
from planner.notifications.models import Notification
from planner.people.models.user import ApiToken, User
from planner.tasks.models import TaskOwner
from planner.work.models import Occurrence


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def export(person: User) -> dict[str, Any]:
    """Everything about the person, as JSON-ready data."""
    rows = db.session.scalars
    return {
        "profile": {
            "id": person.id, "name": person.name, "reading": person.reading, "email": person.email, "role": person.role,
            "language": person.language, "active": person.active,
            "departments": [d.name for d in person.departments],
            "capacity_hours": person.capacity_hours, "reminder_days": person.reminder_days,
            "daily_digest": not person.digest_opt_out,
            "two_step_sign_in": bool(person.totp_secret),
            "created_at": _iso(person.created_at),
        },
        "tasks_owned": [{"task": o.task.title, "code": o.task.code, "role": o.role,
                         "level": o.level}
                        for o in rows(select(TaskOwner).where(TaskOwner.user_id == person.id))],
        "work_done": [{"task": o.task.title, "due_date": _iso(o.due_date), "status": o.status,
                       "completed_at": _iso(o.completed_at), "note": o.note}
                      for o in rows(select(Occurrence).where(
                          Occurrence.completed_by_id == person.id)
                          .order_by(Occurrence.due_date))],
        "absences": [{"start_date": _iso(a.start_date), "end_date": _iso(a.end_date),
                      "kind": a.kind, "note": a.note}
                     for a in rows(select(Absence).where(Absence.user_id == person.id))],
        "training": [{"task": p.task.title, "role": "trainee" if p.trainee_id == person.id
                      else "trainer", "status": p.status, "due_date": _iso(p.due_date)}
                     for p in rows(select(TrainingPlan).where(
                         (TrainingPlan.trainee_id == person.id)
                         | (TrainingPlan.trainer_id == person.id)))],
        "notifications": [{"kind": n.kind, "channel": n.channel, "status": n.status,
                           "subject": n.subject, "sent_at": _iso(n.sent_at)}
                          for n in rows(select(Notification).where(
                              Notification.recipient_id == person.id)
                              .order_by(Notification.id))],
        "api_tokens": [{"name": t.name, "kind": t.kind, "created_at": _iso(t.created_at),
                        "last_used_at": _iso(t.last_used_at),
                        "revoked_at": _iso(t.revoked_at)}
                       for t in rows(select(ApiToken).where(ApiToken.user_id == person.id))],
        "changes_made": [{"at": _iso(e.at), "action": e.action, "record": e.entity_type,
                          "record_id": e.entity_id}
                         for e in rows(select(AuditEntry).where(AuditEntry.actor_id == person.id)
                                       .order_by(AuditEntry.id))],
    }


def anonymise(actor: User, person: User) -> User:
    """Remove a departed person's personal data; what they did stays, under
    a neutral name: completed work, decisions and the audit trail's entries."""
    if person.id == actor.id:
        raise ValidationError.single("person", N_("You cannot anonymise yourself."))
    if person.active:
        raise ValidationError.single("person", N_("Deactivate the person first: only people "
                                                  "who have left are anonymised."))
    if person.anonymised_at is not None:
        return person
    original = {person.email, person.name, person.reading} - {""}
    person.name = f"#{person.id}"
    # The reading spells the name: it goes too (an empty one would be
    # suggested from the neutral name on flush).
    person.reading = person.name
    person.email = f"anonymised-{person.id}@invalid"
    person.password_hash = None
    person.totp_secret, person.totp_last_step = None, None
    person.session_version += 1
    person.reminder_days, person.digest_opt_out, person.capacity_hours = [], True, None
    person.anonymised_at = utcnow()
    now = utcnow()
    db.session.execute(update(ApiToken).where(ApiToken.user_id == person.id,
                                              ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now).execution_options(synchronize_session=False))
    # Their identity at the OpenID provider is an identifier of them too.
    db.session.execute(delete(OidcLink).where(OidcLink.user_id == person.id)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Absence).where(Absence.user_id == person.id)
                       .values(note="").execution_options(synchronize_session=False))
    # Messages to them quote their name and work: the text goes, the row stays.
    db.session.execute(update(Notification).where(Notification.recipient_id == person.id)
                       .values(subject="", body="")
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Notification).where(Notification.recipient_id == person.id,
                                                  Notification.status == "pending")
                       .values(status="cancelled")
                       .execution_options(synchronize_session=False))
    for owner in db.session.scalars(select(TaskOwner).where(TaskOwner.user_id == person.id)):
        db.session.delete(owner)
    # The audit trail keeps that the record changed, not the old name or address.
    for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "users", AuditEntry.entity_id == str(person.id))):
        entry.changes = _scrub(entry.changes, original)
    db.session.flush()
    return person


def _scrub(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    if isinstance(value, str) and value in secrets:
        return "(anonymised)"
    return value
