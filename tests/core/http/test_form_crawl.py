"""Every HTML form, tried with hostile values (issue 9, "Bad input, tried
systematically").

For each role the crawler signs in, opens every page it can reach (the GET
rules of the URL map, then the links of each page, a few URLs per endpoint)
and collects every <form>. Each form is then submitted with values Hypothesis
draws per field: empty, blank, very long, Unicode (emoji, right-to-left
marks, control characters, NUL), full-width digits, SQL/HTML/template
injection strings, text in number and date fields, huge and negative
numbers, options that are not offered. Every submission carries a valid CSRF
token, so it reaches the view.

Two properties must hold for every submission:
- no 5xx answer;
- no partial save: when the answer is an error (4xx, a page with a field
  error, or a redirect with an error message), no write was committed. The
  engine's events record every INSERT/UPDATE/DELETE and whether its
  transaction committed, so nothing slips between a before/after comparison.

Bounded (PLANNER_CRAWL_EXAMPLES examples per form, 6 by default) so it runs in
`make test`; raise it for a longer hunt."""
from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from flask import got_request_exception
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select
from werkzeug.exceptions import HTTPException

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.costing import suggestions
from planner.demo import loader as demo
from planner.inventory import operations as inventory
from planner.notifications.models import Notification
from planner.notifications.operations import plan
from planner.people import tokens
from planner.people.models.department import Department
from planner.people.models.user import User

EXAMPLES = int(os.environ.get("PLANNER_CRAWL_EXAMPLES", "6"))
PAGES_PER_ENDPOINT = 2
FORMS_PER_ENDPOINT = 2
ROLES = {"anonymous": None, "staff": "sato.hanako@example.co.jp",
         "manager": "suzuki.ichiro@example.co.jp", "admin": "takahashi.makoto@example.co.jp"}
# Not crawled: files rather than pages, and the sign-out (it ends the crawl's
# session; signing back in is tested elsewhere).
SKIP_PATHS = re.compile(r"^/(api/|static/|feeds/)|\.(xlsx|csv|ics|zip)(\?|$)")
SKIP_ACTIONS = {"auth.logout"}
ERROR_MARKERS = ('class="field-error"', 'class="form-errors"', "flash-error")


# --- Hostile values ---------------------------------------------------------------

INJECTIONS = [
    "'; DROP TABLE tasks; --", "' OR '1'='1", "1; SELECT pg_sleep(5)", "\\", "%", "_",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "{{ 7*7 }}", "{% raw %}", "${7*7}", "%s%s%s%n", "../../../../etc/passwd",
    "FREQ=SECONDLY", "FREQ=DAILY;COUNT=100000000", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2",
    "RRULE:FREQ=YEARLY", "FREQ=WEEKLY;BYDAY=XX", "DTSTART:19000101T000000Z\nRRULE:FREQ=DAILY",
]
UNICODE = [
    "給与計算　月次", "ｆｕｌｌ－ｗｉｄｔｈ", "１２３", "－１", "１．５", "🧾💴👩‍👩‍👧‍👦", "\u202eevil\u202c",
    "مرحبا", "a\u0301\u0301\u0301", "\ufeffBOM", "\x00", "nul\x00inside", "tab\tnew\nline\r",
    "\x1b[31m", "\ud7ff\ue000\uffff", "𠮷野家", "Ω≈ç√∫", " leading and trailing ",
]
# Characters a database may refuse: PostgreSQL's text cannot hold NUL.
CONTROL = ["\x00", "a\x00b", "\x00" * 10, "\x01\x02\x03", "\x7f\x1f", "x\x0by\x0cz"]
NUMBERS = [
    "0", "-1", "1", "31", "32", "100", "101", "-2147483649", "2147483648",
    "99999999999999999999999999", "1e309", "NaN", "inf", "1.5", "1,000", "¥1000", "０", "７",
    "１２", "1_000", "+5", "0x10", "",
]
DATES = [
    "2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "1900-01-01", "2100-12-31",
    "２０２６－０１－１０", "2026/01/10", "令和8年1月10日", "10-01-2026", "2026-1-1", "today",
    "",
]


