"""`planner backup` and a restore into an empty database give back the same data."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text

from config import TestConfig
from planner import create_app
from planner.core.extensions import db
from planner.demo import loader as demo


def _snapshot() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = [tuple(r) for r in db.session.execute(
            select(table).order_by(*table.primary_key.columns))]
    return rows


@pytest.fixture
def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL is backed up with pg_dump/pg_restore (README), not this command")


def test_backup_then_restore_into_an_empty_database(app, runner, ctx, sqlite_only, tmp_path):
    demo.seed_demo()
    db.session.commit()
    before = _snapshot()
    backup_file = tmp_path / "planner-backup.db"
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output

    empty = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'new.db'}")
    cli = empty.test_cli_runner()
    # A command runs in the app context already pushed: push the empty app's.
    with empty.app_context():
        refused = cli.invoke(args=["restore", str(tmp_path / "missing.db")])
        assert refused.exit_code == 2  # no such file
        restored = cli.invoke(args=["restore", str(backup_file)])
        assert restored.exit_code == 0, restored.output
        assert _snapshot() == before
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        again = cli.invoke(args=["restore", str(backup_file)])
        assert again.exit_code == 1 and "not empty" in again.output
        db.engine.dispose()


def test_a_file_that_is_not_a_backup_is_refused(app, runner, sqlite_only, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all")
    result = runner.invoke(args=["restore", str(bogus), "--force"])
    assert result.exit_code == 1 and "not a backup" in result.output
