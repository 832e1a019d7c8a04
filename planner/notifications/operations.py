"""The reminder outbox: planning rows, claiming them, sending, retrying.

Durable state lives here, not in the scheduler (DESIGN.md, "Reminders: how
they stay reliable"). Planning is idempotent through each row's dedupe key;
dispatch claims rows atomically with a lease, so any number of processes may
plan and send at once, and a crashed sender's rows come back.
"""
from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import Select, and_, bindparam, func, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import selectinload

from planner.calendar.domain import BusinessCalendar
from planner.calendar.operations import load_calendar
from planner.core import settings
from planner.core.bulk import insert_ignoring_duplicates
from planner.core.clock import org_timezone, org_today
from planner.core.db import database_unavailable
from planner.core.errors import NotFound
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.types import utcnow
from planner.core.urls import base_url
from planner.coverage import domain as coverage_rules
from planner.coverage.operations import absences_between
from planner.notifications import domain as rules
from planner.notifications.mailer import Email, SendError, SmtpSession, post_webhook
from planner.notifications.models import Notification
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments
from planner.signoff import domain as signoff_rules
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence
from planner.work.operations import my_work

log = logging.getLogger(__name__)

RECIPIENT_ROLES = ("primary", "backup")
PERSON_CHANNELS = ("email", "inbox")
PLAN_AHEAD_DAYS = 190  # beyond the longest lead time a task may have (180 days)
LATE_DAYS = 60  # overdue notices and escalations are planned this far back
_CHUNK = 1000
PLAN_CHUNK = 500  # tasks planned at a time by a full run


# --- Planning -----------------------------------------------------------------


@dataclass
class PlanResult:
    created: int = 0
    cancelled: int = 0
    moved: int = 0


def _row(key: str, kind: str, channel: str, send_after: datetime, *, occurrence_id=None,
         recipient_id=None, department_id=None, lead_days=None) -> dict:  # noqa: ANN001
    return {"dedupe_key": key, "kind": kind, "channel": channel, "send_after": send_after,
            "occurrence_id": occurrence_id, "recipient_id": recipient_id,
            "department_id": department_id, "lead_days": lead_days, "status": "pending",
            "attempts": 0, "last_error": "", "subject": "", "body": "", "created_at": utcnow()}


def _managers(department_ids: set[int]) -> dict[int, list[User]]:
    if not department_ids:
        return {}
    rows = db.session.execute(
        select(user_departments.c.department_id, User)
        .join(User, User.id == user_departments.c.user_id)
        .where(user_departments.c.department_id.in_(department_ids),
               User.role == "manager", User.active.is_(True)))
    result: dict[int, list[User]] = defaultdict(list)
    for department_id, person in rows:
        result[department_id].append(person)
    return result


@dataclass
class _Planning:
    """What every chunk of tasks is planned against, loaded once per run."""
    now: datetime
    today: date
    tz: ZoneInfo
    calendar: BusinessCalendar
    hour: int
    escalate_after: int
    departments: dict[int, Department]
    managers: dict[int, list[User]]
    leaves: list[coverage_rules.Leave]
    # One (due, lead) pair gives the same moment for every owner and channel.
    times: dict[tuple[date, int], datetime] = field(default_factory=dict)

    def reminder_time(self, due: date, lead: int) -> datetime:
        moment = self.times.get((due, lead))
        if moment is None:
            moment = rules.reminder_time(due, lead, self.calendar, self.hour, self.tz)
            self.times[(due, lead)] = moment
        return moment


def _planning(now: datetime) -> _Planning:
    tz = org_timezone()
    today = now.astimezone(tz).date()
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    return _Planning(
        now=now, today=today, tz=tz, calendar=load_calendar(),
        hour=int(settings.get("sending_hour")),
        escalate_after=int(settings.get("escalation_business_days")),
        departments=departments, managers=_managers(set(departments)),
        leaves=absences_between(today - timedelta(days=200), today + timedelta(days=60)))


