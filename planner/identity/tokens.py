"""SCIM bearer tokens: random, shown once, stored as SHA-256 (as the API's
tokens are, planner.people.tokens: 256 random bits need no slow hash, and a
plain digest lets a call find its token by the hash)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from planner.core.errors import N_, Conflict, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.identity.models import ScimToken

PREFIX = "scim_"
NAME_MAX = 80
USE_RESOLUTION = timedelta(minutes=1)  # "last used" is shown to the minute


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(name: str) -> tuple[ScimToken, str]:
    """A new token named `name`; the plaintext is returned once, never stored."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationError.single("name", N_("Enter a name of at most %(max)d characters.",
                                                max=NAME_MAX))
    if db.session.scalar(select(ScimToken.id).where(ScimToken.name == name)) is not None:
        raise ValidationError.single("name", N_("A SCIM token with this name exists."))
    plaintext = PREFIX + secrets.token_urlsafe(32)
    token = ScimToken(name=name, token_hash=digest(plaintext), prefix=plaintext[:10])
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def revoke(name: str) -> ScimToken:
    token = db.session.scalar(select(ScimToken).where(ScimToken.name == name.strip()))
    if token is None:
        raise NotFound()
    if token.revoked_at is not None:
        raise Conflict(N_("This token is already revoked."))
    token.revoked_at = utcnow()
    db.session.flush()
    return token


def listed() -> list[ScimToken]:
    return list(db.session.scalars(select(ScimToken).order_by(ScimToken.created_at.desc(),
                                                              ScimToken.id.desc())))


def authenticate(plaintext: str) -> ScimToken | None:
    """The live token with this value, its use noted in a transaction of its
    own (a SCIM GET commits nothing, and a refused call rolls back)."""
    token = db.session.scalar(select(ScimToken).where(ScimToken.token_hash == digest(plaintext)))
    if token is None or token.revoked_at is not None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        table = ScimToken.__table__
        with db.engine.begin() as connection:
            connection.execute(update(table).where(table.c.id == token.id)
                               .values(last_used_at=now))
    return token
