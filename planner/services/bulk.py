"""Bulk writes shared by the jobs that may run in several processes at once."""
from __future__ import annotations

import zlib

from sqlalchemy.dialects import postgresql, sqlite

from planner.extensions import db

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
