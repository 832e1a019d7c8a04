"""新規業務 opens on a schedule the preview can show: no red error, no 422,
before anything is typed."""
from __future__ import annotations

from html.parser import HTMLParser

# The fields app.js sends to the preview (planner/static/js/app.js).
PREVIEW_FIELDS = ("preset", "day", "weekday", "month", "business_day", "once_date", "rrule",
                  "dtstart", "shift", "deadline_basis", "work_by_buffer_days")


class InitialValues(HTMLParser):
    """What a browser would send of each field as the page opens."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values.setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            if self._select not in self.values or "selected" in attrs:
                self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def test_the_new_task_form_opens_on_a_schedule_the_preview_accepts(client, auth, world):
    auth.login("manager@example.com")
    page = client.get("/tasks/new")
    assert page.status_code == 200
    parser = InitialValues()
    parser.feed(page.get_data(as_text=True))
    assert parser.values["preset"] == "monthly_day" and parser.values["day"] == "10"
    sent = {name: parser.values[name] for name in PREVIEW_FIELDS if parser.values.get(name)}
    preview = client.get("/api/v1/recurrence/preview", query_string={**sent, "count": 12},
                         headers={"Accept": "application/json"})
    assert preview.status_code == 200, preview.get_json()
    assert len(preview.get_json()["dates"]) == 12


def test_a_new_task_saved_without_a_day_is_still_refused(client, auth, world):
    auth.login("manager@example.com")
    token = auth.csrf_token("/tasks/new")
    response = client.post("/tasks/new", data={
        "csrf_token": token, "title": "住民税の納付", "department_id": world.payroll,
        "category": "tax", "criticality": "high", "effort_minutes": 30,
        "preset": "monthly_day", "day": "", "shift": "none", "lead_days": "7, 1, 0"})
    assert response.status_code == 200  # the form again, with the day's message
    assert "field-error" in response.get_data(as_text=True)