def _desired_for(context: _Planning, task_ids: list[int]) -> list[dict]:
    """Every notification the occurrences of these tasks should have now."""
    now, today, calendar = context.now, context.today, context.calendar
    query = (select(Occurrence).join(Occurrence.task)
             .where(Occurrence.status.in_(("open", "prepared")), Task.archived_at.is_(None),
                    Occurrence.task_id.in_(task_ids),
                    Occurrence.due_date >= today - timedelta(days=LATE_DAYS),
                    Occurrence.due_date <= today + timedelta(days=PLAN_AHEAD_DAYS))
             .options(selectinload(Occurrence.task).selectinload(Task.owners),
                      selectinload(Occurrence.assignee)))
    rows: list[dict] = []
    for occurrence in db.session.scalars(query):
        task = occurrence.task
        managers = context.managers.get(task.department_id, [])
        if occurrence.status == "prepared":
            rows.extend(_review_rows(context, occurrence, managers))
            continue
        owners = _recipients(occurrence)
        if occurrence.due_date >= today:
            for owner in owners:
                leads = set(task.lead_days or []) | set(owner.user.reminder_days or [])
                for lead in sorted(leads):
                    # Counted back from the date the company works to: a legal
                    # deadline's reminders come before its closures, not in them.
                    send_at = context.reminder_time(occurrence.work_by, lead)
                    if send_at.date() < today:
                        continue  # its moment passed before it was planned
                    for channel in PERSON_CHANNELS:
                        rows.append(_row(f"r:{occurrence.id}:{owner.user_id}:{lead}:{channel}",
                                         rules.REMINDER, channel, send_at,
                                         occurrence_id=occurrence.id,
                                         recipient_id=owner.user_id, lead_days=lead))
            webhook = context.departments[task.department_id].webhook_url
            if webhook:
                for lead in sorted(set(task.lead_days or [])):
                    send_at = context.reminder_time(occurrence.work_by, lead)
                    if send_at.date() >= today:
                        rows.append(_row(f"w:{occurrence.id}:{lead}", rules.REMINDER, "webhook",
                                         send_at, occurrence_id=occurrence.id,
                                         department_id=task.department_id, lead_days=lead))
        else:
            # Missed: an overdue notice to the owners, later the managers.
            for owner in owners:
                for channel in PERSON_CHANNELS:
                    rows.append(_row(f"o:{occurrence.id}:{owner.user_id}:{channel}",
                                     rules.OVERDUE, channel, now, occurrence_id=occurrence.id,
                                     recipient_id=owner.user_id))
            send_at = rules.escalation_time(occurrence.due_date, context.escalate_after,
                                            calendar, context.hour, context.tz)
            for manager in managers:
                for channel in PERSON_CHANNELS:
                    rows.append(_row(f"e:{occurrence.id}:{manager.id}:{channel}",
                                     rules.ESCALATION, channel, send_at,
                                     occurrence_id=occurrence.id, recipient_id=manager.id))
        if managers and today <= occurrence.due_date <= today + timedelta(days=60):
            qualified = (frozenset({occurrence.assignee_id}) if occurrence.assignee_id
                         else coverage_rules.qualified_people(
                             coverage_rules.OwnerLevel(o.user_id, o.role, o.level, o.user.active)
                             for o in task.owners))
            window = coverage_rules.occurrence_risk(occurrence.work_by, task.lead_days or [0],
                                                    qualified, context.leaves, calendar, today)
            if window.at_risk:
                for manager in managers:
                    for channel in PERSON_CHANNELS:
                        rows.append(_row(f"a:{occurrence.id}:{manager.id}:{channel}",
                                         rules.AT_RISK, channel, now,
                                         occurrence_id=occurrence.id, recipient_id=manager.id))
    return rows


