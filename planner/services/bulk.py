"""Bulk writes shared by the jobs that may run in several processes at once."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from planner.extensions import db

CHUNK = 1000


def insert_ignoring_duplicates(model: type, rows: list[dict], unique: list[str]) -> int:
    """INSERT … ON CONFLICT (unique) DO NOTHING, in chunks: rows another process
    inserted meanwhile are skipped instead of failing the whole job."""
    if not rows:
        return 0
    module = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        statement = module.insert(model).on_conflict_do_nothing(index_elements=unique)
        db.session.execute(statement, rows[start:start + CHUNK])
    return len(rows)
