"""The outbox with a real SMTP server (aiosmtpd on a loopback port)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.coverage.models.absence import Absence
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.user import User
from planner.tasks import operations as tasks
from planner.tasks.models import Task
from planner.tasks.operations import TaskData
from planner.work import operations as occurrences
from planner.work.models import Occurrence

TOKYO = ZoneInfo("Asia/Tokyo")
PLANNED_AT = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def only_payroll(ctx, world) -> None:  # noqa: ANN001
    """One task's reminders and no digests, unless a test asks for them."""
    from sqlalchemy import update

    db.session.execute(update(User).values(digest_opt_out=True))
    db.session.execute(update(Occurrence).where(Occurrence.task_id == world.accounting_task)
                       .values(status="cancelled"))
    db.session.commit()


def tokyo(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def _december(task_id: int) -> Occurrence:
    return db.session.scalar(select(Occurrence).where(
        Occurrence.task_id == task_id, Occurrence.due_date == date(2026, 12, 10)))


def _rows(**where) -> list[Notification]:  # noqa: ANN003
    query = select(Notification).order_by(Notification.send_after, Notification.id)
    for name, value in where.items():
        query = query.where(getattr(Notification, name) == value)
    return list(db.session.scalars(query))


def test_plan_reminders_at_lead_times_on_business_days(ctx, world):
    notifications.plan(PLANNED_AT)
    occurrence = _december(world.payroll_task)
    rows = _rows(occurrence_id=occurrence.id, recipient_id=world.staff, channel="email")
    assert [(r.kind, r.lead_days, r.send_after) for r in rows] == [
        ("reminder", 7, tokyo(2026, 12, 3, 9)),
        ("reminder", 1, tokyo(2026, 12, 9, 9)),
        ("reminder", 0, tokyo(2026, 12, 10, 9)),
    ]
    assert len(_rows(occurrence_id=occurrence.id, channel="inbox")) == 3


def test_planning_is_idempotent(ctx, world):
    first = notifications.plan(PLANNED_AT)
    count = db.session.scalar(select(func.count(Notification.id)))
    again = notifications.plan(PLANNED_AT)
    assert first.created > 0 and again.created == 0 and again.moved == 0
    assert db.session.scalar(select(func.count(Notification.id))) == count


def test_reminder_arrives_by_smtp_with_subject_language_and_message_id(ctx, world,
                                                                      smtp_server):
    notifications.plan(PLANNED_AT)
    db.session.commit()
    result = notifications.dispatch_once(now=tokyo(2026, 12, 3, 9, 30))
    assert result.sent == 2  # the 7-day reminder by e-mail and in the inbox
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["staff@example.com"]
    assert message["Subject"] == "リマインダー：源泉所得税の納付の期限は2026年12月10日（木）です"
    assert message["Content-Language"] == "ja"
    row = db.session.scalar(select(Notification).where(Notification.status == "sent",
                                                       Notification.channel == "email"))
    assert message["Message-ID"] == row.message_id
    assert row.message_id.startswith(f"<planner.{row.id}.")
    body = message.get_content()
    assert "/occurrences/" in body and "/done" in body and "/tasks/" in body
    assert notifications.unread_count(db.session.get(User, world.staff)) == 1


def test_english_recipient_gets_english(ctx, world, smtp_server):
    staff = db.session.get(User, world.staff)
    staff.language = "en"
    notifications.plan(PLANNED_AT)
    db.session.commit()
    notifications.dispatch_once(now=tokyo(2026, 12, 3, 9, 30))
    [(_, message)] = smtp_server.messages
    assert message["Subject"] == "Reminder: 源泉所得税の納付 is due Thu, Dec 10, 2026"
    assert message["Content-Language"] == "en"


def test_a_completed_occurrence_is_not_reminded(ctx, world, smtp_server):
    notifications.plan(PLANNED_AT)
    occurrence = _december(world.payroll_task)
    occurrences.complete(db.session.get(User, world.staff), occurrence)
    db.session.commit()
    assert {r.status for r in _rows(occurrence_id=occurrence.id)} == {"cancelled"}
    notifications.dispatch_once(now=tokyo(2026, 12, 10, 10))
    assert smtp_server.messages == [] or all(
        "2026年12月10日" not in m["Subject"] for _, m in smtp_server.messages)
    # Planning again does not bring them back.
    notifications.plan(PLANNED_AT)
    assert {r.status for r in _rows(occurrence_id=occurrence.id)} == {"cancelled"}


def test_changing_lead_times_replans(ctx, world):
    notifications.plan(PLANNED_AT)
    task = db.session.get(Task, world.payroll_task)
    data = TaskData.of(task)
    data.schedule = type(data.schedule)(**{**data.schedule.__dict__, "lead_days": (3,)})
    tasks.update_task(db.session.get(User, world.staff), task, data)
    occurrence = _december(world.payroll_task)
    rows = _rows(occurrence_id=occurrence.id, recipient_id=world.staff, channel="email")
    live = [(r.lead_days, r.status) for r in rows if r.status != "cancelled"]
    assert [lead for lead, _ in live] == [3]
    assert {r.lead_days for r in rows if r.status == "cancelled"} == {7, 1, 0}


def test_smtp_down_retries_with_backoff_then_fails_and_an_admin_retry_sends(
        app, ctx, world, smtp_server, client, auth):
    smtp_server.refuse = True
    notifications.plan(PLANNED_AT)
    db.session.commit()
    now = tokyo(2026, 12, 3, 9, 30)
    first = notifications.dispatch_once(now=now)
    assert first.retried == 1 and first.sent == 1  # the inbox copy needs no SMTP
    row = db.session.scalar(select(Notification).where(Notification.channel == "email",
                                                       Notification.attempts == 1))
    assert row.status == "pending" and row.next_attempt_at is not None
    assert "451" in row.last_error
    # Not retried before its backoff (zero in tests), then again until the last try.
    assert notifications.dispatch_once(now=row.next_attempt_at).retried == 1
    for _ in range(3):
        notifications.dispatch_once(now=now)
    row = db.session.get(Notification, row.id)  # a dispatch leaves nothing in the session
    assert row.status == "failed" and row.attempts == 5

    auth.login("admin@example.com")
    page = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "451" in page
    smtp_server.refuse = False
    token = auth.csrf_token("/admin/outbox")
    assert client.post(f"/admin/outbox/{row.id}/retry",
                       data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert notifications.dispatch_once(now=now).sent == 1
    assert len(smtp_server.messages) == 1


def test_overdue_becomes_a_notice_and_managers_are_escalated(ctx, world, smtp_server):
    overdue_due = date(2026, 11, 20)
    occurrence = Occurrence(task_id=world.payroll_task, nominal_date=overdue_due,
                            due_date=overdue_due)
    db.session.add(occurrence)
    db.session.commit()
    notifications.plan(datetime(2026, 11, 25, 0, 0, tzinfo=timezone.utc))
    kinds = {(r.kind, r.recipient_id) for r in _rows(occurrence_id=occurrence.id,
                                                        channel="email")}
    assert kinds == {("overdue", world.staff), ("escalation", world.manager)}
    escalation = _rows(occurrence_id=occurrence.id, kind="escalation", channel="email")[0]
    # Fri 20th, then the weekend and 勤労感謝の日 (Mon 23rd): Tue 24th, Wed 25th.
    assert escalation.send_after == tokyo(2026, 11, 25, 9)
    db.session.commit()
    notifications.dispatch_once(now=tokyo(2026, 11, 25, 10))
    subjects = sorted(m["Subject"] for _, m in smtp_server.messages)
    assert any(s.startswith("期限超過") for s in subjects)
    assert any(s.startswith("未完了") for s in subjects)


def test_at_risk_is_told_to_managers_once(ctx, world, smtp_server):
    occurrence = _december(world.payroll_task)
    db.session.add(Absence(user_id=world.staff, start_date=date(2026, 11, 30),
                           end_date=date(2026, 12, 11)))
    db.session.commit()
    notifications.plan(PLANNED_AT)
    notifications.plan(PLANNED_AT)
    rows = _rows(occurrence_id=occurrence.id, kind="at_risk")
    assert {(r.recipient_id, r.channel) for r in rows} == {(world.manager, "email"),
                                                           (world.manager, "inbox")}


def test_digest_lists_the_week_and_respects_opt_out(ctx, world, smtp_server):
    from sqlalchemy import update

    db.session.execute(update(User).where(User.id == world.staff).values(digest_opt_out=False))
    occurrence = _december(world.payroll_task)
    occurrence.due_date = date(2026, 12, 4)  # this week, seen from Tue 1 Dec
    db.session.commit()
    notifications.plan(PLANNED_AT)
    assert [r.recipient_id for r in _rows(kind="digest")] == [world.staff]  # the others opted out
    db.session.commit()
    result = notifications.dispatch_once(now=tokyo(2026, 12, 1, 9, 5))
    digests = [m for _, m in smtp_server.messages if m["Subject"].startswith("本日の")]
    assert result.sent >= 1 and len(digests) == 1
    assert "源泉所得税の納付" in digests[0].get_content()


def test_a_crashed_dispatchers_rows_come_back_after_the_lease(ctx, world, smtp_server, app):
    notifications.plan(PLANNED_AT)
    db.session.commit()
    now = tokyo(2026, 12, 3, 9, 30)
    claimed = notifications.claim(10, now, "dead-dispatcher")
    db.session.commit()
    assert len(claimed) == 2
    assert notifications.dispatch_once(now=now).claimed == 0  # still leased
    later = datetime.fromtimestamp(now.timestamp() + app.config["DISPATCH_LEASE_SECONDS"] + 1,
                                   tz=timezone.utc)
    assert notifications.dispatch_once(now=later).sent == 2
    assert len(smtp_server.messages) == 1


def test_inbox_page_and_mark_read(app, client, auth, world, smtp_server):
    with app.app_context():
        notifications.plan(PLANNED_AT)
        db.session.commit()
        notifications.dispatch_once(now=tokyo(2026, 12, 3, 9, 30))
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    assert 'data-unread>1<' in page
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "源泉所得税の納付" in inbox
    token = auth.csrf_token("/inbox")
    client.post("/inbox/read", data={"csrf_token": token})
    assert "data-unread" not in client.get("/my-work").get_data(as_text=True)


def test_done_link_needs_a_session_and_offers_one_button(client, auth, world, app):
    with app.app_context():
        occurrence_id = _december(world.payroll_task).id
    response = client.get(f"/occurrences/{occurrence_id}/done")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login("staff@example.com")
    page = client.get(f"/occurrences/{occurrence_id}/done").get_data(as_text=True)
    assert f'action="/occurrences/{occurrence_id}/complete"' in page


def test_department_webhook_gets_slack_and_teams_compatible_json(ctx, world, smtp_server):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from planner.people.models.department import Department

    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        department = db.session.get(Department, world.payroll)
        department.webhook_url = f"http://127.0.0.1:{server.server_port}/hook"
        db.session.commit()
        notifications.plan(PLANNED_AT)
        db.session.commit()
        result = notifications.dispatch_once(now=tokyo(2026, 12, 3, 9, 30))
        assert result.sent == 3  # e-mail, inbox and the department's webhook
        [payload] = received
        assert set(payload) == {"text"} and "源泉所得税の納付" in payload["text"]
    finally:
        server.shutdown()
        server.server_close()


def test_admin_sets_a_departments_webhook(client, auth, world, app):
    from planner.people.models.department import Department

    auth.login("admin@example.com")
    token = auth.csrf_token("/admin/departments")
    response = client.post(f"/admin/departments/{world.payroll}", data={
        "csrf_token": token, "code": "payroll", "name": "給与",
        "webhook_url": "ftp://example.com", "active": "y"})
    assert 'id="webhook_url-error"' in response.get_data(as_text=True)
    client.post(f"/admin/departments/{world.payroll}", data={
        "csrf_token": token, "code": "payroll", "name": "給与",
        "webhook_url": "https://hooks.example.com/T000", "active": "y"})
    with app.app_context():
        assert db.session.get(Department, world.payroll).webhook_url == (
            "https://hooks.example.com/T000")