def _review_rows(context: _Planning, occurrence: Occurrence, managers: list[User]
                 ) -> list[dict]:
    """Prepared work: one reminder to each person who may check it, on its
    review date (at once when that has passed); the managers hear of it the
    business day after its due date if nobody has. Keyed by the preparation,
    so work returned and prepared again reminds again."""
    task = occurrence.task
    reviewers = signoff_rules.possible_reviewers(
        (signoff_rules.Qualification(o.user_id, o.level, o.user.active) for o in task.owners),
        occurrence.prepared_by_id)
    day = signoff_rules.review_date(occurrence.due_date, task.review_days_before,
                                    context.calendar)
    stamp = int(occurrence.prepared_at.timestamp()) if occurrence.prepared_at else 0
    send_at = context.reminder_time(day, 0)
    rows = [_row(f"v:{occurrence.id}:{stamp}:{person}:{channel}", rules.REVIEW, channel,
                 send_at, occurrence_id=occurrence.id, recipient_id=person)
            for person in sorted(reviewers) for channel in PERSON_CHANNELS]
    late = rules.escalation_time(occurrence.due_date, 1, context.calendar, context.hour,
                                 context.tz)
    rows.extend(_row(f"ve:{occurrence.id}:{stamp}:{manager.id}:{channel}",
                     rules.REVIEW_ESCALATION, channel, late, occurrence_id=occurrence.id,
                     recipient_id=manager.id)
                for manager in managers for channel in PERSON_CHANNELS)
    return rows


@dataclass(frozen=True)
class _Recipient:
    user_id: int
    user: User


def _recipients(occurrence: Occurrence) -> list[_Recipient] | list[TaskOwner]:
    """Who is reminded of an occurrence: the person a run's step was given
    to, else the task's owners in the recipient roles, as for any work."""
    assignee = occurrence.assignee
    if assignee is not None and assignee.active:
        return [_Recipient(assignee.id, assignee)]
    return [o for o in occurrence.task.owners if o.user.active and o.role in RECIPIENT_ROLES]


def _digests(context: _Planning) -> list[dict]:
    if not context.calendar.is_business_day(context.today):
        return []
    send_at = rules.at_hour(context.today, context.hour, context.tz)
    people = db.session.scalars(select(User.id).where(User.active.is_(True),
                                                      User.digest_opt_out.is_(False)))
    return [_row(f"d:{person_id}:{context.today.isoformat()}", rules.DIGEST, "email", send_at,
                 recipient_id=person_id) for person_id in people]


def plan(now: datetime | None = None, task_ids: list[int] | None = None) -> PlanResult:
    """Create the notifications that should exist, move those whose time changed,
    cancel pending ones nothing asks for any more. Idempotent. With `task_ids`,
    only those tasks' notifications are replanned (after an edit).

    The whole organisation is planned a chunk of tasks at a time, so memory
    stays flat however many reminders there are (a million at 20,000 tasks)."""
    context = _planning(now or utcnow())
    result = PlanResult()
    if task_ids is None:
        all_ids = list(db.session.scalars(select(Task.id).order_by(Task.id)))
        for start in range(0, len(all_ids), PLAN_CHUNK):
            chunk = all_ids[start:start + PLAN_CHUNK]
            # Nothing keeps the chunk's occurrences once it is planned: the
            # session's identity map holds them weakly, so they are freed.
            _apply_plan(_desired_for(context, chunk), chunk, result)
        # Digests are only ever created here; dispatch decides whether to send them.
        _insert_new({row["dedupe_key"]: row for row in _digests(context)}, set(), result)
    else:
        _apply_plan(_desired_for(context, task_ids), task_ids, result)
    db.session.expire_all()
    return result


def _apply_plan(rows: list[dict], task_ids: list[int], result: PlanResult) -> None:
    desired = {row["dedupe_key"]: row for row in rows}
    changes = []
    seen: set[str] = set()
    # Pending or cancelled rows may need to move, stop or come back. Only the
    # occurrence is filtered in SQL: with the status there too, a planner
    # without fresh statistics scans every pending row of the outbox instead
    # of the few of these tasks.
    current = (select(Notification.id, Notification.dedupe_key, Notification.send_after,
                      Notification.status)
               .where(Notification.occurrence_id.in_(
                   select(Occurrence.id).where(Occurrence.task_id.in_(task_ids)))))
    for row_id, key, send_after, status in db.session.execute(current):
        seen.add(key)  # whatever its status: an existing row is never inserted again
        if status not in ("pending", "cancelled"):
            continue
        wanted = desired.get(key)
        if wanted is None:
            if status == "pending":
                changes.append({"row_id": row_id, "new_status": "cancelled",
                                "new_send_after": send_after})
                result.cancelled += 1
        elif status == "cancelled" or send_after != wanted["send_after"]:
            changes.append({"row_id": row_id, "new_status": "pending",
                            "new_send_after": wanted["send_after"]})
            result.moved += 1
    if changes:
        table = Notification.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("row_id"))
            .values(status=bindparam("new_status"), send_after=bindparam("new_send_after")),
            changes)
    _insert_new(desired, seen, result)


