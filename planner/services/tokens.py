"""API bearer tokens: random, shown once, stored as SHA-256.

A slow password hash buys nothing for 256 random bits and would cost a hash
per API call; a plain digest lets us look the token up by its hash.
"""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from planner.domain.errors import NotFound
from planner.extensions import db
from planner.models import ApiToken, User
from planner.models.types import utcnow

PREFIX = "pl_"


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
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(plaintext)))
    if token is None or token.kind != kind or token.revoked_at is not None:
        return None
    if not token.user.active:
        return None
    token.last_used_at = utcnow()
    return token.user


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
