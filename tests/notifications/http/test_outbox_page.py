"""The outbox page as an administrator reads it: this month first, the task,
the lead time in words, channels and failures in Japanese (the raw error only
in the tooltip), and the development mailbox behind it."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from planner.core.extensions import db
from planner.notifications import dev_mailbox
from planner.notifications import operations as notifications
from planner.notifications.models import Notification
from planner.people.models.user import User

RAW = "ConnectionRefusedError: [Errno 111] Connection refused"


@pytest.fixture
def planned(ctx, world):  # noqa: ANN001, ANN201
    db.session.execute(update(User).values(digest_opt_out=True))
    notifications.plan(datetime(2026, 12, 1, tzinfo=UTC))
    db.session.commit()
    return world


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_the_outbox_opens_on_this_month_with_its_task_and_lead_time(client, auth, planned):
    auth.login("admin@example.com")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "2026/12" in page or "2026年12月" in page
    rows = _rows(page)
    assert rows and all("2026年12月" in row for row in rows)
    assert not any("2027年" in row.split("</td>", 1)[0] for row in rows)
    assert "源泉所得税の納付" in page  # the task column
    assert "7日前" in page and "当日" in page  # the lead time, not "(0)"
    assert "(0)" not in page and "(7)" not in page
    # Channels in words, not their keys.
    assert "<td>メール</td>" in page and "<td>受信箱</td>" in page
    assert "<td>email</td>" not in page and "<td>inbox</td>" not in page


def test_another_month_is_a_link_away(client, auth, planned):
    auth.login("admin@example.com")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert 'href="/admin/outbox?month=2027-01"' in page
    january = client.get("/admin/outbox?month=2027-01").get_data(as_text=True)
    assert all("2027年1月" in row for row in _rows(january))
    # A month that is no month opens on this one rather than failing.
    assert client.get("/admin/outbox?month=9999-99").status_code == 200
    assert client.get("/admin/outbox?month=9999-12").status_code == 200


def test_a_failure_reads_in_japanese_with_the_raw_error_only_in_the_tooltip(
        ctx, client, auth, planned):
    row = db.session.scalar(select(Notification).where(Notification.channel == "email")
                            .order_by(Notification.send_after).limit(1))
    row.status, row.attempts, row.last_error = "failed", 5, RAW
    db.session.commit()
    auth.login("admin@example.com")
    page = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "メールサーバーに接続できませんでした。" in page
    visible = re.sub(r'title="[^"]*"', "", page)
    assert "ConnectionRefusedError" not in visible and "Errno" not in visible
    assert f'title="{RAW}"' in page


def test_the_development_mailbox_shows_what_was_sent_with_its_links(
        app, ctx, client, auth, planned, tmp_path):
    app.config.update(DEV_MAILBOX=True, INSTANCE_PATH=str(tmp_path), SMTP_TIMEOUT=5)
    controller = dev_mailbox.start(app)
    try:
        sent = notifications.dispatch_once(now=datetime(2026, 12, 3, 1, tzinfo=UTC))
    finally:
        controller.stop()
    emails = db.session.scalar(select(func.count(Notification.id)).where(
        Notification.channel == "email", Notification.status == "sent"))
    assert sent.sent > emails >= 1  # the inbox's entries never left the process
    auth.login("admin@example.com")
    outbox = client.get("/admin/outbox").get_data(as_text=True)
    assert 'href="/admin/dev-mailbox"' in outbox
    index = client.get("/admin/dev-mailbox").get_data(as_text=True)
    keys = re.findall(r'href="/admin/dev-mailbox/([^"]+)"', index)
    assert len(keys) == emails
    assert "源泉所得税の納付" in index
    message = client.get(f"/admin/dev-mailbox/{keys[0]}").get_data(as_text=True)
    assert re.search(r'<a href="http://127\.0\.0\.1:5000/tasks/\d+"', message)
    assert client.get("/admin/dev-mailbox/no-such-message").status_code == 404


def test_only_administrators_read_the_development_mailbox(app, client, auth, world):
    app.config["DEV_MAILBOX"] = True
    auth.login("staff@example.com")
    assert client.get("/admin/dev-mailbox").status_code == 403


def test_without_the_development_mailbox_there_is_no_page(client, auth, world):
    auth.login("admin@example.com")
    assert client.get("/admin/dev-mailbox").status_code == 404
    assert "/admin/dev-mailbox" not in client.get("/admin/outbox").get_data(as_text=True)
