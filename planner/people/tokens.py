"""API bearer tokens: random, shown once, stored as SHA-256.

A slow password hash buys nothing for 256 random bits and would cost a hash
per API call; a plain digest lets us look the token up by its hash.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from planner.core.errors import NotFound
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.people.access import token_with_person
from planner.people.models.user import ApiToken, User

PREFIX = "pl_"
USE_RESOLUTION = timedelta(minutes=1)  # "last used" is shown to the minute


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


API = "api"
CALENDAR = "calendar"


def create_token(user: User, name: str = "", kind: str = API) -> tuple[ApiToken, str]:
    plaintext = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip()[:80], token_hash=_digest(plaintext),
                     prefix=plaintext[:10], kind=kind)
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def authenticate_token(plaintext: str, kind: str = API) -> User | None:
    token = token_with_person(_digest(plaintext))  # one query, not three
    if token is None or token.kind != kind or token.revoked_at is not None:
        return None
    if not token.user.is_active:
        return None
    _record_use(token)
    return token.user


def _record_use(token: ApiToken) -> None:
    """Note when the token was last used, to the minute, in a transaction of
    its own. Written through the request's session, a GET (which commits
    nothing) lost it at the rollback, and until then held SQLite's write lock
    for the whole request: API calls of all workers waited on each other and
    failed with "database is locked"."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < USE_RESOLUTION:
        return
    table = ApiToken.__table__
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == token.id).values(last_used_at=now))
    set_committed_value(token, "last_used_at", now)


def tokens_of(user: User, kind: str | None = None) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    if kind is not None:
        query = query.where(ApiToken.kind == kind)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc())))


def revoke_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token