def _insert_new(desired: dict[str, dict], seen: set[str], result: PlanResult) -> None:
    # Rows already sent, sending or failed exist too: only the rest is new.
    candidates = [key for key in desired if key not in seen]
    for start in range(0, len(candidates), _CHUNK):
        seen.update(db.session.scalars(select(Notification.dedupe_key).where(
            Notification.dedupe_key.in_(candidates[start:start + _CHUNK]))))
    # ON CONFLICT DO NOTHING covers another planner inserting the same rows meanwhile.
    result.created += insert_ignoring_duplicates(
        Notification, [row for key, row in desired.items() if key not in seen], ["dedupe_key"])


def cancel_for_occurrence(occurrence_id: int) -> int:
    """Completing or skipping an occurrence stops what was still to be sent."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.occurrence_id == occurrence_id, Notification.status == "pending")
        .values(status="cancelled")
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


# --- Dispatch -----------------------------------------------------------------


@dataclass
class DispatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    taken_over: int = 0  # claims another dispatcher took over after our lease ran out


def _due_condition(now: datetime):  # noqa: ANN202
    return or_(
        and_(Notification.status == "pending", Notification.send_after <= now,
             or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now)),
        and_(Notification.status == "sending", Notification.lease_until < now),
    )


def claim(batch: int, now: datetime, token: str) -> list[int]:
    """Atomically mark up to `batch` due rows as ours, under a lease.

    On PostgreSQL, SELECT … LIMIT n FOR UPDATE SKIP LOCKED locks the batch
    (concurrent dispatchers skip each other's rows), then an UPDATE of those
    ids marks them. Not one UPDATE … WHERE id IN (that SELECT): the planner
    may run the subquery again for every row it scans (a nested-loop semi
    join, chosen whenever the table's statistics are stale), and each run
    locks more rows: one dispatcher claimed the whole queue, 2,000 rows under
    one lease, while the others waited on its locks.

    SQLite renders no FOR UPDATE; there the single UPDATE … WHERE id IN
    (SELECT …) runs under the one writer lock (its subquery is evaluated
    once), so two dispatchers cannot claim the same row either.
    """
    lease = timedelta(seconds=current_app.config["DISPATCH_LEASE_SECONDS"])
    candidates = (select(Notification.id).where(_due_condition(now))
                  .order_by(Notification.send_after, Notification.id).limit(batch)
                  .with_for_update(skip_locked=True))
    if db.session.get_bind().dialect.name == "postgresql":
        chosen = list(db.session.scalars(candidates))
        if not chosen:
            return []
        ids = Notification.id.in_(chosen)
    else:
        ids = Notification.id.in_(candidates.scalar_subquery())
    statement = (update(Notification)
                 .where(ids, _due_condition(now))
                 .values(status="sending", claim_token=token, lease_until=now + lease,
                         attempts=Notification.attempts + 1)
                 .returning(Notification.id)
                 .execution_options(synchronize_session=False))
    return list(db.session.scalars(statement))


def message_id(notification: Notification, host: str) -> str:
    """Stable per notification: a resend after a crash carries the same Message-ID."""
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:16]
    return f"<planner.{notification.id}.{digest}@{host}>"


class OutcomeNotRecorded(RuntimeError):
    """A message went out but the database stayed unreachable for longer than
    the dispatcher waits: its row comes back when the lease runs out and is
    sent again, with the same Message-ID."""


class _Outage:
    """Waits out a database outage (stopped, restarting, unreachable): the
    dispatcher keeps its place and carries on when the database is back, for up
    to DISPATCH_OUTAGE_SECONDS, then lets the error through."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.waits = 0

    def wait(self, error: Exception) -> None:
        if not database_unavailable(error):
            raise error
        try:
            db.session.rollback()
        except DBAPIError:
            pass  # the connection is gone; the pool makes a new one (pre-ping)
        now = time.monotonic()
        if self.started is None:
            self.started = now
            log.warning("database unavailable, waiting for it: %s", error.__class__.__name__)
        if now - self.started > current_app.config.get("DISPATCH_OUTAGE_SECONDS", 300):
            raise error
        time.sleep(min(5.0, 0.25 * 2 ** self.waits))
        self.waits += 1

    def over(self) -> None:
        if self.started is not None:
            log.warning("database back after %.1f s", time.monotonic() - self.started)
        self.started, self.waits = None, 0


def _finish(notification_id: int, token: str, **values) -> bool:  # noqa: ANN003
    """Record the outcome only if the row is still ours (our lease did not run
    out and pass it to another dispatcher).

    The outcome of a send is known only to this process: while the database is
    unreachable it keeps trying to record it, so a restart of the database
    neither loses a sent message nor sends it twice."""
    outage = _Outage()
    while True:
        try:
            result = db.session.execute(
                update(Notification)
                .where(Notification.id == notification_id, Notification.claim_token == token,
                       Notification.status == "sending")
                .values(**values).execution_options(synchronize_session=False))
            # The outbox's own boundary: each message's outcome is saved as soon
            # as it is known, so a crash loses at most the one in flight.
            db.session.commit()
            outage.over()
            return (result.rowcount or 0) == 1
        except (DBAPIError, PoolTimeout) as error:
            try:
                outage.wait(error)
            except (DBAPIError, PoolTimeout):
                raise OutcomeNotRecorded(f"notification {notification_id}: {values.get('status')}"
                                         ) from error


def _release(tokens: list[str]) -> None:
    """Give back what an interrupted dispatch claimed but never tried to send,
    without counting an attempt, instead of leaving it until the lease ends."""
    db.session.execute(
        update(Notification)
        .where(Notification.claim_token.in_(tokens), Notification.status == "sending")
        .values(status="pending", lease_until=None, attempts=Notification.attempts - 1)
        .execution_options(synchronize_session=False))
    db.session.commit()  # the outbox's own boundary: released claims are visible at once


def _still_wanted(notification: Notification, today) -> bool:  # noqa: ANN001
    if notification.recipient_id is not None and not notification.recipient.active:
        return False
    if notification.kind == rules.DIGEST:
        # Yesterday's digest is stale; today's needs something to say.
        sent_for = notification.send_after.astimezone(org_timezone()).date()
        return sent_for >= today and _digest_has_news(notification, today)
    occurrence = notification.occurrence
    if occurrence is None:
        return True
    if notification.kind in rules.REVIEW_KINDS:
        # Only while it waits for its check: approved or returned, it is said.
        return occurrence.status == "prepared" and occurrence.task.archived_at is None
    if occurrence.status != "open" or occurrence.task.archived_at is not None:
        return False
    if notification.kind == rules.REMINDER and rules.is_late(occurrence.due_date, today):
        return False  # superseded by the overdue notice
    return True


@dataclass(frozen=True)
class _Outgoing:
    """A claimed notification, rendered and detached from the session, so the
    commit after each send does not make the next one reload anything."""

    id: int
    attempts: int
    channel: str
    subject: str
    body: str
    message_id: str
    email: Email | None
    webhook_url: str | None


def _prepare(notifications: list[Notification], today, host: str  # noqa: ANN001
             ) -> tuple[list[_Outgoing], list[int]]:
    outgoing, cancelled = [], []
    for notification in notifications:
        if not _still_wanted(notification, today):
            cancelled.append(notification.id)
            continue
        subject, body = render(notification, today)
        mid = message_id(notification, host)
        person = notification.recipient
        email = (Email(to=person.email, to_name=person.name, subject=subject, body=body,
                       message_id=mid, language=person.language)
                 if notification.channel == "email" else None)
        url = notification.department.webhook_url if notification.department else None
        outgoing.append(_Outgoing(notification.id, notification.attempts, notification.channel,
                                  subject, body, mid, email, url))
    return outgoing, cancelled


def dispatch_once(batch: int | None = None, now: datetime | None = None,
                  token: str | None = None) -> DispatchResult:
    """Claim one batch and send it, renewing the claim on each message right
    before its send and committing its outcome after it, so a crash loses at
    most the one in flight and a row taken over meanwhile is not sent."""
    config = current_app.config
    now = now or utcnow()
    token = token or str(uuid.uuid4())
    ids = claim(batch or config["DISPATCH_BATCH"], now, token)
    db.session.commit()  # the outbox's own boundary: the claim holds before any send
    result = DispatchResult(claimed=len(ids))
    if not ids:
        return result
    host = urlsplit(base_url(from_request=False)).hostname or "planner"
    max_attempts = int(settings.get("max_attempts"))
    today = now.astimezone(org_timezone()).date()
    claimed = list(db.session.scalars(
        select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id)
        .options(selectinload(Notification.recipient), selectinload(Notification.department),
                 selectinload(Notification.occurrence).selectinload(Occurrence.task)
                 .selectinload(Task.owners))))
    outgoing, cancelled = _prepare(claimed, today, host)
    # Everything needed is in `outgoing`: without loaded objects, the commit
    # after each send has nothing to expire.
    db.session.expunge_all()
    for notification_id in cancelled:
        if _finish(notification_id, token, status="cancelled", lease_until=None):
            result.cancelled += 1
    with SmtpSession() as smtp:
        for item in outgoing:
            _send_one(item, smtp, token, now, max_attempts, result)
    return result


def _renew(notification_id: int, token: str) -> float | None:
    """Renew our claim on one row right before it is handed to its channel.

    Returns the deadline (a time.monotonic() value) by which the send must
    end, or None when another dispatcher took the row over after our lease ran
    out; then it is not ours to send. The token alone proves the row ours: a
    dispatcher that took it over changed the token, and its claim and this
    UPDATE cannot both succeed (the second waits for the first's row lock, or
    SQLite's writer lock, and finds the row changed). A lease that ran out
    without anyone taking the row is simply ours again.

    The lease and the deadline count from the same moment, before the
    statement, so the send ends DISPATCH_LEASE_MARGIN_SECONDS before anyone
    may take the row (validated at start-up: lease >= SMTP timeout + margin)."""
    config = current_app.config
    started = time.monotonic()
    lease_until = utcnow() + timedelta(seconds=config["DISPATCH_LEASE_SECONDS"])
    renewed = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.claim_token == token,
               Notification.status == "sending")
        .values(lease_until=lease_until).execution_options(synchronize_session=False))
    # The outbox's own boundary: the renewed claim must hold before the send.
    db.session.commit()
    if (renewed.rowcount or 0) != 1:
        return None
    return started + config["SMTP_TIMEOUT"]


