"""Rate limits (Flask-Limiter): sign-in attempts per address and per account.

Counters live in memory by default (one process) or, with
RATELIMIT_STORAGE_URI=planner+db://, in the application's own database, so
several gunicorn workers and hosts share them without another server."""
from __future__ import annotations

import time

from flask import current_app, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import Storage
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from planner.core.extensions import db
from planner.core.ratelimit_counter import RateLimitCounter

limiter = Limiter(key_func=get_remote_address)


class DatabaseStorage(Storage):
    """Fixed-window counters in the rate_limits table (limits' Storage API)."""
    STORAGE_SCHEME = ["planner+db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options: str) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def _engine(self):  # noqa: ANN202

        return db.engine

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        table = RateLimitCounter.__table__
        now = time.time()
        # Its own short transaction: a limit must count even when the request fails.
        with self._engine().begin() as connection:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            connection.execute(delete(table).where(table.c.key == key,
                                                   table.c.expires_at <= now))
            statement = dialect.insert(table).values(key=key, count=amount,
                                                     expires_at=now + expiry)
            statement = statement.on_conflict_do_update(
                index_elements=["key"], set_={"count": table.c.count + amount})
            return connection.execute(statement.returning(table.c.count)).scalar_one()

    def get(self, key: str) -> int:
        table = RateLimitCounter.__table__
        with self._engine().connect() as connection:
            count = connection.execute(select(table.c.count).where(
                table.c.key == key, table.c.expires_at > time.time())).scalar()
        return count or 0

    def get_expiry(self, key: str) -> float:
        table = RateLimitCounter.__table__
        with self._engine().connect() as connection:
            expiry = connection.execute(select(table.c.expires_at).where(
                table.c.key == key)).scalar()
        return expiry or time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._engine().begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = RateLimitCounter.__table__
        with self._engine().begin() as connection:
            connection.execute(delete(table).where(table.c.key == key))


def _signing_in_as() -> str:
    """The account a sign-in attempt is for, so guessing one person's password
    from many addresses is limited too."""
    if request.endpoint == "auth.second_factor":

        return f"account-id:{(session.get('pending_sign_in') or {}).get('id')}"
    return "account:" + (request.form.get("email") or "").strip().lower()


def _failed(response) -> bool:  # noqa: ANN001
    # A successful sign-in redirects; a refused one shows the form again.
    return response.status_code != 302


def limit_sign_in(view):  # noqa: ANN001, ANN201
    """Per address and per account, counting only failed attempts."""
    per_address = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                                methods=["POST"], deduct_when=_failed, scope="login-address")
    per_account = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
                                methods=["POST"], deduct_when=_failed, key_func=_signing_in_as,
                                scope="login-account")
    return per_address(per_account(view))


def lockout_minutes() -> int:
    longest = max(parse(current_app.config[name]).get_expiry()
                  for name in ("LOGIN_LIMIT_PER_ADDRESS", "LOGIN_LIMIT_PER_ACCOUNT"))
    return max(1, round(longest / 60))
