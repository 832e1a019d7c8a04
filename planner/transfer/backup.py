"""Backups of the embedded SQLite database with SQLite's online backup API,
which copies a consistent snapshot while the application keeps writing.
PostgreSQL is backed up with its own tools (pg_dump / pg_restore)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect, select

from planner.core.errors import N_, DomainError
from planner.core.extensions import db
from planner.people.models.user import User

PG_HINT = N_("This database is PostgreSQL: back it up with pg_dump -Fc and restore it with "
             "pg_restore (see the README).")


def _sqlite_connection() -> sqlite3.Connection:
    if db.engine.dialect.name != "sqlite":
        raise DomainError(PG_HINT)
    return db.engine.raw_connection().driver_connection


def backup(target: Path) -> int:
    """Copy the database to `target` (overwritten); returns its size in bytes."""
    source = _sqlite_connection()
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
    _check_file(target)
    return target.stat().st_size


def _check_file(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        ok, tables = False, set()
    if not ok or not {"users", "tasks", "occurrences"} <= tables:
        raise DomainError(N_("This file is not a backup of the planner's database."))


def restore(source: Path, force: bool = False) -> None:
    """Replace the (empty) database with the backup in `source`."""
    if not source.exists():
        raise DomainError(N_("No such file."))
    _check_file(source)
    if not force and _has_data():
        raise DomainError(N_("The database is not empty; restore into an empty database, or "
                             "pass --force to replace everything in it."))
    destination = _sqlite_connection()
    db.session.close()
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        origin.backup(destination)
    finally:
        origin.close()
    db.engine.dispose()


def _has_data() -> bool:
    if not inspect(db.engine).has_table("users"):
        return False
    return db.session.scalar(select(User.id).limit(1)) is not None
