"""Sending over the wire: SMTP for e-mail, HTTP POST for webhooks."""
from __future__ import annotations

import json
import smtplib
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from flask import current_app

from planner.models.types import utcnow


class SendError(Exception):
    """The channel refused or failed; the outbox retries later."""


@dataclass(frozen=True)
class Email:
    to: str
    to_name: str
    subject: str
    body: str
    message_id: str
    language: str


def build_message(email: Email) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = formataddr((email.to_name, email.to))
    message["Subject"] = email.subject
    message["Message-ID"] = email.message_id
    message["Date"] = format_datetime(utcnow())
    # Tells mail systems not to answer automatically (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.body)
    message["Content-Language"] = email.language  # after set_content, which resets Content-*
    return message


class SmtpSession:
    """One SMTP connection for a batch of messages, opened on first use.

    Connecting, EHLO, STARTTLS and AUTH cost more than a short message; a
    dispatcher sends its whole batch over one connection. After any error the
    connection is dropped, so the next message starts on a fresh one.
    """

    def __init__(self) -> None:
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        config = current_app.config
        smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"],
                            timeout=config["SMTP_TIMEOUT"])
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USER"]:
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        return smtp

    def send(self, email: Email) -> None:
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(build_message(email))
        except (OSError, smtplib.SMTPException) as error:
            self._drop()
            raise SendError(f"{type(error).__name__}: {error}") from error

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._drop()


def post_webhook(url: str, text: str) -> None:
    """Slack and Microsoft Teams incoming webhooks both take {"text": ...}."""
    request = urllib.request.Request(
        url, data=json.dumps({"text": text}).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=current_app.config["SMTP_TIMEOUT"]) as reply:  # noqa: S310 - admin-set URL
            if reply.status >= 300:
                raise SendError(f"webhook answered {reply.status}")
    except OSError as error:
        raise SendError(f"{type(error).__name__}: {error}") from error
