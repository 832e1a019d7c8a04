"""Fixtures in the Flask-tutorial shape: app, client, runner, auth, plus a
real database per test run (SQLite file, or PostgreSQL from TEST_DATABASE_URL)
that every test gets empty, and a clock stopped at one known instant."""
from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from openpyxl import Workbook
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from werkzeug.routing import Rule

from config import TestConfig
from planner import create_app
from planner.calendar.operations import install_default_closures
from planner.calendar.recurrence import Schedule
from planner.core import audit
from planner.core.extensions import db
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrences

PASSWORD = "correct horse battery"
PROJECT = Path(__file__).resolve().parent.parent  # the checkout: planner/, tests/, …
JAPANESE_CATALOG = PROJECT / "planner/translations/ja/LC_MESSAGES/messages.po"

# Hypothesis's per-example deadline and "input generation is slow" check are
# timings: on a machine busy with other work (CI's parallel workers, mutmut's
# children) they fail tests whose properties hold. Speed is measured by
# `make bench`, never asserted.
settings.register_profile("planner", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("planner")


class _RuleBuildingUrlsWhenFirstAsked(Rule):
    """Werkzeug compiles two URL-building functions (Python source through
    `compile`) for every rule as the rule joins the app, and the suite makes an
    app per test: most of those functions are never called, and compiling them
    was most of the time spent in `create_app`. Compiled on first use, each
    builds the same URLs; production makes one app per process and keeps
    Werkzeug's own rule."""

    def _compile_builder(self, append_unknown: bool = True):  # noqa: ANN202 (Werkzeug's hook)
        compiled = None

        def build(rule: Rule, **values: object) -> tuple[str, str]:
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            return compiled(**values)

        return build


Flask.url_rule_class = _RuleBuildingUrlsWhenFirstAsked


# Every test runs at this instant unless it is marked `real_clock` (or `browser`):
# expected dates such as "the 10 December withholding-tax deadline" are written
# against it, so the suite means the same thing on any day it runs.
# 10:00 in Tokyo, written in UTC: time-machine makes a ZoneInfo destination the
# process's local zone too, which would hide code that reads the machine's zone
# (a server runs in UTC) where it should read the organisation's.
FROZEN_AT = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def frozen_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Travel to FROZEN_AT for the whole test, fixtures included.

    time-machine rather than freezegun: it replaces the C-level clock functions,
    so `datetime.now(tz)` also stops inside SQLAlchemy column defaults, Flask-Login,
    APScheduler and every module that imported `datetime` before the test began
    (freezegun only patches the names it finds in loaded modules). The clock
    ticks from there, so leases, back-offs and timeouts still pass.

    Tests whose other half cannot be frozen — a real browser's cookie clock, a
    subprocess (dispatchers, gunicorn, the soak) — are marked `real_clock` (browser
    tests are, implicitly) and compute "today" from `org_today()`, the one helper the
    code uses too, instead of writing a date down."""
    if request.node.get_closest_marker("real_clock") or request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(FROZEN_AT, tick=True):
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """SQLite: a file in this run's (and xdist worker's) own temporary folder.
    PostgreSQL: TEST_DATABASE_URL itself, or under pytest-xdist a database of the
    worker's own beside it, so workers never empty each other's tables."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    if worker_id == "master":
        yield url
        return
    with scratch_postgresql_database(url, f"{make_url(url).database}_{worker_id}") as own:
        yield own


@contextmanager
def scratch_postgresql_database(url: str, name: str) -> Iterator[str]:
    """A new, empty PostgreSQL database `name` on `url`'s server (replacing a
    left-over one of that name), dropped afterwards; yields its URL."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_url: str) -> Iterator[None]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        db.drop_all()
        _drop_alembic_version()
        db.create_all()
        db.engine.dispose()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _drop_alembic_version() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app(_schema: None, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app over an emptied database. No app context stays pushed, since a
    request reuses a pushed context (and its `g`) instead of making its own;
    tests that touch the database directly use the `ctx` fixture. Evidence
    files go to the test's own folder."""
    yield from fresh_app(database_url, tmp_path)


def fresh_app(database_url: str, tmp_path: Path, **overrides: object) -> Iterator[Flask]:
    """The `app` fixture's app, with settings of a test's own from the start
    (what create_app reads once, such as the OpenID Connect client's)."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     EVIDENCE_PATH=str(tmp_path / "evidence"), **overrides)
    with app.app_context():
        _empty_tables()
    audit.set_actor(None)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def evidence_folder(app: Flask) -> str:
    """Where this test's evidence files are kept (a real folder)."""
    return app.config["EVIDENCE_PATH"]


@pytest.fixture
def ctx(app: Flask, database_url: str) -> Iterator[Flask]:
    """An app context for service-level work in a test.

    It belongs to a second app over the same database, so requests made with
    `client` in the same test still push their own context (and `g`)."""
    twin = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    twin.config = app.config  # one configuration: fixtures that change it change both
    with twin.app_context():
        yield twin
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # noqa: ANN201
    return app.test_cli_runner()