def _send_one(item: _Outgoing, smtp: SmtpSession, token: str, now: datetime,
              max_attempts: int, result: DispatchResult) -> None:
    """Send one message and record the outcome: sent, retried later, or failed."""
    deadline = 0.0
    if item.channel != "inbox":  # the inbox row is the delivery: nothing leaves the process
        renewed = _renew(item.id, token)
        if renewed is None:
            log.info("notification %s: taken over by another dispatcher, not sent", item.id)
            result.taken_over += 1
            return
        deadline = renewed
    try:
        deliver(item, smtp, deadline)
    except SendError as error:
        log.warning("notification %s: %s", item.id, error)
        if item.attempts >= max_attempts:
            _finish(item.id, token, status="failed", last_error=str(error)[:2000],
                    lease_until=None)
            result.failed += 1
        else:
            wait = rules.backoff(item.attempts, current_app.config["RETRY_BASE_SECONDS"])
            _finish(item.id, token, status="pending", last_error=str(error)[:2000],
                    next_attempt_at=now + wait, lease_until=None)
            result.retried += 1
        return
    if _finish(item.id, token, status="sent", sent_at=utcnow(), message_id=item.message_id,
               subject=item.subject[:300], body=item.body, lease_until=None, last_error=""):
        result.sent += 1


