"""The webhook that an HR system posts events to (Standard Webhooks,
https://www.standardwebhooks.com/): the secret it signs with, and the check of
a delivery's signature, timestamp and message id.

The secret is never stored. The database keeps a random salt (the
`webhook_secret` setting); the secret is HMAC-SHA256(SECRET_KEY, salt),
derived each time it is needed. A copy of the database (a backup, the audit
log) therefore cannot sign a delivery without the application's SECRET_KEY,
and a new salt (rotation) makes every earlier secret worthless at once.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from planner.core import settings
from planner.core.errors import N_, Forbidden, Message
from planner.core.extensions import db
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.people.models.user import User

SETTING = "webhook_secret"
PREFIX = "whsec_"
# The message id becomes the event's message_id (String(100)).
MESSAGE_ID_CHARS = 100
_PURPOSE = b"planner.events.webhook-secret."


class WebhookRefused(Exception):
    """A delivery that does not prove it comes from the holder of the secret:
    answered 401, nothing read from its body."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.text)


@dataclass(frozen=True)
class SecretState:
    """What may be shown about the secret without showing it."""
    set: bool
    created_at: datetime | None


def _derive(salt: str) -> str:
    key = current_app.secret_key
    if not key:
        raise RuntimeError("SECRET_KEY is not set: no webhook secret can be derived")
    raw = key.encode() if isinstance(key, str) else key
    digest = hmac.new(raw, _PURPOSE + salt.encode(), hashlib.sha256).digest()
    return PREFIX + base64.b64encode(digest).decode()


def _stored() -> dict | None:
    value = settings.get(SETTING)
    return value if isinstance(value, dict) and value.get("salt") else None


def current_secret() -> str | None:
    """The secret deliveries must be signed with, or None when none is set."""
    stored = _stored()
    return _derive(stored["salt"]) if stored else None


def state() -> SecretState:
    stored = _stored()
    if stored is None:
        return SecretState(False, None)
    return SecretState(True, datetime.fromisoformat(stored["created_at"]))


def generate_secret(actor: User) -> str:
    """A new secret, replacing any earlier one (which stops working at once).
    It is returned to be shown once: only its salt is kept."""
    if not Role(actor.role).at_least(Role.ADMIN):
        raise Forbidden(N_("Only administrators set the webhook secret."))
    settings.put(SETTING, {"salt": secrets.token_urlsafe(32),
                           "created_at": utcnow().isoformat(), "by": actor.id})
    secret = current_secret()
    assert secret is not None
    return secret


def acting_administrator() -> User:
    """Whom the recording's rules (the roster's and the events', made for
    people) see as the actor of a delivery: the administrator who set the
    secret, else the first active one. The signature is what authorised it."""
    stored = _stored() or {}
    setter = db.session.get(User, stored["by"]) if stored.get("by") else None
    if setter is not None and setter.active and Role(setter.role).at_least(Role.ADMIN):
        return setter
    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN.value,
                                                 User.active.is_(True)).order_by(User.id))
    if admin is None:
        raise WebhookRefused(N_("No active administrator is left to answer for the webhook: "
                                "an administrator generates a new secret."))
    return admin


def verify(body: bytes, headers: Mapping[str, str]) -> str:
    """The delivery's message id, once its signature, made with the current
    secret over "{id}.{timestamp}.{body}", and its timestamp (within five
    minutes of now) are checked; WebhookRefused otherwise."""
    secret = current_secret()
    if secret is None:
        raise WebhookRefused(N_("No webhook secret is set: an administrator generates one "
                                "first."))
    wanted = {name: headers.get(name) or "" for name in
              ("webhook-id", "webhook-timestamp", "webhook-signature")}
    try:
        Webhook(secret).verify(body, wanted, json_parse=False)
    except WebhookVerificationError as error:
        raise WebhookRefused(_REASONS.get(str(error), _BAD_SIGNATURE)) from None
    return wanted["webhook-id"]


_BAD_SIGNATURE = N_("The webhook signature does not match: sign “{webhook-id}.{webhook-"
                    "timestamp}.{body}” with the current secret.")
# The library's reasons, as we tell them to the sender.
_REASONS = {
    "Missing required headers": N_("Send the webhook-id, webhook-timestamp and "
                                   "webhook-signature headers."),
    "Invalid Signature Headers": N_("The webhook-timestamp header is not a number of "
                                    "seconds."),
    "Message timestamp too old": N_("The webhook timestamp is more than five minutes away "
                                    "from now."),
    "Message timestamp too new": N_("The webhook timestamp is more than five minutes away "
                                    "from now."),
}


def sign(secret: str, message_id: str, timestamp: datetime, body: bytes) -> dict[str, str]:
    """The headers a sender puts on a delivery (for the tests and for a
    sender written in Python, as the README shows)."""
    signature = Webhook(secret).sign(message_id, timestamp, body)
    return {"webhook-id": message_id, "webhook-timestamp": str(int(timestamp.timestamp())),
            "webhook-signature": signature}