class World:
    """Two departments with a staff member each, a payroll manager and an admin.

    Attributes are ids, so they stay usable outside the app context that made them.
    """

    def __init__(self) -> None:
        install_default_closures()
        payroll = Department(code="payroll", name="給与")
        accounting = Department(code="accounting", name="経理")
        db.session.add_all([payroll, accounting])
        db.session.flush()
        staff = self.person("staff@example.com", "佐藤 花子", "staff", [payroll])
        manager = self.person("manager@example.com", "鈴木 一郎", "manager", [payroll])
        other_staff = self.person("other@example.com", "田中 次郎", "staff", [accounting])
        admin = self.person("admin@example.com", "高橋 管理", "admin", [])
        payroll_task = self.task("源泉所得税の納付", payroll, staff, code="PAY-001")
        accounting_task = self.task("月次決算", accounting, other_staff, code="ACC-001")
        occurrences.materialise()
        db.session.commit()
        self.payroll, self.accounting = payroll.id, accounting.id
        self.staff, self.manager, self.other_staff, self.admin = (
            staff.id, manager.id, other_staff.id, admin.id)
        self.payroll_task, self.accounting_task = payroll_task.id, accounting_task.id

    def person(self, email: str, name: str, role: str, departments: list[Department],
               language: str = "ja") -> User:
        return create_person(
            PersonData(email=email, name=name, role=role, language=language,
                       department_ids=[d.id for d in departments]),
            PASSWORD,
        )

    @staticmethod
    def task(title: str, department: Department, owner: User | None = None,
             **fields) -> Task:  # noqa: ANN003
        task = Task(title=title, department_id=department.id, category=fields.pop("category", "tax"),
                    criticality=fields.pop("criticality", "high"), **fields)
        task.schedule = fields.get("schedule") or Schedule(
            "rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=10", shift="next")
        if owner is not None:
            task.owners.append(TaskOwner(user_id=owner.id, role="primary", level=3))
        db.session.add(task)
        db.session.flush()
        return task


@pytest.fixture
def world(app: Flask) -> World:
    with app.app_context():
        made = World()
        db.session.remove()
    return made


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def csrf_token(self, path: str = "/login") -> str:
        page = self._client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, email: str, password: str = PASSWORD):  # noqa: ANN201
        token = self.csrf_token("/login")
        return self._client.post("/login", data={"email": email, "password": password,
                                                 "csrf_token": token})

    def logout(self):  # noqa: ANN201
        token = self.csrf_token("/tasks/")
        return self._client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def count_queries(app: Flask):  # noqa: ANN201
    """Counts the SQL statements run inside the `with` block."""

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counter


# --- A real server and a real browser --------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served by a real WSGI server on a loopback port."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("PLANNER_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: str):  # noqa: ANN001, ANN201
    context = browser.new_context(base_url=live_server, locale="ja-JP",
                                  viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A 403 or 404 page is a failed resource load to the console; tests assert
    # statuses themselves, so only script errors count here.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    yield page
    context.close()
    assert errors == [], f"browser errors: {errors}"


def screenshot(page, name: str) -> None:  # noqa: ANN001
    """Saved for the README when PLANNER_SCREENSHOTS is set (`make screenshots`)."""
    target = os.environ.get("PLANNER_SCREENSHOTS")
    if target:
        os.makedirs(target, exist_ok=True)
        page.screenshot(path=os.path.join(target, f"{name}.png"), full_page=True)


# --- A real SMTP server (aiosmtpd) -----------------------------------------------


class RecordingHandler:
    """Keeps every message; can refuse (451) or stall to imitate a broken server."""

    def __init__(self) -> None:
        import threading

        self.messages: list = []
        self.refuse = False
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        import asyncio
        from email import message_from_bytes, policy

        if self.refuse:
            return "451 Requested action aborted: local error in processing"
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for _, m in self.messages]


def workbook_bytes(header: list[str], rows: list[list]) -> io.BytesIO:
    """An .xlsx file in memory: a header row, then the rows (for the importers)."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[RecordingHandler]:
    """A real SMTP server on a loopback port, and the app pointed at it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_TIMEOUT=5,
                      RETRY_BASE_SECONDS=0)
    handler.controller = controller
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def bearer(app: Flask):  # noqa: ANN201
    """Authorization headers with a fresh API token of the given person."""
    from planner.people import tokens

    def make(person_id: int) -> dict[str, str]:
        with app.app_context():
            _, plaintext = tokens.create_token(db.session.get(User, person_id), "test")
            db.session.commit()
        return {"Authorization": f"Bearer {plaintext}"}

    return make


@pytest.fixture
def scim(app: Flask, client: FlaskClient):  # noqa: ANN201
    """Calls /scim/v2 as a directory does, with a live SCIM token named "entra"."""
    import json

    from planner.identity import tokens

    with app.app_context():
        _, plaintext = tokens.create("entra")
        db.session.commit()
    headers = {"Authorization": f"Bearer {plaintext}"}

    def call(method: str, path: str, body: dict | None = None, **kwargs):  # noqa: ANN003, ANN202
        return client.open(f"/scim/v2{path}", method=method, headers=headers,
                           data=None if body is None else json.dumps(body),
                           content_type="application/scim+json", **kwargs)

    return call