def dispatch_until_empty(batch: int | None = None, limit: int = 10_000) -> DispatchResult:
    """Dispatch batches until none is due. A database outage is waited out:
    what the interrupted batch claimed and did not send goes back to the queue
    and the loop carries on once the database answers again."""
    total = DispatchResult()
    outage = _Outage()
    interrupted: list[str] = []
    while total.claimed < limit:
        token = str(uuid.uuid4())
        try:
            if interrupted:
                _release(interrupted)
                interrupted.clear()
            step = dispatch_once(batch, token=token)
        except (DBAPIError, PoolTimeout) as error:
            # Only claiming, loading and renewing a claim reach here (an
            # outcome is recorded by _finish, which waits itself): what is
            # still `sending` under this token was not sent.
            interrupted.append(token)
            outage.wait(error)
            continue
        outage.over()
        if step.claimed == 0:
            break
        for name in ("claimed", "sent", "retried", "failed", "cancelled", "taken_over"):
            setattr(total, name, getattr(total, name) + getattr(step, name))
    return total


def deliver(item: _Outgoing, smtp: SmtpSession, deadline: float) -> None:
    """Hand one message to its channel, ending by `deadline` (time.monotonic())."""
    if item.channel == "inbox":
        return  # the row itself is the inbox entry
    if item.channel == "webhook":
        if not item.webhook_url:
            raise SendError("the department has no webhook any more")
        post_webhook(item.webhook_url, f"{item.subject}\n{item.body}", deadline)
        return
    smtp.send(item.email, deadline)


