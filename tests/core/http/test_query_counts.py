"""Queries per page are bounded, whatever the size of the data.

Every page (each GET rule of the HTML blueprints) and every API list (each GET
rule under /api/v1 without a path parameter) is requested on a small and on a
three times larger generated company (benchmarks/data.py: people, tasks,
owners, occurrences, notifications, suggestions, absences, inventories), as
the roles that use it; the larger one must not need a single query more. A
new view is measured automatically; one with a path parameter this file does
not know fails until a value is added to `_values`.
"""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from conftest import AuthActions, _empty_tables
from sqlalchemy import select

from benchmarks.data import BENCH_PASSWORD, Company, Size, build_company
from planner.checklists import operations as checklists
from planner.checklists.domain import Step
from planner.core import audit_log, memo
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.costing import assessment as assessments
from planner.coverage.models.absence import Absence
from planner.employees.models import Employee
from planner.events import operations as events
from planner.evidence import operations as evidence
from planner.inventory import operations as inventory
from planner.inventory.models import InventoryAnswer, InventoryCycle
from planner.people import tokens
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence

# Same departments, about three times the people, tasks and history.
SMALL = Size(people=14, departments=2, tasks=40, history_months=2, seed=8)
LARGE = Size(people=42, departments=2, tasks=120, history_months=6, seed=8)

# Who requests what: personal pages as the staff member, the rest as the
# department's manager and as an administrator (who sees every department).
PERSONAL = {"work.my_work", "notifications.inbox", "account.index", "work.team_calendar",
            "coverage.absences", "work.done_link", "feeds.calendar_feed", "api.my_work",
            "api.list_notifications", "api.list_absences"}
# Pages known to load something per row, with the fix that belongs to the
# module's owner. Strict: once fixed, the entry must go.
KNOWN_GROWTH: dict[str, str] = {}
# Pages that need a query string to answer at all.
# (filled with the values of _values, as the path is).
QUERY = {"/api/v1/recurrence/preview": "?rrule=FREQ%3DMONTHLY%3BBYMONTHDAY%3D10&count=12",
         "/api/v1/periods": "?department_id={department_id}",
         "/api/v1/evidence-pack": "?department_id={department_id}&month={month}",
         "/periods/<int:department_id>/evidence-pack.zip": "?month={month}"}
# One record's API answers measured too: a page of the app reads them for one task.
ONE_RECORD = {"api.get_assessment", "api.get_employee", "api.get_checklist",
              "api.list_evidence"}
NOT_MEASURED = {
    "static": "files on disk",
    "api.docs_asset": "files on disk (Swagger UI)",
    "api.get_evidence": "a file from the evidence store (its page twin is measured)",
    "admin.dev_mailbox_index": "files on disk: `planner run`'s development mailbox (off in tests)",
    "admin.dev_mailbox_message": "files on disk: `planner run`'s development mailbox (off in tests)",
    "oidc.login": "sign-in with OpenID Connect, off in tests (no OIDC_ISSUER); a redirect",
    "oidc.callback": "sign-in with OpenID Connect, off in tests (no OIDC_ISSUER)",
    "scim.endpoint": "answers a SCIM token only: tests/identity/http/test_scim_api.py measures it",
}


