"""What a downgrade drops, kept in archive tables that the upgrade reads back.

A downgrade that drops a table or a column copies it first into
`migration_archive_<revision>_<name>` (CREATE TABLE … AS SELECT, so each
value keeps the database's own type, with no conversion to get wrong); the
upgrade of the same revision copies it back and drops the archive. So
`planner db downgrade 0007` then `upgrade` gives back the same rows.

A downgrade that cannot keep what it drops refuses, naming the tables and
their row counts, unless the operator says `--destructive` (`-x destructive=yes`
for plain Alembic). The migrations run in one transaction (migrations/env.py),
so a refusal leaves the database as it was.

Used only by the migrations, through Alembic's `op` and `context`. The SQL is
built from table and column names the migrations give or the schema lists,
quoted by the dialect; no value from outside reaches it."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import context, op

PREFIX = "migration_archive_"

logger = logging.getLogger("alembic.runtime.migration")


class DataWouldBeLost(RuntimeError):
    """A downgrade would drop rows it cannot keep, and nobody said --destructive."""

    def __init__(self, revision: str, losses: Sequence[tuple[str, int]]) -> None:
        self.revision = revision
        self.losses = list(losses)
        listed = ", ".join(f"{table} ({rows} rows)" for table, rows in self.losses)
        super().__init__(f"downgrading {revision} would delete {listed}; "
                         "run it again with --destructive to accept that")


def archive_name(revision: str, name: str) -> str:
    return f"{PREFIX}{revision}_{name}"


def is_archive(table: str) -> bool:
    return table.startswith(PREFIX)


def has_archive(revision: str, name: str) -> bool:
    """Whether a downgrade of `revision` left `name` archived (never, for an
    SQL script made with --sql: it cannot read the database)."""
    return not context.is_offline_mode() and _exists(archive_name(revision, name))


def _bind() -> sa.engine.Connection:
    return op.get_bind()


def _exists(table: str) -> bool:
    return sa.inspect(_bind()).has_table(table)


def _quoted(name: str) -> str:
    return _bind().dialect.identifier_preparer.quote(name)


def _columns(table: str) -> list[str]:
    return [column["name"] for column in sa.inspect(_bind()).get_columns(table)]


def _count(table: str, where: str | None = None) -> int:
    sql = f"SELECT COUNT(*) FROM {_quoted(table)}"
    return _bind().exec_driver_sql(sql + (f" WHERE {where}" if where else "")).scalar_one()


def archive_table(revision: str, table: str, name: str | None = None,
                  where: str | None = None) -> None:
    """Copy `table`'s rows (those matching `where`) before the downgrade drops them."""
    target = archive_name(revision, name or table)
    sql = f"CREATE TABLE {_quoted(target)} AS SELECT * FROM {_quoted(table)}"
    _bind().exec_driver_sql(sql + (f" WHERE {where}" if where else ""))


def restore_table(revision: str, table: str, name: str | None = None) -> bool:
    """Put back the rows `archive_table` kept, into the table the upgrade just
    made; True if there was an archive (the revision had been downgraded).

    A row whose parent went while the table was away (a task deleted, say)
    stays out, as the foreign key would have removed or refused it; so does one
    whose id or unique value another row took meanwhile."""
    source = archive_name(revision, name or table)
    if not has_archive(revision, name or table):
        return False
    inspector = sa.inspect(_bind())
    kept = set(_columns(source))
    columns = [column for column in _columns(table) if column in kept]
    conditions = []
    for key in inspector.get_foreign_keys(table):
        pairs = [f"p.{_quoted(remote)} = a.{_quoted(local)}"
                 for local, remote in zip(key["constrained_columns"], key["referred_columns"],
                                          strict=True)]
        nulls = " OR ".join(f"a.{_quoted(local)} IS NULL" for local in key["constrained_columns"])
        conditions.append(f"({nulls} OR EXISTS (SELECT 1 FROM {_quoted(key['referred_table'])} p "
                          f"WHERE {' AND '.join(pairs)}))")
    unique_sets = [inspector.get_pk_constraint(table)["constrained_columns"]]
    unique_sets += [unique["column_names"] for unique in inspector.get_unique_constraints(table)]
    for unique in unique_sets:
        if unique and set(unique) <= kept:
            pairs = " AND ".join(f"t.{_quoted(column)} = a.{_quoted(column)}" for column in unique)
            conditions.append(f"NOT EXISTS (SELECT 1 FROM {_quoted(table)} t WHERE {pairs})")
    listed = ", ".join(_quoted(column) for column in columns)
    selected = ", ".join(f"a.{_quoted(column)}" for column in columns)
    where = " AND ".join(conditions) or "1 = 1"
    archived = _count(source)
    restored = _bind().exec_driver_sql(
        f"INSERT INTO {_quoted(table)} ({listed}) "
        f"SELECT {selected} FROM {_quoted(source)} a WHERE {where}").rowcount
    if restored != archived:
        logger.warning("%s: %d of %d archived rows left out (their parent or key is gone)",
                       table, archived - restored, archived)
    _follow_sequence(table)
    op.drop_table(source)
    return True