def deliver_inbox(now: datetime) -> int:
    """Deliver the inbox entries due by `now` within the caller's transaction,
    each dated when it was due: a back office loaded at once (the demo) opens
    with the entries its days before would have left. Nothing leaves the
    process, so there is nothing to claim."""
    today = now.astimezone(org_timezone()).date()
    due = db.session.scalars(
        select(Notification).where(Notification.channel == "inbox", _due_condition(now))
        .order_by(Notification.send_after, Notification.id)
        .options(selectinload(Notification.recipient),
                 selectinload(Notification.occurrence).selectinload(Occurrence.task)))
    delivered = 0
    for notification in due:
        if not _still_wanted(notification, today):
            notification.status = "cancelled"
            continue
        notification.subject, notification.body = render(notification, today)
        notification.subject = notification.subject[:300]
        notification.status, notification.attempts = "sent", notification.attempts + 1
        notification.sent_at = notification.send_after
        delivered += 1
    db.session.flush()
    return delivered


def post_message(recipient: User, kind: str, key: str, subject: str, body: str = "", *,
                 email: bool = False) -> None:
    """A message that is no reminder (a leaver's uncovered work, a new account
    to check): in the inbox at once, and with `email` also an e-mail that
    leaves through the outbox like every reminder (claimed, retried, never
    sent twice). `key` makes it one message whatever retries the caller."""
    now = utcnow()
    db.session.add(Notification(
        dedupe_key=f"{key}:inbox", kind=kind, channel="inbox", recipient=recipient,
        send_after=now, status="sent", sent_at=now, attempts=1, subject=subject[:300], body=body))
    if email:
        db.session.add(Notification(
            dedupe_key=f"{key}:email", kind=kind, channel="email", recipient=recipient,
            send_after=now, status="pending", attempts=0, subject=subject[:300], body=body))
    db.session.flush()


def deliver_digest_to_inbox(person: User, now: datetime) -> Notification | None:
    """Today's digest as an inbox entry (digests are planned for e-mail only):
    what the demo's people find in their inbox on a first run. None when the
    person has nothing due, as a digest e-mail would not be sent either."""
    today = now.astimezone(org_timezone()).date()
    notification = Notification(
        dedupe_key=f"d:{person.id}:{today.isoformat()}:inbox", kind=rules.DIGEST,
        channel="inbox", recipient=person, send_after=now, attempts=1, sent_at=now,
        status="sent")
    if not _digest_has_news(notification, today):
        return None
    notification.subject, notification.body = render(notification, today)
    db.session.add(notification)
    db.session.flush()
    return notification