def _text(original: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(original), st.just(""), st.sampled_from([" ", "\t", "\u3000", "\n\n"]),
        st.sampled_from(INJECTIONS), st.sampled_from(UNICODE), st.sampled_from(CONTROL),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES), st.text(max_size=40),
        st.builds(lambda s, n: s * n, st.sampled_from(["x", "あ", "😀", "<b>"]),
                  st.sampled_from([255, 501, 5001, 100_000])),
    )


def _strategy(control: Control) -> st.SearchStrategy:
    one = _one_value(control)
    if control.kind in ("file", "checkbox") or control.multiple:
        return one
    # Now and then the field twice, as a list: a form reads the first value.
    return st.one_of(one, one, one, one, st.lists(one, min_size=2, max_size=2))


def _one_value(control: Control) -> st.SearchStrategy:
    original = control.value
    if control.kind == "checkbox":
        return st.one_of(st.just(None), st.just(original or "y"), _text("y"))
    if control.kind == "select":
        options = control.options or [""]
        single = st.one_of(st.sampled_from(options), st.sampled_from(options),
                           _text(original))
        if control.multiple:
            return st.lists(single, max_size=4)
        return single
    if control.kind == "number":
        return st.one_of(st.just(original), st.sampled_from(NUMBERS),
                         st.integers(-10**12, 10**12).map(str), st.sampled_from(CONTROL),
                         _text(original))
    if control.kind == "date":
        return st.one_of(st.just(original), st.sampled_from(DATES),
                         st.dates().map(lambda d: d.isoformat()), _text(original))
    if control.kind == "file":
        return st.one_of(
            st.just(None),
            st.tuples(st.sampled_from(["tasks.xlsx", "a.xls", "x.csv", "../../x.xlsx", "空.xlsx",
                                       ""]),
                      st.one_of(st.binary(max_size=200), st.just(b""),
                                st.just(b"PK\x03\x04" + b"\x00" * 200))))
    if control.kind == "hidden":
        return st.one_of(st.just(original), st.just(original), _text(original))
    return _text(original)


# --- Pages and their forms ----------------------------------------------------------


@dataclass
class Control:
    name: str
    kind: str  # text, number, date, select, checkbox, radio, file, hidden, submit, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    page: str
    action: str
    method: str
    enctype: str
    controls: dict[str, Control] = field(default_factory=dict)
    submits: list[tuple[str, str]] = field(default_factory=list)

    @property
    def signature(self) -> tuple:
        """The same form for another record (s7-note, level-3-12, successor_4)
        counts once."""
        return (self.method, tuple(sorted({re.sub(r"\d+", "N", n) for n in self.controls})))


