"""The claim is checked, and renewed, right before each send; each send ends
by its deadline; a lease shorter than a send stops start-up."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select, update

from config import TestConfig
from planner import create_app
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.notifications import operations as notifications
from planner.notifications.leases import DispatchSettingsError
from planner.notifications.models import Notification
from planner.work.models import Occurrence


def _due(world, count: int) -> list[int]:  # noqa: ANN001
    occurrence = db.session.scalar(select(Occurrence.id).where(
        Occurrence.task_id == world.payroll_task, Occurrence.status == "open",
        Occurrence.due_date >= org_today()).order_by(Occurrence.due_date).limit(1))
    past = utcnow() - timedelta(minutes=5)
    db.session.execute(insert(Notification), [
        {"dedupe_key": f"claims:{n}", "kind": "reminder", "channel": "email",
         "status": "pending", "send_after": past, "recipient_id": world.staff,
         "occurrence_id": occurrence, "lead_days": 0,
         "attempts": 0, "last_error": "", "subject": "", "body": "", "created_at": past}
        for n in range(count)])
    db.session.commit()
    return list(db.session.scalars(select(Notification.id).order_by(Notification.id)))


def test_a_row_taken_over_while_another_was_sending_is_not_sent(ctx, world, smtp_server):
    first, second = _due(world, 2)
    engine = db.engine
    answer = smtp_server.handle_DATA

    async def take_over_the_second(server, session, envelope):  # noqa: ANN001, ANN202
        # Another dispatcher claims the second row while the first is on the wire.
        with engine.begin() as connection:
            connection.execute(update(Notification.__table__)
                               .where(Notification.__table__.c.id == second)
                               .values(claim_token="another-dispatcher"))
        return await answer(server, session, envelope)

    smtp_server.handle_DATA = take_over_the_second
    result = notifications.dispatch_once(token="this-dispatcher")

    assert (result.claimed, result.sent, result.taken_over) == (2, 1, 1)
    assert len(smtp_server.messages) == 1
    db.session.expire_all()
    assert db.session.get(Notification, first).status == "sent"
    taken = db.session.get(Notification, second)
    assert (taken.status, taken.claim_token) == ("sending", "another-dispatcher")


def test_a_lease_that_ran_out_without_anyone_taking_the_row_is_still_ours(
        ctx, world, smtp_server, app):  # noqa: ANN001
    _due(world, 1)
    lease = timedelta(seconds=app.config["DISPATCH_LEASE_SECONDS"])
    # Claimed so long ago that its lease has run out by the time it is sent.
    result = notifications.dispatch_once(now=utcnow() - lease - timedelta(minutes=1))
    assert (result.sent, result.taken_over) == (1, 0)
    assert len(smtp_server.messages) == 1


def test_a_send_the_relay_holds_past_the_timeout_is_cut_off_and_retried(
        ctx, world, smtp_server, app):  # noqa: ANN001
    (row,) = _due(world, 1)
    app.config["SMTP_TIMEOUT"] = 0.5
    smtp_server.delay = 5  # holds the DATA past the timeout, keeps nothing if we hang up
    result = notifications.dispatch_once()
    assert (result.sent, result.retried) == (0, 1)
    db.session.expire_all()
    notification = db.session.get(Notification, row)
    assert notification.status == "pending"
    assert notification.last_error == "the relay did not take the message within 0.5 s"
    assert smtp_server.messages == []


@pytest.mark.parametrize(("settings", "named"), [
    ({"DISPATCH_LEASE_SECONDS": 30, "SMTP_TIMEOUT": 30},
     "DISPATCH_LEASE_SECONDS (30) must be at least SMTP_TIMEOUT (30) + "
     "DISPATCH_LEASE_MARGIN_SECONDS (5) = 35"),
    ({"SMTP_TIMEOUT": 0}, "SMTP_TIMEOUT must be more than 0 seconds"),
    ({"DISPATCH_BATCH": 0}, "DISPATCH_BATCH must be at least 1"),
])
def test_a_lease_that_cannot_cover_a_send_stops_start_up(settings, named):  # noqa: ANN001
    with pytest.raises(DispatchSettingsError, match="bad outbox settings") as refused:
        create_app(TestConfig, **settings)
    assert named in str(refused.value)


def test_the_default_settings_start():
    app = create_app(TestConfig)
    config = app.config
    assert config["DISPATCH_LEASE_SECONDS"] >= (config["SMTP_TIMEOUT"]
                                                + config["DISPATCH_LEASE_MARGIN_SECONDS"])
