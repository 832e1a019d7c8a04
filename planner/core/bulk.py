"""Bulk writes: rows that jobs in several processes at once may also insert
(skipped when they exist), and new rows of a large import (straight in)."""
from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, Dialect, Table
from sqlalchemy.dialects import postgresql, sqlite

from planner.core.extensions import db

CHUNK = 1000
COPY_FROM = 2000  # rows from which COPY beats executemany on PostgreSQL


def insert_ignoring_duplicates(model: type, rows: list[dict], unique: list[str]) -> int:
    """INSERT … ON CONFLICT (unique) DO NOTHING, in chunks: rows another process
    inserted meanwhile are skipped instead of failing the whole job."""
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql" and len(rows) >= COPY_FROM:
        _copy_ignoring_duplicates(model.__table__, rows, unique)
        return len(rows)
    module = postgresql if dialect == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        statement = module.insert(model).on_conflict_do_nothing(index_elements=unique)
        db.session.execute(statement, rows[start:start + CHUNK])
    return len(rows)


def _copy_ignoring_duplicates(table, rows: list[dict], unique: list[str]) -> None:  # noqa: ANN001
    """The same on PostgreSQL through COPY: the rows go into a temporary table
    in one stream, then INSERT … SELECT … ON CONFLICT DO NOTHING. psycopg's
    executemany costs a round trip a row (15,000 rows/s); this is several
    times faster for the hundreds of thousands of rows of a materialise, an
    import or a plan."""
    connection = db.session.connection()
    dialect = connection.dialect
    rows = with_defaults(table, rows)  # COPY fills in no default
    names = list(rows[0])
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    target = dialect.identifier_preparer.format_table(table)
    columns = zlib.crc32(",".join(names).encode())
    staging = dialect.identifier_preparer.quote(f"_bulk_{table.name}_{columns:x}")
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        # Dropped at the end of the transaction; emptied if used twice in it.
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DROP AS "
                       f"SELECT {quoted} FROM {target} WITH NO DATA")
        cursor.execute(f"TRUNCATE {staging}")
        with cursor.copy(f"COPY {staging} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([process(row[name]) if process else row[name]
                                for name, process in zip(names, processors, strict=True)])
        conflict = ", ".join(dialect.identifier_preparer.quote(name) for name in unique)
        cursor.execute(f"INSERT INTO {target} ({quoted}) SELECT {quoted} FROM {staging} "
                       f"ON CONFLICT ({conflict}) DO NOTHING")


def insert_rows(model: type, rows: list[dict]) -> None:
    """Plain INSERT of rows nobody else can hold yet (e.g. of tasks created in
    this transaction), straight through the driver: COPY on PostgreSQL, one
    executemany on SQLite. Columns a row leaves out get their Python default,
    as the ORM would give them.

    No ON CONFLICT and no staging table: for new rows they only cost time
    (COPY into the table is a quarter faster than through a staging table),
    and a clash is a bug that should fail the transaction."""
    if not rows:
        return
    table = model.__table__
    connection = db.session.connection()
    names, values = _driver_rows(table, rows, connection.dialect)
    _copy_or_executemany(connection, table, names, values)


def insert_returning_ids(model: type, rows: list[dict]) -> list[int]:
    """INSERT rows and return their new primary keys in the rows' order, in
    a few round trips whatever the number of rows (the ORM's flush of new
    objects costs far more per row, and its audit hook more again).

    On PostgreSQL the keys are drawn from the column's sequence in one query
    and the rows go in by COPY with them. SQLite has no round trips to save:
    one prepared INSERT per row through the driver, reading each row's key
    (SQLAlchemy's INSERT … RETURNING in parameter order does the same, at
    ten times the cost per row, since SQLite does not promise the order of
    the rows a multi-row RETURNING gives back)."""
    if not rows:
        return []
    table = model.__table__
    (key,) = table.primary_key.columns
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        ids = list(connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%(table)s, %(column)s)) "
            "FROM generate_series(1, %(count)s)",
            {"table": table.name, "column": key.name, "count": len(rows)}).scalars())
        rows = [{**row, key.name: id_} for row, id_ in zip(rows, ids, strict=True)]
        names, values = _driver_rows(table, rows, dialect)
        _copy_or_executemany(connection, table, names, values)
        return ids
    names, values = _driver_rows(table, rows, dialect)
    cursor = connection.connection.driver_connection.cursor()
    try:
        statement = _insert_sql(connection, table, names)
        ids = []
        for row in values:
            cursor.execute(statement, row)
            ids.append(cursor.lastrowid)
        return ids
    finally:
        cursor.close()


class _RowContext:
    """The part of SQLAlchemy's execution context a column default may read:
    the values of the row being inserted."""

    def __init__(self, row: dict) -> None:
        self._row = row

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict:
        return self._row


def with_defaults(table: Table, rows: list[dict]) -> list[dict]:
    """Each row with the columns it leaves out at their Python-side default
    (a value, or a function such as utcnow called for each row), as the ORM
    fills them in; columns without one are left to the database. The inserts
    here call it; call it first to see the values they will write."""
    defaults = [column for column in table.columns if column.default is not None]
    for column in defaults:
        if not (column.default.is_scalar or column.default.is_callable):
            raise NotImplementedError(f"{table.name}.{column.key}: {column.default!r}")
    completed = []
    for row in rows:
        missing = [column for column in defaults if column.key not in row]
        if missing:
            row = dict(row)
            for column in missing:
                default = column.default
                # A callable default is wrapped to take the execution context;
                # ours ignore it (utcnow, dict, a list) or read the row's values.
                row[column.key] = (default.arg if default.is_scalar
                                   else default.arg(_RowContext(row)))
        completed.append(row)
    return completed


def _driver_rows(table: Table, rows: list[dict], dialect: Dialect
                 ) -> tuple[list[str], list[Sequence]]:
    """Column names and each row's values as the driver takes them: the
    types' own conversions applied (JSON to text, dates on SQLite)."""
    rows = with_defaults(table, rows)
    names = list(rows[0])
    if any(row.keys() != rows[0].keys() for row in rows):
        raise ValueError(f"{table.name}: every row needs the same columns")
    # Column by column, with map and zip: a Python loop over each value was
    # the larger part of inserting 700,000 occurrences on SQLite.
    columns = [list(map(itemgetter(name), rows)) for name in names]
    for index, name in enumerate(names):
        process = table.c[name].type._cached_bind_processor(dialect)
        if process is None:
            continue
        if isinstance(table.c[name].type, Date):
            process = _remembered(process)  # dates repeat: some 400 in 700,000 occurrences
        columns[index] = list(map(process, columns[index]))
    return names, list(zip(*columns, strict=True))


def _remembered(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    known: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        if value not in known:
            known[value] = process(value)
        return known[value]

    return remembered


def _insert_sql(connection: Connection, table: Table, names: list[str]) -> str:
    preparer = connection.dialect.identifier_preparer
    return (f"INSERT INTO {preparer.format_table(table)} "
            f"({', '.join(preparer.quote(name) for name in names)}) "
            f"VALUES ({', '.join('?' * len(names))})")


def _copy_or_executemany(connection: Connection, table: Table, names: list[str],
                         values: list[Sequence]) -> None:
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        preparer = connection.dialect.identifier_preparer
        quoted = ", ".join(preparer.quote(name) for name in names)
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {preparer.format_table(table)} ({quoted}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    cursor = raw.cursor()
    try:
        cursor.executemany(_insert_sql(connection, table, names), values)
    finally:
        cursor.close()
