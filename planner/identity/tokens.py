"""SCIM bearer tokens, a directory's (core.bearer: random, shown once, stored
as SHA-256), each with a name an administrator gives and revokes it by."""
from __future__ import annotations

from sqlalchemy import select

from planner.core import bearer
from planner.core.errors import N_, Conflict, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.identity.models import ScimToken

PREFIX = "scim_"
NAME_MAX = 80


def create(name: str) -> tuple[ScimToken, str]:
    """A new token named `name`; the plaintext is returned once, never stored."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationError.single("name", N_("Enter a name of at most %(max)d characters.",
                                                max=NAME_MAX))
    if db.session.scalar(select(ScimToken.id).where(ScimToken.name == name)) is not None:
        raise ValidationError.single("name", N_("A SCIM token with this name exists."))
    plaintext, token_hash = bearer.new_token(PREFIX)
    token = ScimToken(name=name, token_hash=token_hash, prefix=plaintext[:bearer.SHOWN_PREFIX])
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
    token = db.session.scalar(select(ScimToken).where(
        ScimToken.token_hash == bearer.digest(plaintext)))
    if token is None or token.revoked_at is not None:
        return None
    bearer.note_use(token)
    return token
