"""The auditor: every department read, nothing changed. Every URL rule, every
method, so that a new view is covered without being listed."""
from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import func, select

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.people import tokens
from planner.people.models.user import User
from tests.core.http.test_access_matrix import EXPECTED, _make_ids, _params

AUDITOR = "auditor@example.com"
# The person's own session and account: signing out, the language, their
# password, second factor and tokens (how an auditor reads the API).
OWN_ACCOUNT = ("auth", "account")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Pages that are only a form to fill in (an owner's assessment, an inventory
# answer): nothing there to read that the task and cycle pages do not show.
FORMS_ONLY = {"costing.task_assessment", "costing.task_assessment_other",
              "inventory.answer", "inventory.answer_other"}


@pytest.fixture
def auditor(app, world) -> int:  # noqa: ANN001
    with app.app_context():
        person = world.person(AUDITOR, "監査 太郎", "auditor", [])
        db.session.commit()
        return person.id


def _auditor_read_status(name: str, statuses: tuple[int, int, int, int]) -> int:
    """What a manager reads, in every department (the admin's answer where a
    manager is refused the other department's record: 404, or 403 for a
    department's pack); and the audit log."""
    _, _, manager, admin = statuses
    if name in ("admin.audit", "api.list_audit_entries", "admin.audit_export",
                "api.export_audit_entries"):
        return 200
    if name in FORMS_ONLY:
        return 403
    if name.endswith("_other") and manager in (403, 404):
        return admin
    return manager


def _send(client, path: str, method: str, csrf: str | None, headers: dict | None = None):  # noqa: ANN001, ANN202
    headers = dict(headers or {})
    if path.startswith("/api/"):
        if csrf:
            headers["X-CSRFToken"] = csrf
        response = client.open(path, method=method, json={} if method != "DELETE" else None,
                               headers=headers)
    else:
        response = client.open(path, method=method, data={"csrf_token": csrf or ""},
                               headers=headers)
    response.close()
    return response


def test_the_auditor_reads_every_department_and_the_audit_log(app, client, auth, world, auditor):
    with app.app_context():
        ids = _make_ids(world)
    auth.login(AUDITOR)
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    failures = []
    for name, methods in EXPECTED.items():
        if "GET" not in methods or name.startswith("auth."):
            continue
        endpoint = name.removesuffix("_other")
        with app.test_request_context():
            path = url_for(endpoint, **_params(rules[endpoint], world, ids,
                                               name.endswith("_other")))
        expected = _auditor_read_status(name, methods["GET"])
        response = client.get(path)
        response.close()
        if response.status_code != expected:
            failures.append(f"GET {path}: {response.status_code} != {expected}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("via", ["session", "token"])
def test_every_change_is_refused_to_the_auditor(app, client, auth, world, auditor, via):
    """Every rule, every method that changes something, with the payroll and
    then the accounting department's records: 403, and nothing written."""
    with app.app_context():
        ids = _make_ids(world)
        token = tokens.create_token(db.session.get(User, auditor))[1]
        db.session.commit()
        entries_before = db.session.scalar(select(func.count(AuditEntry.id)))
    headers, csrf = {}, None
    if via == "session":
        auth.login(AUDITOR)
        csrf = auth.csrf_token("/account/")
    else:
        headers = {"Authorization": f"Bearer {token}"}
    failures, tried = [], 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in OWN_ACCOUNT:
            continue
        if via == "token" and not rule.endpoint.startswith("api."):
            continue
        for other in (False, True):
            with app.test_request_context():
                path = url_for(rule.endpoint, **_params(rule, world, ids, other))
            for method in sorted(rule.methods & WRITES):
                tried += 1
                response = _send(client, path, method, csrf, headers)
                if response.status_code != 403:
                    failures.append(f"{method} {path}: {response.status_code}")
    assert tried > (100 if via == "session" else 50)
    assert failures == [], "\n".join(failures)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id))) == entries_before


def test_the_auditor_keeps_their_own_account(app, client, auth, world, auditor):
    """Read-only is about the planner's records: the auditor still signs out."""
    auth.login(AUDITOR)
    assert client.get("/tasks/").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/tasks/").status_code == 302


def test_an_auditor_passes_no_write_role_check():
    from planner.core.roles import Role

    assert not Role.AUDITOR.at_least(Role.STAFF)
    assert Role.AUDITOR.may_read(Role.MANAGER)
    assert not Role.AUDITOR.may_read(Role.ADMIN)
