"""A page number that names no page: a 404 on the web pages, a 422 naming
`page` on the API (which answers an empty page past the last one), never a
500 (issue 18, point 8: ?page=99999999999999999999 overflowed SQL's OFFSET)."""
from __future__ import annotations

import pytest

from planner.core.pagination import Page

HUGE = "99999999999999999999"
WEB_LISTS = ["/tasks/", "/admin/audit", "/admin/outbox", "/workload", "/risk", "/absences",
             "/inbox", "/portfolio", "/departments/{payroll}/matrix"]
API_LISTS = ["/api/v1/tasks", "/api/v1/occurrences", "/api/v1/overdue", "/api/v1/absences",
             "/api/v1/coverage", "/api/v1/risk", "/api/v1/workload?department_id={payroll}",
             "/api/v1/suggestions", "/api/v1/notifications", "/api/v1/inventory",
             "/api/v1/people", "/api/v1/departments"]


@pytest.mark.parametrize("path", WEB_LISTS)
def test_a_web_page_number_that_names_no_page_is_not_found(client, auth, world, path):
    auth.login("admin@example.com")
    path = path.format(payroll=world.payroll)
    assert client.get(path).status_code == 200
    assert client.get(f"{path}?page=1").status_code == 200
    for page in (HUGE, "2147483648", "2", "0", "-1", "x"):
        response = client.get(f"{path}?page={page}")
        assert response.status_code == 404, page
        assert "このページはありません" in response.get_data(as_text=True), page


def test_past_the_last_page_the_404_names_the_last_page(client, auth, world):
    auth.login("admin@example.com")
    body = client.get("/tasks/?per_page=1&page=3").get_data(as_text=True)
    assert "最後のページは2ページです" in body
    assert client.get("/tasks/?per_page=1&page=2").status_code == 200


def test_the_matrix_people_window_is_checked_the_same_way(client, auth, world):
    auth.login("manager@example.com")
    path = f"/departments/{world.payroll}/matrix"
    assert client.get(f"{path}?people_page=1").status_code == 200
    assert client.get(f"{path}?people_page={HUGE}").status_code == 404
    assert client.get(f"{path}?people_page=2").status_code == 404


@pytest.mark.parametrize("path", API_LISTS)
def test_an_api_page_number_out_of_range_is_a_422_naming_page(client, world, bearer, path):
    path = path.format(payroll=world.payroll)
    separator = "&" if "?" in path else "?"
    admin = bearer(world.admin)
    assert client.get(path, headers=admin).status_code == 200
    for page in (HUGE, "2147483648", "0", "x"):
        response = client.get(f"{path}{separator}page={page}", headers=admin)
        assert response.status_code == 422, (page, response.json)
        assert list(response.json["error"]["fields"]) == ["page"]
    # Past the last page: an empty page and the total, so a client reading
    # page after page knows where to stop.
    past = client.get(f"{path}{separator}page=2147483647", headers=admin)
    assert past.status_code == 200 and past.json["page"] == 2147483647


def test_a_page_past_the_last_outside_a_request_is_just_empty(ctx):
    page = Page(items=[], total=3, page=9, per_page=2)
    assert (page.pages, page.has_next, page.has_prev) == (2, False, True)
