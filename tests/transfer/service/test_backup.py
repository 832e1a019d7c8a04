"""`planner backup` and a restore into an empty database give back the same data."""
from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
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


def _migrated(path: Path) -> Flask:
    """An app over a new SQLite file built by the migrations, as in production
    (the suite's own database is built from the models and carries no revision)."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def made_backup(sqlite_only, tmp_path) -> tuple[Path, dict[str, list]]:  # noqa: ANN001
    """A backup of a demo back office made by `planner backup`, and its rows."""
    source = _migrated(tmp_path / "source.db")
    with source.app_context():
        demo.seed_demo()
        db.session.commit()
        before = _snapshot()
        backup_file = tmp_path / "planner-backup.db"
        result = source.test_cli_runner().invoke(args=["backup", str(backup_file)])
        assert result.exit_code == 0, result.output
        db.engine.dispose()
    return backup_file, before


def _restore(tmp_path: Path, backup_file: Path, *options: str) -> Result:
    empty = _migrated(tmp_path / f"new-{uuid.uuid4().hex[:6]}.db")
    # A command runs in the app context already pushed: push the empty app's.
    with empty.app_context():
        result = empty.test_cli_runner().invoke(args=["restore", str(backup_file), *options])
        db.engine.dispose()
    return result


def test_backup_then_restore_into_an_empty_database(app, tmp_path, made_backup):
    backup_file, before = made_backup
    empty = _migrated(tmp_path / "new.db")
    cli = empty.test_cli_runner()
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


def _sqlite_file(path: Path, script: str) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript(script)
    connection.close()
    return path


def test_a_database_with_tables_of_the_right_names_is_no_backup(tmp_path, made_backup):
    # What `restore` used to accept: any SQLite file with these three tables.
    lookalike = _sqlite_file(tmp_path / "lookalike.db", "CREATE TABLE users (id INTEGER); "
                             "CREATE TABLE tasks (id INTEGER); CREATE TABLE occurrences (id INTEGER);")
    result = _restore(tmp_path, lookalike)
    assert result.exit_code == 1 and "not a backup" in result.output
    # The same, stamped with our latest revision: the schema still gives it away.
    head = sqlite3.connect(made_backup[0]).execute(
        "SELECT version_num FROM alembic_version").fetchone()[0]
    _sqlite_file(lookalike, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
                 f"INSERT INTO alembic_version VALUES ('{head}');")
    result = _restore(tmp_path, lookalike)
    assert result.exit_code == 1 and "tables differ" in result.output


def test_a_backup_of_an_unknown_or_older_schema_is_refused(tmp_path, made_backup):
    backup_file, _ = made_backup
    for revision, said in (("not-ours", "not a backup"), ("0001", "older version")):
        copy = tmp_path / f"{revision}.db"
        shutil.copy(backup_file, copy)
        _sqlite_file(copy, f"UPDATE alembic_version SET version_num = '{revision}';")
        result = _restore(tmp_path, copy)
        assert result.exit_code == 1 and said in result.output, (revision, result.output)


def test_a_damaged_backup_is_refused(tmp_path, made_backup):
    damaged = tmp_path / "damaged.db"
    data = bytearray(made_backup[0].read_bytes())
    data[len(data) // 2: len(data) // 2 + 8192] = bytes(8192)  # a run of zeroed pages
    damaged.write_bytes(bytes(data))
    result = _restore(tmp_path, damaged)
    assert result.exit_code == 1 and "not a backup" in result.output


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_backup_onto_the_database_or_its_working_files_is_refused(app, runner, ctx,
                                                                   sqlite_only, suffix):
    database = Path(db.engine.url.database)
    target = database.with_name(database.name + suffix)
    demo.seed_demo()
    db.session.commit()
    before = _snapshot()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "the database itself or one of its working files" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    db.session.remove()
    assert _snapshot() == before
    assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_backup_leaves_a_file_that_is_not_a_database_alone(app, runner, sqlite_only, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("議事録")
    result = runner.invoke(args=["backup", str(notes)])
    assert result.exit_code == 1 and "is not an SQLite database" in result.output
    assert isinstance(result.exception, SystemExit)
    assert notes.read_text() == "議事録"