def _rules(app) -> list:  # noqa: ANN001
    """GET rules of the pages and the API's lists."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_MEASURED:
            continue
        if rule.rule.startswith("/api/") and rule.arguments and rule.endpoint not in ONE_RECORD:
            continue  # one record, not a list
        found.append(rule)
    return sorted(found, key=lambda r: r.rule)


def _values(company: Company) -> dict[str, object]:
    """A record for each path parameter, in the manager's department and, where
    it matters, the staff member's own."""
    department = company.department
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == company.staff)
    task_id = db.session.scalar(
        select(Task.id).where(Task.department_id == department, Task.id.in_(owned))
        .order_by(Task.id)) or db.session.scalar(
        select(Task.id).where(Task.department_id == department).order_by(Task.id))
    occurrence_id = db.session.scalar(
        select(Occurrence.id).where(Occurrence.task_id == task_id, Occurrence.status == "open")
        .order_by(Occurrence.due_date))
    absence_id = db.session.scalar(select(Absence.id).where(Absence.user_id == company.staff))
    if absence_id is None:
        absence = Absence(user_id=company.staff, start_date=org_today() + timedelta(days=9),
                          end_date=org_today() + timedelta(days=10), kind="annual_leave")
        db.session.add(absence)
        db.session.flush()
        absence_id = absence.id
    cycle_id = db.session.scalar(select(InventoryCycle.id).where(
        InventoryCycle.department_id == department))
    if cycle_id is None:
        manager = db.session.get(User, company.manager)
        cycle_id = inventory.start_cycle(manager, department, "棚卸",
                                         org_today() + timedelta(days=30)).id
    employee_id = db.session.scalar(select(Employee.id).order_by(Employee.id))
    answer_id = db.session.scalar(select(InventoryAnswer.id).where(
        InventoryAnswer.cycle_id == cycle_id).order_by(InventoryAnswer.id))
    # Answered, so that the assessment's page and API compute a result.
    assessments.save_assessment(db.session.get(User, company.manager),
                                db.session.get(Task, task_id),
                                {"input_source": "spreadsheet", "rule_based_share": Decimal("0.8"),
                                 "exceptions_per_100": 5, "systems": 2, "changes_per_year": 2,
                                 "records_per_occurrence": 100, "steps": None})
    _, feed = tokens.create_token(db.session.get(User, company.staff), "feed",
                                  kind=tokens.CALENDAR)
    event_id = _leaver(company, employee_id)
    evidence_id = _evidence(company, task_id, occurrence_id)
    db.session.commit()
    return {"task_id": task_id, "department_id": department, "person_id": company.staff,
            "occurrence_id": occurrence_id, "absence_id": absence_id, "cycle_id": cycle_id,
            "answer_id": answer_id, "token": feed, "fmt": "xlsx", "kind": "tasks",
            "event_id": event_id, "employee_id": employee_id, "key": "leave",
            "step_key": "accounts-removal", "evidence_id": evidence_id, "item_id": 1,
            "month": org_today().strftime("%Y-%m")}  # the evidence pack's, with the file above


def _evidence(company: Company, task_id: int, occurrence_id: int) -> int:
    """A checklist started (one step ticked) with a file on a step and one on the whole."""
    manager = db.session.get(User, company.manager)
    occurrence = db.session.get(Occurrence, occurrence_id)
    checklists.save_steps(manager, db.session.get(Task, task_id),
                          [Step("給与台帳を出す", True), Step("確認する")])
    checklists.tick(manager, occurrence, 1)
    evidence.attach(manager, occurrence, evidence.Upload("台帳.pdf", b"%PDF-1.4\n"), 1)
    return evidence.attach(manager, occurrence, evidence.Upload("a.csv", b"a,b\n")).id


def _leaver(company: Company, employee_id: int | None) -> int:
    """A leaver's run (its page and the list read its steps)."""
    for code in ("payroll", "accounting", "hr", "general"):
        if db.session.scalar(select(Department.id).where(Department.code == code)) is None:
            db.session.add(Department(code=code, name=code))
    employee = db.session.get(Employee, employee_id) if employee_id else None
    if employee is None:
        employee = Employee(number="Q1", name="山田 太郎")
        db.session.add(employee)
        db.session.flush()
    manager = db.session.get(User, company.manager)
    return events.record_event(manager, "leave", org_today() + timedelta(days=14), employee).id


def _path(rule, values: dict[str, object]) -> str:  # noqa: ANN001
    def fill(match: re.Match) -> str:
        name = match.group(1).split(":")[-1]
        assert name in values, f"{rule.rule}: add a value for <{name}> to _values"
        return str(values[name])

    return re.sub(r"<([^>]+)>", fill, rule.rule) + QUERY.get(rule.rule, "").format(**values)