class PageParser(HTMLParser):
    """The links and forms of a page, from the standard library's parser."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            self._form = Form(page=self.url, action=urljoin(self.url, a.get("action") or self.url),
                              method=(a.get("method") or "get").lower(),
                              enctype=a.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "button"):
                self._form.submits.append((a["name"], a.get("value", "")))
            elif kind == "radio":
                control = self._form.controls.setdefault(a["name"],
                                                        Control(a["name"], "select"))
                control.options.append(a.get("value", "on"))
                if "checked" in a:
                    control.value = a.get("value", "on")
            else:
                self._form.controls[a["name"]] = Control(a["name"], kind, a.get("value", ""))
        elif tag == "button" and a.get("name"):
            self._form.submits.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = Control(a["name"], "select", multiple="multiple" in a)
            self._form.controls[a["name"]] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = Control(a["name"], "textarea")
            self._form.controls[a["name"]] = self._textarea

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select is not None and not self._select.value and self._select.options:
                self._select.value = self._select.options[0]
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _endpoint(app, path: str) -> str | None:  # noqa: ANN001
    adapter = app.url_map.bind("localhost")
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(path, method=method)
            return endpoint
        except HTTPException:
            continue
    return None


def _crawl(app, client) -> tuple[list[Form], list[str]]:  # noqa: ANN001
    """Every page reachable from the GET rules without arguments and from the
    links on the pages, a few per endpoint; the forms found on them."""
    queue = [rule.rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments]
    seen: set[str] = set()
    per_endpoint: dict[str, int] = defaultdict(int)
    forms: dict[tuple, list[Form]] = defaultdict(list)
    problems: list[str] = []
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or SKIP_PATHS.search(parts.path + "?"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        endpoint = _endpoint(app, parts.path)
        if path in seen or endpoint is None or per_endpoint[endpoint] >= PAGES_PER_ENDPOINT:
            continue
        seen.add(path)
        per_endpoint[endpoint] += 1
        response = client.get(path)
        if response.status_code >= 500:
            problems.append(f"GET {path}: {response.status_code}")
            continue
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        parser = PageParser(f"http://localhost{path}")
        parser.feed(response.get_data(as_text=True))
        queue.extend(parser.links)
        for form in parser.forms:
            target = _endpoint(app, urlsplit(form.action).path)
            if target is None or target in SKIP_ACTIONS:
                continue
            same = forms[(target, form.signature)]
            if len(same) < FORMS_PER_ENDPOINT:
                same.append(form)
    found = [form for group in forms.values() for form in group]
    return found, problems


# --- What a request wrote -------------------------------------------------------------


class WriteLog:
    """Every INSERT/UPDATE/DELETE run on the engine, and which were committed."""

    WRITE = re.compile(r"^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)",
                       re.IGNORECASE)

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.engine = engine
        self.pending: dict[int, list[str]] = defaultdict(list)
        self.committed: list[str] = []
        event.listen(engine, "before_cursor_execute", self._execute)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _execute(self, conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        match = self.WRITE.match(statement)
        if match:
            self.pending[id(conn)].append(match.group(2).lower())

    def _commit(self, conn) -> None:  # noqa: ANN001
        self.committed.extend(self.pending.pop(id(conn), []))

    def _rollback(self, conn) -> None:  # noqa: ANN001
        self.pending.pop(id(conn), None)

    def take(self) -> list[str]:
        taken, self.committed = self.committed, []
        return taken

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._execute)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)


# --- The crawl ----------------------------------------------------------------------


def _demo_world(app) -> None:  # noqa: ANN001
    """The demo back office, plus what makes the remaining forms appear: an
    inventory cycle, suggestions, sent and failed notifications, API tokens."""
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
        manager = db.session.scalar(select(User).where(User.email == ROLES["manager"]))
        payroll = db.session.scalar(select(Department).where(Department.code == "payroll"))
        inventory.start_cycle(manager, payroll.id, "棚卸 2026", org_today() + timedelta(days=14))
        suggestions.recompute()
        plan()
        rows = list(db.session.scalars(select(Notification)
                                       .order_by(Notification.send_after.desc()).limit(40)))
        for n, row in enumerate(rows):
            row.status = "failed" if n % 4 == 0 else "sent"
            row.last_error = "451 try again" if n % 4 == 0 else ""
            row.sent_at = None if n % 4 == 0 else row.send_after
        for email in filter(None, ROLES.values()):
            tokens.create_token(db.session.scalar(select(User).where(User.email == email)), "crawl")
        db.session.commit()
        db.session.remove()


class Session:
    """A signed-in browser for one role: signs in again when a form ends the
    session (sign out everywhere, a password change)."""

    def __init__(self, client, email: str | None) -> None:  # noqa: ANN001
        self.client, self.email = client, email
        self.login()

    def login(self) -> None:
        from conftest import AuthActions

        if self.email is None:
            return  # the anonymous visitor: the sign-in page and what is public
        response = AuthActions(self.client).login(self.email, demo.DEMO_PASSWORD)
        assert response.status_code == 302, f"cannot sign in as {self.email}"

    def csrf(self) -> str:
        from conftest import AuthActions

        return AuthActions(self.client).csrf_token("/account/" if self.email else "/login")


def _error_answer(client, response) -> bool:  # noqa: ANN001
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200 and response.mimetype == "text/html":
        return any(marker in response.get_data(as_text=True) for marker in ERROR_MARKERS)
    if response.is_json and response.status_code == 200:
        return False
    if 300 <= response.status_code < 400:
        with client.session_transaction() as session:
            return any(category == "error" for category, _ in session.get("_flashes", []))
    return False


def _submit(session: Session, form: Form, values: dict, token: str):  # noqa: ANN001, ANN201
    data: list[tuple[str, object]] = []
    files = False
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, tuple):
            filename, content = value
            data.append((name, (BytesIO(content), filename)))
            files = True
        elif isinstance(value, list):
            data.extend((name, item) for item in value)
        else:
            data.append((name, value))
    path = urlsplit(form.action).path
    query = urlsplit(form.action).query
    if form.method == "get":
        params = [(k, v) for k, v in parse_qsl(query)] + [
            (k, v) for k, v in data if isinstance(v, str)]
        return session.client.get(f"{path}?{urlencode(params)}")
    data.append(("csrf_token", token))
    multi: dict[str, list] = defaultdict(list)
    for name, value in data:
        multi[name].append(value)
    return session.client.post(f"{path}?{query}" if query else path, data=dict(multi),
                               content_type="multipart/form-data" if files or
                               form.enctype == "multipart/form-data" else None)


def _probe(app, session: Session, form: Form, writes: WriteLog, problems: list[str],  # noqa: ANN001
           crashes: list[str]) -> None:
    controls = [c for c in form.controls.values() if not c.name.endswith("csrf_token")]
    csrf_names = [name for name in form.controls if name.endswith("csrf_token")]
    strategies = {c.name: _strategy(c) for c in controls}
    if form.submits:
        strategies["__submit__"] = st.sampled_from(form.submits)
    token = {"value": session.csrf()}
    reported: set[str] = set()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries(strategies))
    def submit(values: dict) -> None:
        values = dict(values)
        button = values.pop("__submit__", None)
        if button is not None:
            values[button[0]] = button[1]
        values.update({name: token["value"] for name in csrf_names})
        with session.client.session_transaction() as cookie:
            cookie.pop("_flashes", None)  # only this answer's messages count
        writes.take()
        crashes.clear()
        response = _submit(session, form, values, token["value"])
        status = response.status_code
        # Failed sign-ins are counted even though they are refused (in the
        # database with RATELIMIT_STORAGE_URI=planner+db://), and a session's
        # last request is noted once a minute in a transaction of its own.
        committed = [t for t in writes.take() if t not in {"rate_limits", "user_sessions"}]
        shown = {k: (v if not isinstance(v, str) or len(v) < 60 else v[:60] + "…")
                 for k, v in values.items()}
        where = f"{form.method.upper()} {urlsplit(form.action).path} (form on {form.page})"
        if status >= 500:
            cause = crashes[-1] if crashes else ""
            key = f"{where}: {status} {cause}"
            if key not in reported:
                reported.add(key)
                problems.append(f"{key} with {shown}")
        elif form.method == "get" and committed:
            key = f"{where}: a GET wrote"
            if key not in reported:
                reported.add(key)
                problems.append(f"{key} {sorted(set(committed))} with {shown}")
        elif form.method == "post" and committed and _error_answer(session.client, response):
            key = f"{where}: partial save"
            if key not in reported:
                reported.add(key)
                problems.append(f"{key}: {status} answered after writing {sorted(set(committed))}"
                                f" with {shown}")
        location = response.headers.get("Location", "")
        if status in (302, 303) and urlsplit(location).path == "/login":
            session.login()  # the form ended the session
            token["value"] = session.csrf()

    submit()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_form_survives_hostile_values(app, role):
    _demo_world(app)
    # A crash is a 500 answer to record, not an exception out of the client.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    crashes: list[str] = []

    def crashed(sender, exception, **extra) -> None:  # noqa: ANN001, ANN003
        import traceback

        frame = traceback.extract_tb(exception.__traceback__)[-1]
        crashes.append(f"{type(exception).__name__}: {exception} "
                       f"({Path(frame.filename).name}:{frame.lineno})")

    got_request_exception.connect(crashed, app)
    client = app.test_client()
    session = Session(client, ROLES[role])
    forms, problems = _crawl(app, client)
    assert len(forms) >= {"anonymous": 2, "staff": 10, "manager": 20, "admin": 30}[role], \
        [f.action for f in forms]
    with app.app_context():
        writes = WriteLog(db.engine)
    try:
        for form in forms:
            _probe(app, session, form, writes, problems, crashes)
    finally:
        writes.close()
        got_request_exception.disconnect(crashed, app)
    assert problems == [], "\n".join(problems)
