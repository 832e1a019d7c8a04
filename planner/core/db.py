"""The database: engine settings per dialect, migrations, model registration."""
from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import event, exc
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from planner.core import ROOT
from planner.core.extensions import db, migrate


def _tune_sqlite(dbapi_connection, connection_record) -> None:  # noqa: ANN001
    # WAL lets readers run beside the one writer; the busy timeout makes a
    # second writer wait instead of failing at once; SQLite enforces foreign
    # keys only when asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# SQLite's result codes for "cannot be used right now" (another writer holds the
# lock past the busy timeout, the file cannot be opened or read), as opposed to
# a statement that is wrong.
_SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                       "SQLITE_FULL", "SQLITE_PROTOCOL")
# PostgreSQL SQLSTATE classes and codes of the same kind: 08 connection
# exception, 53 insufficient resources (too many connections), 57P01–57P03
# administrator shutdown, crash shutdown, "the database system is starting up".
_PG_UNAVAILABLE = ("08", "53", "57P01", "57P02", "57P03")


def database_unavailable(error: BaseException) -> bool:
    """True when `error` says the database cannot be reached or used for now
    (stopped, restarting, refusing connections, a dropped connection, a pool
    or lock wait that ran out), false for a statement the database refused.

    The first kind ends on its own, so a page answers 503 and the jobs and
    dispatchers wait and carry on; the second is a bug or bad data."""
    if isinstance(error, exc.TimeoutError):  # no connection free in the pool
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    name = getattr(original, "sqlite_errorname", None)
    if name is not None:
        return name.startswith(_SQLITE_UNAVAILABLE)
    if type(original).__module__.startswith("psycopg"):
        state = getattr(original, "sqlstate", None)
        if state is None:
            # A psycopg error without SQLSTATE comes from the client side: the
            # connection could not be made or was lost.
            return isinstance(error, exc.OperationalError)
        return state.startswith(_PG_UNAVAILABLE)
    return False


# Primary keys are 32-bit integers in both databases. A longer number in a URL
# (/tasks/99999999999999999999) would overflow the driver; it names nothing, so
# it is a 404 whatever the method (a converter's ValidationError would make
# Werkzeug answer 405 for the methods of the rule's siblings).
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > ID_MAX:
            raise NotFound()
        return number


# Parallel workers only for statements that cost ten times PostgreSQL's
# default threshold. Starting them takes milliseconds, more than most of the
# app's statements take (a department's occurrences in a month: 3 ms alone,
# 8-17 ms with a worker, measured at 2,000 people); with every core already
# busy serving requests, they bought nothing. Scans of the whole company (the
# scheduler's) still get them.
POSTGRESQL_OPTIONS = "-c parallel_setup_cost=10000"


def _postgresql_session_settings(app: Flask, uri: str) -> None:
    """POSTGRESQL_OPTIONS for each connection, unless the deployment sets its
    own (options in DATABASE_URL or the engine options, or PGOPTIONS)."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    connect_args = dict(options.get("connect_args", {}))
    if "options" in connect_args or "options=" in uri or os.environ.get("PGOPTIONS"):
        return
    connect_args["options"] = POSTGRESQL_OPTIONS
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def init_app(app: Flask) -> None:
    # Before any blueprint adds its rules: <int:...> is read as the rule is added.
    app.url_map.converters["int"] = IdConverter


    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.pop("pool_pre_ping", None)
        options.setdefault("connect_args", {}).setdefault("timeout", 10)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    elif uri.startswith("postgresql"):
        _postgresql_session_settings(app, uri)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    if uri.startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _tune_sqlite)