# --- Rendering ------------------------------------------------------------------


def _digest_items(person: User, today):  # noqa: ANN001, ANN202

    return my_work(person, today)


def _digest_has_news(notification: Notification, today) -> bool:  # noqa: ANN001
    work = _digest_items(notification.recipient, today)
    return bool(work.overdue or work.past_work_by or work.today or work.this_week)


def render(notification: Notification, today=None) -> tuple[str, str]:  # noqa: ANN001
    """Subject and body in the recipient's language (Japanese for a webhook)."""
    today = today or org_today()
    language = notification.recipient.language if notification.recipient else "ja"
    context = {"n": notification, "base_url": base_url(from_request=False), "today": today}
    if notification.kind == rules.DIGEST:
        context["work"] = _digest_items(notification.recipient, today)
    with force_locale(language):
        subject = render_template(f"email/{notification.kind}_subject.txt", **context).strip()
        body = render_template(f"email/{notification.kind}.txt", **context)
    return subject, body


# --- The inbox and the outbox -------------------------------------------------


def inbox(person: User, page: int = 1, per_page: int = 30) -> Page[Notification]:
    query = (select(Notification)
             .where(Notification.recipient_id == person.id, Notification.channel == "inbox",
                    Notification.status == "sent")
             .order_by(Notification.sent_at.desc(), Notification.id.desc())
             # The page links each one's task and offers "done" while it is open.
             .options(selectinload(Notification.occurrence)))
    return paginate(query, page, per_page)


@cache
def _unread_statement() -> Select:
    # Built once: every page's menu runs it, and building it took as long as
    # running it.
    return (select(func.count(Notification.id))
            .where(Notification.recipient_id == bindparam("person_id"),
                   Notification.channel == "inbox", Notification.status == "sent",
                   Notification.read_at.is_(None)))


def unread_count(person: User) -> int:
    return db.session.scalar(_unread_statement(), {"person_id": person.id}) or 0


def mark_read(person: User, notification_id: int | None = None) -> int:
    """Mark one inbox entry read, or all of them."""
    query = update(Notification).where(
        Notification.recipient_id == person.id, Notification.channel == "inbox",
        Notification.read_at.is_(None))
    if notification_id is not None:
        exists = db.session.scalar(select(Notification.id).where(
            Notification.id == notification_id, Notification.recipient_id == person.id,
            Notification.channel == "inbox"))
        if exists is None:
            raise NotFound()
        query = query.where(Notification.id == notification_id)
    result = db.session.execute(query.values(read_at=utcnow())
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


def _in_month(query: Select, month: date | None) -> Select:
    """Rows due to go out in the organisation's calendar month `month`."""
    if month is None:
        return query
    tz = org_timezone()
    start = datetime.combine(month.replace(day=1), datetime.min.time(), tz)
    end = datetime.combine((month.replace(day=1) + timedelta(days=32)).replace(day=1),
                           datetime.min.time(), tz)
    return query.where(Notification.send_after >= start, Notification.send_after < end)


def outbox(status: str | None, page: int = 1, per_page: int = 50,
           month: date | None = None) -> Page[Notification]:
    query = _in_month(select(Notification).options(
        selectinload(Notification.recipient), selectinload(Notification.department),
        selectinload(Notification.occurrence).selectinload(Occurrence.task)), month)
    if status:
        query = query.where(Notification.status == status)
    return paginate(query.order_by(Notification.send_after.desc(), Notification.id.desc()),
                    page, per_page)


def outbox_counts(month: date | None = None) -> dict[str, int]:
    return dict(db.session.execute(_in_month(
        select(Notification.status, func.count()), month).group_by(Notification.status)).all())


def retry(notification_id: int) -> Notification:
    """An administrator sends a failed notification again."""
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        raise NotFound()
    if notification.status == "failed":
        notification.status = "pending"
        notification.attempts = 0
        notification.next_attempt_at = None
        db.session.flush()
    return notification
