"""A person's API and calendar-feed tokens (core.bearer: random, shown once,
stored as SHA-256)."""
from __future__ import annotations

from sqlalchemy import select

from planner.core import bearer
from planner.core.errors import NotFound
from planner.core.extensions import db
from planner.core.types import utcnow
from planner.people.access import token_with_person
from planner.people.models.user import ApiToken, User

PREFIX = "pl_"


API = "api"
CALENDAR = "calendar"


def create_token(user: User, name: str = "", kind: str = API) -> tuple[ApiToken, str]:
    plaintext, token_hash = bearer.new_token(PREFIX)
    token = ApiToken(user=user, name=name.strip()[:80], token_hash=token_hash,
                     prefix=plaintext[:bearer.SHOWN_PREFIX], kind=kind)
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def authenticate_token(plaintext: str, kind: str = API) -> User | None:
    token = token_with_person(bearer.digest(plaintext))  # one query, not three
    if token is None or token.kind != kind or token.revoked_at is not None:
        return None
    if not token.user.is_active:
        return None
    bearer.note_use(token)
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
