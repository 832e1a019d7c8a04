"""The development mailbox: where `planner run` delivers e-mail when no mail
server is configured (no SMTP_HOST), so a first run shows its reminders.

A real SMTP server on loopback (aiosmtpd) takes what the dispatcher sends,
exactly as a relay would: the outbox, its claims and retries run unchanged.
It files each message in a Maildir under the instance folder (aiosmtpd's own
Mailbox handler, Python's mailbox module to read it), which administrators
read on a page of the app. Production sets SMTP_HOST and never starts it."""
from __future__ import annotations

import email
import logging
import mailbox
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from flask import Flask, current_app

log = logging.getLogger(__name__)

FOLDER = "dev-mailbox"
LOOPBACK = "127.0.0.1"


def folder(app: Flask | None = None) -> Path:
    return Path((app or current_app).config["INSTANCE_PATH"]) / FOLDER


def enabled(app: Flask | None = None) -> bool:
    """Whether this app delivers to the development mailbox (PLANNER_DEV_MAILBOX,
    on by default when SMTP_HOST is not set)."""
    return bool((app or current_app).config.get("DEV_MAILBOX"))


def _free_port() -> int:
    # aiosmtpd's controller checks the server by connecting to its port, so it
    # needs the number itself rather than port 0.
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def start(app: Flask) -> Controller:
    """Serve SMTP on a loopback port for the life of this process and point
    the app's mail settings at it."""
    path = folder(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(path), hostname=LOOPBACK, port=_free_port())
    controller.start()
    # Its thread is a daemon: the server ends with the process, nothing to stop.
    app.config.update(SMTP_HOST=LOOPBACK, SMTP_PORT=controller.port, SMTP_STARTTLS=False,
                      SMTP_USER="", SMTP_PASSWORD="")
    log.info("development mailbox on %s:%s, read at /admin/dev-mailbox (%s)",
             LOOPBACK, controller.port, path)
    return controller


@dataclass(frozen=True)
class Mail:
    key: str
    subject: str
    sender: str
    to: str
    date: datetime | None
    body: str = ""


def _date(message: mailbox.MaildirMessage | EmailMessage) -> datetime | None:
    try:
        return parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        return None


def _mail(key: str, raw: bytes, with_body: bool) -> Mail:
    message = email.message_from_bytes(raw, policy=default_policy)
    body = ""
    if with_body:
        part = message.get_body(("plain", "html"))
        body = part.get_content() if part is not None else ""
    return Mail(key=key, subject=str(message["Subject"] or ""), sender=str(message["From"] or ""),
                to=str(message["To"] or ""), date=_date(message), body=body)


def _open(app: Flask | None = None) -> mailbox.Maildir | None:
    path = folder(app)
    return mailbox.Maildir(path, create=False) if (path / "cur").is_dir() else None


def messages(app: Flask | None = None) -> list[Mail]:
    """Every message, the newest first."""
    box = _open(app)
    if box is None:
        return []
    found = [_mail(key, box.get_bytes(key), with_body=False) for key in box.iterkeys()]
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(found, key=lambda mail: (mail.date or oldest, mail.key), reverse=True)


def message(key: str, app: Flask | None = None) -> Mail | None:
    box = _open(app)
    if box is None:
        return None
    try:
        raw = box.get_bytes(key)
    except KeyError:
        return None
    return _mail(key, raw, with_body=True)
