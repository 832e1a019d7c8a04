"""Backups of the embedded SQLite database with SQLite's online backup API,
which copies a consistent snapshot while the application keeps writing.
PostgreSQL is backed up with its own tools (pg_dump / pg_restore)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from planner.core.errors import N_, DomainError
from planner.core.extensions import db, migrate
from planner.people.models.user import User

SQLITE_HEADER = b"SQLite format 3\x00"
# The files SQLite keeps beside a database while it is open.
COMPANIONS = ("-wal", "-shm", "-journal")

PG_HINT = N_("This database is PostgreSQL: back it up with pg_dump -Fc and restore it with "
             "pg_restore (see the README).")


def _sqlite_connection() -> sqlite3.Connection:
    if db.engine.dialect.name != "sqlite":
        raise DomainError(PG_HINT)
    return db.engine.raw_connection().driver_connection


def backup(target: Path) -> int:
    """Copy the database to `target` (overwritten); returns its size in bytes."""
    source = _sqlite_connection()
    _refuse_the_database_itself(source, target)
    if target.is_file() and target.stat().st_size and not _looks_like_sqlite(target):
        raise DomainError(N_("%(file)s exists and is not an SQLite database: it is left as it "
                             "is. Choose a new file for the backup.", file=str(target)))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except (OSError, sqlite3.Error) as error:
        raise DomainError(N_("The backup could not be written to %(file)s: %(reason)s.",
                             file=str(target), reason=str(error))) from None
    if not _intact(target):
        raise DomainError(N_("The backup written to %(file)s does not read back intact; do "
                             "not rely on it.", file=str(target)))
    return target.stat().st_size


def _refuse_the_database_itself(source: sqlite3.Connection, target: Path) -> None:
    """Writing the copy over the live database, or over its write-ahead log or
    shared memory (`planner backup planner.db-wal`), would destroy what it copies."""
    name = source.execute("PRAGMA database_list").fetchone()[2]
    if not name:  # an in-memory database has no files
        return
    database = Path(name).resolve()
    own = {database, *(database.with_name(database.name + suffix) for suffix in COMPANIONS)}
    wanted = target.resolve()
    if wanted in own or any(wanted.exists() and f.exists() and wanted.samefile(f) for f in own):
        raise DomainError(N_("%(file)s is the database itself or one of its working files; "
                             "write the backup to another file.", file=str(target)))


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _intact(path: Path) -> bool:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


NOT_A_BACKUP = N_("This file is not a backup of the planner's database.")


def _check_backup(path: Path) -> None:
    """The file is a planner database at this version's schema: intact, stamped
    by our migrations at their latest revision, and with every table, column,
    index and constraint the models have (Alembic compares them)."""
    if not _looks_like_sqlite(path) or not _intact(path):
        raise DomainError(NOT_A_BACKUP)
    script = ScriptDirectory.from_config(migrate.get_config())
    known = {revision.revision for revision in script.walk_revisions()}
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            revision = context.get_current_revision()
            if revision not in known:
                raise DomainError(NOT_A_BACKUP)
            if revision not in script.get_heads():
                raise DomainError(N_(
                    "This backup was made by an older version of the planner (schema "
                    "%(revision)s); restore it with that version, then upgrade.",
                    revision=revision))
            differences = compare_metadata(context, db.metadata)
    except SQLAlchemyError:  # tables of the right names but not ours
        raise DomainError(NOT_A_BACKUP) from None
    finally:
        engine.dispose()
    if differences:
        raise DomainError(N_("This file is not a backup of the planner's database: its "
                             "tables differ from the planner's (%(count)d differences).",
                             count=len(differences)))


def restore(source: Path, force: bool = False) -> None:
    """Replace the (empty) database with the backup in `source`."""
    if not source.is_file():
        raise DomainError(N_("No such file."))
    _check_backup(source)
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
