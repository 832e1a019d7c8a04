"""The OpenAPI document: valid OpenAPI 3.1, and every route under /api/v1 is
in it with each of its methods, so the document cannot drift from the code."""
from __future__ import annotations

import re
from datetime import date

from event_runs_support import step_departments
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from sqlalchemy import select

from planner.checklists.models import TaskStep
from planner.core.extensions import db
from planner.core.openapi import UNDOCUMENTED_ENDPOINTS
from planner.coverage.models.absence import Absence
from planner.employees.models import Employee
from planner.events import operations as events
from planner.evidence import operations as evidence
from planner.inventory import operations as inventory
from planner.people.models.user import User
from planner.signoff import operations as sign_off
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrences
from planner.work.models import Occurrence

PREFIX = "/api/v1"


def _document(client) -> dict:  # noqa: ANN001
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.json


def test_the_document_is_valid_openapi(client):
    document = _document(client)
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_route_is_documented(app, client):
    paths = _document(client)["paths"]
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/") or rule.endpoint in UNDOCUMENTED_ENDPOINTS:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method.lower() not in paths.get(path, {}):
                missing.append(f"{method} {path}")
    assert missing == [], "declare these operations in their feature's api.py (@openapi.paths)"


def test_every_documented_operation_exists(app, client):
    routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX)), method)
              for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")
              for method in rule.methods}
    extra = [f"{method.upper()} {path}"
             for path, item in _document(client)["paths"].items()
             for method in item if method != "parameters"
             and (path, method.upper()) not in routes]
    assert extra == []


def test_every_operation_lists_its_errors_with_the_error_schema(client):
    for path, item in _document(client)["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            responses = operation["responses"]
            assert "401" in responses, f"{method} {path}"
            assert any(code.startswith("2") for code in responses), f"{method} {path}"
            for code, response in responses.items():
                if code.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, f"{method} {path}"
            if item.get("parameters") or "{" in path:
                assert "404" in responses, f"{method} {path}: a path id can name nothing"


def test_request_bodies_follow_the_forms(client):
    """Spot checks that the schemas come from the WTForms classes."""
    schemas = _document(client)["components"]["schemas"]
    task = schemas["TaskInput"]
    assert task["properties"]["title"]["maxLength"] > 0
    assert {"title", "department_id", "category"} <= set(task["required"])
    assert "required" not in schemas["TaskPatch"]
    person = schemas["PersonInput"]
    assert {"name", "email"} <= set(person["required"])
    assert "password_hash" not in schemas["Person"]["properties"]
    assert schemas["DepartmentInput"]["properties"]["code"]["maxLength"] == 40
    assert "next" not in schemas["CompleteInput"]["properties"]  # page plumbing


def test_documentation_page_is_served_without_a_cdn(client):
    page = client.get(f"{PREFIX}/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "https://" not in html and "http://" not in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset
        response.close()


def test_the_account_page_links_to_the_documentation(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/account/").get_data(as_text=True)
    assert f'href="{PREFIX}/docs"' in page


def test_every_read_answers_what_the_document_promises(app, client, world, bearer):
    """Real responses, not the document alone: each GET operation is called and
    its JSON is validated against the schema the document gives for its status,
    so a field renamed in a handler (or in the document) fails here."""
    with app.app_context():
        manager = db.session.get(User, world.manager)
        cycle = inventory.start_cycle(manager, world.payroll, "棚卸 2026",
                                      date(2026, 12, 20))
        absence = Absence(user_id=world.staff, start_date=date(2026, 12, 14),
                          end_date=date(2026, 12, 15), kind="annual_leave")
        employee = Employee(number="A-1", name="山田\u3000太郎", leave_date=date(2027, 3, 31))
        db.session.add_all([absence, employee])
        db.session.flush()
        step_departments(world.manager)
        event = events.record_event(manager, "leave", date(2026, 12, 15), employee)
        # A payroll run prepared and returned: its review history has a decision.
        task = db.session.get(Task, world.payroll_task)
        task.review_required = True
        task.owners.append(TaskOwner(user_id=manager.id, role="backup", level=4))
        occurrence = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == task.id).order_by(Occurrence.due_date).limit(1))
        occurrences.complete(db.session.get(User, world.staff), occurrence)
        sign_off.review(manager, occurrence, "return", "控除額を確認してください")
        # Back with its preparer: a file on its step that needs one.
        db.session.add(TaskStep(task_id=world.payroll_task, position=1, text="給与台帳を出す",
                                evidence_required=True))
        file = evidence.attach(db.session.get(User, world.staff), occurrence,
                               evidence.Upload("台帳.pdf", b"%PDF-1.4\n%%EOF\n"), 1)
        ids = {"task_id": world.payroll_task, "person_id": world.staff,
               "occurrence_id": occurrence.id,
               "department_id": world.payroll, "cycle_id": cycle.id,
               "answer_id": cycle.answers[0].id, "absence_id": absence.id,
               "employee_id": employee.id, "event_id": event.id, "key": "leave",
               "evidence_id": file.id}
        db.session.commit()
    queries = {"/recurrence/preview": "?preset=monthly_day&day=10&shift=next&start=2026-12-01",
               "/periods": f"?department_id={world.payroll}",
               "/evidence-pack": f"?department_id={world.payroll}&month=2026-12"}
    document = _document(client)
    headers = bearer(world.admin)  # sees every department, so every read answers 200
    checked = []
    for path, item in document["paths"].items():
        if "get" not in item:
            continue
        url = PREFIX + re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        response = client.get(url + queries.get(path, ""), headers=headers)
        responses = item["get"]["responses"]
        assert str(response.status_code) in responses, f"GET {path}: {response.status_code}"
        assert response.status_code == 200, f"GET {path}: {response.json}"
        content = responses["200"]["content"]
        if "application/json" not in content:  # a file (evidence): its own type, not JSON
            assert response.mimetype != "application/json", f"GET {path}"
            checked.append(path)
            continue
        schema = content["application/json"]["schema"]
        validator = Draft202012Validator({**schema, "components": document["components"]})
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(response.json)]
        assert errors == [], f"GET {path}"
        checked.append(path)
    assert len(checked) == sum("get" in item for item in document["paths"].values())


def test_an_error_answers_with_the_documented_error_schema(client, world, bearer):
    document = _document(client)
    response = client.post(f"{PREFIX}/tasks", json={"title": ""}, headers=bearer(world.staff))
    assert response.status_code in (400, 422)
    validator = Draft202012Validator({"$ref": "#/components/schemas/Error",
                                      "components": document["components"]})
    assert list(validator.iter_errors(response.json)) == []
    assert "title" in response.json["error"]["fields"]