def _follow_sequence(table: str) -> None:
    """PostgreSQL's id sequence of a table refilled with explicit ids starts at
    1 again; the next insert would collide with a restored row."""
    if _bind().dialect.name != "postgresql" or "id" not in _columns(table):
        return
    _bind().execute(sa.text(
        "SELECT setval(pg_get_serial_sequence(:table, 'id'), COALESCE(MAX(id), 1), "
        f"MAX(id) IS NOT NULL) FROM {_quoted(table)} "
        "WHERE pg_get_serial_sequence(:table, 'id') IS NOT NULL"), {"table": table})


def archive_columns(revision: str, table: str, columns: Iterable[str],
                    key: Sequence[str], where: str | None = None) -> None:
    """Copy the `columns` a downgrade drops (of the rows matching `where`), with
    the `key` columns that say which row they belong to (the id and a value
    that changes when an id is reused, such as created_at)."""
    selected = ", ".join(_quoted(column) for column in [*key, *columns])
    _bind().exec_driver_sql(
        f"CREATE TABLE {_quoted(archive_name(revision, table))} AS "
        f"SELECT {selected} FROM {_quoted(table)}" + (f" WHERE {where}" if where else ""))


def restore_columns(revision: str, table: str, columns: Iterable[str],
                    key: Sequence[str]) -> bool:
    """Put back the values `archive_columns` kept, into the columns the upgrade
    just added, for the rows whose whole key still matches; True if there was
    an archive. A row added while the columns were away keeps the default."""
    source = archive_name(revision, table)
    if not has_archive(revision, table):
        return False
    match = " AND ".join(f"a.{_quoted(column)} = {_quoted(table)}.{_quoted(column)}"
                         for column in key)
    assignments = ", ".join(
        f"{_quoted(column)} = (SELECT a.{_quoted(column)} FROM {_quoted(source)} a "
        f"WHERE {match})" for column in columns)
    _bind().exec_driver_sql(
        f"UPDATE {_quoted(table)} SET {assignments} "
        f"WHERE EXISTS (SELECT 1 FROM {_quoted(source)} a WHERE {match})")
    op.drop_table(source)
    return True


def destructive_acknowledged() -> bool:
    return context.get_x_argument(as_dictionary=True).get("destructive") in ("yes", "true", "1")


def refuse_to_lose(revision: str, tables: Iterable[str]) -> None:
    """Raise DataWouldBeLost naming the `tables` that hold rows (and any archive
    an earlier downgrade left), unless the operator acknowledged the loss."""
    archives = [name for name in sa.inspect(_bind()).get_table_names() if is_archive(name)]
    names = [*tables, *archives]
    losses = [(name, rows) for name in names if _exists(name) and (rows := _count(name))]
    if losses and not destructive_acknowledged():
        raise DataWouldBeLost(revision, losses)
    for name, rows in losses:
        logger.warning("%s: %d rows deleted (--destructive)", name, rows)
    for name in archives:
        op.drop_table(name)
