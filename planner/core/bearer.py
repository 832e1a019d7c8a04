"""Bearer tokens, whoever holds them (a person's API token, a directory's SCIM
token): random, shown once, stored as SHA-256, their last use noted.

A slow password hash buys nothing for 256 random bits and would cost a hash
per call; a plain digest lets a call find its token by the hash.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from planner.core.extensions import db
from planner.core.types import utcnow

USE_RESOLUTION = timedelta(minutes=1)  # "last used" is shown to the minute
SHOWN_PREFIX = 10  # the characters kept to tell tokens apart on a page


def digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def new_token(prefix: str) -> tuple[str, str]:
    """(plaintext, digest) of a new token starting with `prefix`; the
    plaintext is for the caller to show once, never to store."""
    plaintext = prefix + secrets.token_urlsafe(32)
    return plaintext, digest(plaintext)


def note_use(token: Any) -> None:
    """Note when the token (a mapped row with `id` and `last_used_at`) was
    last used, to the minute, in a transaction of its own. Written through the
    request's session, a GET (which commits nothing) lost it at the rollback,
    and until then held SQLite's write lock for the whole request: calls of all
    workers waited on each other and failed with "database is locked"."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < USE_RESOLUTION:
        return
    table = type(token).__table__
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == token.id).values(last_used_at=now))
    set_committed_value(token, "last_used_at", now)
