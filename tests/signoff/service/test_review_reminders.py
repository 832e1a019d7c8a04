"""Prepared work reminds the people who may check it, and its managers when late."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from signoff_support import signoff_fixture  # noqa: F401 - the `signoff` fixture
from sqlalchemy import select, update

from planner.core.extensions import db
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.user import User
from planner.signoff import operations as sign_off
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

TOKYO = ZoneInfo("Asia/Tokyo")
PLANNED_AT = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


def _prepared(signoff, days_before: int = 2) -> Occurrence:  # noqa: ANN001
    """The 10 December occurrence, prepared, reviewed `days_before` business days early."""
    db.session.execute(update(User).values(digest_opt_out=True))
    db.session.execute(update(Occurrence).where(Occurrence.task_id != signoff.task)
                       .values(status="cancelled"))
    db.session.get(Task, signoff.task).review_days_before = days_before
    occurrence = db.session.get(Occurrence, signoff.occurrence)
    assert occurrence.due_date == date(2026, 12, 10)
    occurrences.complete(db.session.get(User, signoff.preparer), occurrence, "確認お願いします")
    db.session.commit()
    notifications.plan(PLANNED_AT)
    db.session.commit()
    return occurrence


def _pending(occurrence: Occurrence) -> list[tuple[str, int, datetime]]:
    return [(n.kind, n.recipient_id, n.send_after) for n in db.session.scalars(
        select(Notification).where(Notification.occurrence_id == occurrence.id,
                                   Notification.status == "pending",
                                   Notification.channel == "email")
        .order_by(Notification.kind, Notification.recipient_id))]


def test_the_possible_reviewers_are_reminded_on_the_review_date(ctx, signoff):
    occurrence = _prepared(signoff)
    review_day = datetime(2026, 12, 8, 9, tzinfo=TOKYO)  # two business days before the 10th
    late = datetime(2026, 12, 11, 9, tzinfo=TOKYO)  # the business day after it
    assert _pending(occurrence) == sorted([
        ("review", signoff.reviewer, review_day), ("review", signoff.admin, review_day),
        ("review_escalation", signoff.world.manager, late)])


def test_the_reminder_is_sent_then_stops_once_approved(ctx, signoff, smtp_server):
    occurrence = _prepared(signoff, days_before=0)
    notifications.dispatch_once(now=datetime(2026, 12, 10, 9, 30, tzinfo=TOKYO))
    subjects = sorted(m["Subject"] for _, m in smtp_server.messages)
    assert subjects == ["確認待ち：源泉所得税の納付（期限 2026年12月10日（木））"] * 2
    sign_off.review(db.session.get(User, signoff.reviewer), occurrence, "approve", "")
    db.session.commit()
    assert _pending(occurrence) == []


def test_a_return_puts_the_owners_reminders_back(ctx, signoff):
    occurrence = _prepared(signoff)
    sign_off.review(db.session.get(User, signoff.reviewer), occurrence, "return", "添付漏れ")
    db.session.commit()
    kinds = {kind for kind, _, _ in _pending(occurrence)}
    assert kinds == {"reminder"}
    # Nothing about a check goes out after the return, not even the escalation.
    notifications.dispatch_once(now=datetime(2026, 12, 11, 10, tzinfo=TOKYO))
    assert db.session.scalars(select(Notification).where(
        Notification.kind.in_(("review", "review_escalation")),
        Notification.status == "sent")).all() == []