def _measure(app, count_queries, size: Size) -> dict[tuple[str, str], tuple[int, int]]:  # noqa: ANN001
    """(rule, role) -> (status, queries) for the second of two requests."""
    with app.app_context():
        _empty_tables()
        company = build_company(size, progress=None)
        values = _values(company)
        people = {role: db.session.get(User, getattr(company, role))
                  for role in ("staff", "manager", "admin")}
        emails = {role: person.email for role, person in people.items()}
        bearers = {}
        for role, person in people.items():
            _, plaintext = tokens.create_token(person, "count")
            bearers[role] = {"Authorization": f"Bearer {plaintext}"}
        db.session.commit()
        db.session.remove()
    clients = {}
    for role, email in emails.items():
        clients[role] = app.test_client()
        assert AuthActions(clients[role]).login(email, BENCH_PASSWORD).status_code == 302
    measured = {}
    for rule in _rules(app):
        path = _path(rule, values)
        api = rule.rule.startswith("/api/")
        roles = ("staff",) if rule.endpoint in PERSONAL else ("manager", "admin")
        for role in roles:
            headers = bearers[role] if api else {}
            clients[role].get(path, headers=headers, buffered=True)  # warm: one-time work
            with count_queries() as statements:
                response = clients[role].get(path, headers=headers, buffered=True)
                response.get_data()
            measured[(rule.rule, role)] = (response.status_code, len(statements))
    return measured


def test_queries_per_page_do_not_grow_with_the_data(app, count_queries, monkeypatch):
    # Exports stream their rows in chunks of 1,000 (flat memory for any size):
    # a chunk larger than the data measures the queries of one chunk.
    from planner.transfer import exports

    monkeypatch.setattr(exports, "STREAM_CHUNK", 10**6)
    monkeypatch.setattr(exports._streamed, "__defaults__", (10**6,))
    # So does the audit log's export, in batches of 500 entries.
    monkeypatch.setattr(audit_log, "EXPORT_BATCH", 10**6)
    # A figure kept by one page and reused warm by the next can reach its age
    # limit between a page's warm request and its measured one on a slow
    # machine; the measured request would then count its recomputation.
    monkeypatch.setattr(memo, "MAX_AGE_SECONDS", 24 * 3600)
    small = _measure(app, count_queries, SMALL)
    large = _measure(app, count_queries, LARGE)
    assert small.keys() == large.keys()
    # Measured like every page; named so that losing them from the app shows here.
    assert {("/admin/price-book/", "admin"), ("/api/v1/price-book", "manager"),
            ("/admin/audit", "admin"), ("/admin/audit/export.<fmt>", "admin"),
            ("/api/v1/audit/export", "admin"),
            ("/api/v1/automation-rates", "manager"), ("/events/types/", "manager"),
            ("/events/types/<key>", "admin"), ("/api/v1/event-types", "manager")
            } <= small.keys()
    grew = {key: (small[key][1], large[key][1]) for key in small
            if small[key][0] < 400 and large[key][0] < 400 and large[key][1] > small[key][1]}
    fixed = set(KNOWN_GROWTH) - {rule for rule, _ in grew}
    assert not fixed, f"no longer grows, remove it from KNOWN_GROWTH: {sorted(fixed)}"
    grew = {key: counts for key, counts in grew.items() if key[0] not in KNOWN_GROWTH}
    assert not grew, "more queries with more data (small, large): " + ", ".join(
        f"{rule} as {role}: {counts}" for (rule, role), counts in sorted(grew.items()))
    unmeasured = sorted({rule for (rule, _), (status, _) in large.items()} - {
        rule for (rule, _), (status, _) in large.items() if status < 400})
    assert not unmeasured, f"no role could open these, so they were not measured: {unmeasured}"
    statuses = {key: (small[key][0], large[key][0]) for key in small
                if small[key][0] != large[key][0]}
    assert not statuses, f"status differs between the sizes: {statuses}"
