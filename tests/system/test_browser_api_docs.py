"""The API documentation page in a real browser: Swagger UI renders every
operation under our Content-Security-Policy (the `page` fixture fails the
test on any console error, a CSP violation included)."""
from __future__ import annotations

import pytest
from conftest import screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_document(page, world, bearer):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Back-office planner API")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 40
    # Open one operation: its parameters and responses are shown.
    page.locator(".opblock-summary-path", has_text="/people/{person_id}").first.click()
    expect(page.locator(".opblock.is-open .responses-table").first).to_be_visible()
    screenshot(page, "api-docs")
    assert violations == []
