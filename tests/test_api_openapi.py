"""The OpenAPI document: valid OpenAPI 3.1, and every route under /api/v1 is
in it with each of its methods, so the document cannot drift from the code."""
from __future__ import annotations

import re

from openapi_spec_validator import validate

from planner.api.openapi import UNDOCUMENTED_ENDPOINTS

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
    assert missing == [], "document these operations in planner/api/openapi.py"


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
