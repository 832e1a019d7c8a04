"""Rate limits (Flask-Limiter); the sign-in limits are people.throttling's.

Counters live in the application's own database by default
(RATELIMIT_STORAGE_URI=planner+db://), so several gunicorn workers and hosts
share them without another server; memory:// counts per process."""
from __future__ import annotations

import time

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
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
