"""A Japanese page says everything in Japanese (issue 23): no enumeration's
English label ("3 independent", "Annual leave", "Pending"), no raw value of
one (`inbox`, `annual_leave`) and no raw exception (`Errno`, `Traceback`,
`None`) as visible text, on every page reachable from the navigation, for a
staff member, a manager and an administrator, on the demo back office.

The English labels are read from the enumerations themselves (every
module-level dict of lazy labels in ENUMERATION_MODULES), so an enumeration
added there is checked without touching this test."""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from conftest import AuthActions
from flask import Flask
from japanese_text import RAW_EXCEPTION, VisibleText, english_labels
from sqlalchemy import select, update
from werkzeug.exceptions import HTTPException

from planner.core.extensions import db
from planner.demo import loader as demo
from planner.people.models.user import User

ROLES = {"staff": "sato.hanako@example.co.jp", "manager": "suzuki.ichiro@example.co.jp",
         "admin": "takahashi.makoto@example.co.jp"}
SKIP = re.compile(r"^/(api/|static/|feeds/|logout)|\.(xlsx|csv|ics|zip|pdf)(\?|$)|/download")
PAGES_PER_ENDPOINT = 2
NOT_YET: dict[str, str] = {}  # endpoint -> why its page is not checked yet


def _endpoint(app: Flask, path: str) -> str | None:
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return None
    return endpoint


def _pages(app: Flask, client) -> dict[str, list[str]]:  # noqa: ANN001
    """The visible text of the landing page, every page its navigation links
    to and three links deep from there (a task, then its owners page), a few
    pages per endpoint."""
    queue, seen, per_endpoint = ["/"], set(), defaultdict(int)
    texts: dict[str, list[str]] = {}
    depth = {"/": 0}
    while queue:
        path = queue.pop(0)
        endpoint = _endpoint(app, urlsplit(path).path)
        if (path in seen or endpoint is None or endpoint in NOT_YET
                or per_endpoint[endpoint] >= PAGES_PER_ENDPOINT):
            continue
        seen.add(path)
        per_endpoint[endpoint] += 1
        response = client.get(path, follow_redirects=True)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = VisibleText(f"http://localhost{path}")
        parser.feed(response.get_data(as_text=True))
        texts[path] = parser.texts
        if depth[path] >= 3:
            continue
        for link in parser.links:
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or SKIP.search(parts.path + "?"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in depth:
                depth[target] = depth[path] + 1
                queue.append(target)
    return texts


@pytest.fixture
def demo_in_japanese(app: Flask) -> Flask:
    with app.app_context():
        demo.seed_demo()
        db.session.execute(update(User).values(language="ja"))
        db.session.commit()
        db.session.remove()
    return app


@pytest.mark.parametrize("role", list(ROLES))
def test_japanese_pages_show_no_english_label_and_no_raw_exception(demo_in_japanese, client,
                                                                     role):
    app = demo_in_japanese
    response = AuthActions(client).login(ROLES[role], demo.DEMO_PASSWORD)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.language).where(User.email == ROLES[role])) == "ja"
    labels = english_labels(app)
    pages = _pages(app, client)
    assert len(pages) > 15, "the crawl reached too few pages to mean anything"
    problems = []
    for path, texts in pages.items():
        for text in texts:
            problems.extend(f"{path}: {what} in {text[:80]!r}"
                            for what, pattern in labels.items() if pattern.search(text))
            if RAW_EXCEPTION.search(text):
                problems.append(f"{path}: raw system text in {text[:80]!r}")
    assert not problems, "\n".join(problems)


def test_the_rule_sees_text_not_markup():
    parser = VisibleText("http://localhost/")
    parser.feed('<p title="Pending">保留</p><script>var x = "None";</script>'
                '<code>annual_leave</code><td>Annual leave</td><a href="/x">3 independent</a>'
                '<span lang="en">Payroll <b>high</b></span><p lang="ja">主担当</p>')
    assert parser.texts == ["保留", "Annual leave", "3 independent", "主担当"]
    assert parser.links == ["http://localhost/x"]
