"""The demo opens with something in every demo account's inbox: reminders,
an escalation and a digest, and e-mails waiting for the first dispatch."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from planner.core.extensions import db
from planner.core.types import utcnow
from planner.demo import loader as demo
from planner.notifications.models import Notification
from planner.people.models.user import User


def _inbox(email: str) -> Counter:
    person = db.session.scalar(select(User).where(User.email == email))
    return Counter(db.session.scalars(
        select(Notification.kind).where(Notification.recipient_id == person.id,
                                        Notification.channel == "inbox",
                                        Notification.status == "sent")))


def test_the_demo_accounts_open_on_reminders_an_escalation_and_a_digest(ctx):
    demo.seed_demo()
    accounts = [account["email"] for account in demo.demo_accounts()]
    kinds = {email: _inbox(email) for email in accounts}
    delivered = Counter(db.session.scalars(select(Notification.kind).where(
        Notification.channel == "inbox", Notification.status == "sent")))
    assert delivered["reminder"] >= 3 and delivered["escalation"] >= 1
    assert sum(kinds.values(), Counter())["reminder"] >= 1  # the sign-in page's accounts too
    # A digest for each account with something due (the administrator has none;
    # the demo's overdue accounting work always gives its accountant one).
    assert kinds["tanaka.misaki@example.co.jp"]["digest"] == 1
    assert all(counts["digest"] <= 1 for counts in kinds.values())
    assert kinds[accounts[0]]["digest"] == 0
    sent = db.session.scalars(select(Notification).where(Notification.status == "sent",
                                                          Notification.channel == "inbox"))
    assert all(n.subject and n.body for n in sent)
    # Their e-mails are due now: the first dispatch sends them.
    waiting = db.session.scalar(select(db.func.count(Notification.id)).where(
        Notification.channel == "email", Notification.status == "pending",
        Notification.kind == "reminder", Notification.send_after <= utcnow()))
    assert waiting >= 3
