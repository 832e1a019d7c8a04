"""Server-side browser sessions.

Flask's session is a signed cookie: whoever holds a copy holds the session,
and re-signing it on a response renews its lifetime. So the cookie carries
only a random key (Flask-Login's user id), and the request's person comes
from the record that key names (people.models.session), in the one query a
signed-in request runs anyway. Ending the record ends every copy of the
cookie; its lifetime counts from sign-in and its idle time from the last
request, whatever the cookie says.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, session
from flask_login import login_user
from sqlalchemy import delete, or_, update
from sqlalchemy.orm.attributes import set_committed_value

from planner.core.extensions import db
from planner.core.types import utcnow
from planner.people.access import session_with_person
from planner.people.domain import session_holds
from planner.people.models.session import UserSession
from planner.people.models.user import User

# How stale last_seen_at may be. Writing it on every request would make every
# GET a write (and on SQLite serialise all requests on the write lock); the
# price is that the idle limit may end a session up to this much early.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _lifetime() -> timedelta:
    return current_app.config["PERMANENT_SESSION_LIFETIME"]


def _idle() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def sign_in(person: User) -> None:
    """Open a new session for `person` and put its key in this browser's cookie.
    The caller starts from a cleared session, so nothing set before carries over."""
    now = utcnow()
    # Records that can never hold again are of no use; a person's own are
    # cleared here, so the table stays the size of the live sessions.
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == person.id,
        or_(UserSession.ended_at.is_not(None), UserSession.created_at <= now - _lifetime()))
        .execution_options(synchronize_session=False))
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=person.id, key_hash=_digest(key), created_at=now,
                               last_seen_at=now))
    db.session.flush()
    person.session_key = key
    session.permanent = True  # the cookie expires too, though the record decides
    login_user(person)


def person_of(key: str) -> User | None:
    """The person of the session this key names, if it still holds."""
    record = session_with_person(_digest(key))
    now = utcnow()
    if record is None or not record.user.is_active or not session_holds(
            record.created_at, record.last_seen_at, record.ended_at, now, _lifetime(), _idle()):
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        _touch(record, now)
    record.user.session_key = key
    return record.user


def _touch(record: UserSession, now: datetime) -> None:
    """Note the request in a transaction of its own, as API tokens note their
    use (people.tokens): through the request's session a GET, which commits
    nothing, would lose it, and on SQLite hold the write lock for the whole
    request. The loader runs before the view, so the request itself holds no
    lock yet."""
    table = UserSession.__table__
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == record.id)
                           .values(last_seen_at=now))
    set_committed_value(record, "last_seen_at", now)


def end_session(key: str) -> None:
    """Sign-out: this session ends, for every copy of its cookie."""
    db.session.execute(update(UserSession).where(
        UserSession.key_hash == _digest(key), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow()).execution_options(synchronize_session=False))


def end_sessions(person: User) -> None:
    """Every session of this person ends, on every device (sign out everywhere,
    a new password, deactivation). The session version also changes, which
    voids a sign-in waiting for its second-factor code."""
    person.session_version += 1
    db.session.execute(update(UserSession).where(
        UserSession.user_id == person.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow()).execution_options(synchronize_session=False))
