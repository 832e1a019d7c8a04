"""The organisation's weekend days are chosen with a checkbox per weekday, not
a <select multiple> that needs Ctrl+click."""
from __future__ import annotations

import re

from planner.calendar import operations as calendar_service
from planner.core.extensions import db


def _boxes(page: str) -> list[str]:
    group = page.split("<legend>週末の曜日</legend>")[1].split("</fieldset>")[0]
    return re.findall(r'<input[^>]*type="checkbox"[^>]*>', group)


def test_weekend_days_are_checkboxes_and_saving_them_works(app, client, auth, world):
    auth.login("admin@example.com")
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert "<select multiple" not in page
    boxes = _boxes(page)
    assert len(boxes) == 7
    assert [("checked" in b) for b in boxes] == [False] * 5 + [True, True]  # 土・日
    token = auth.csrf_token("/admin/calendar")
    response = client.post("/admin/calendar", data={
        "weekend-csrf_token": token, "weekend-weekend": ["4", "5", "6"], "weekend-submit": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert calendar_service.weekend_days() == frozenset({4, 5, 6})
        db.session.remove()
    assert [("checked" in b) for b in _boxes(client.get("/admin/calendar").get_data(
        as_text=True))] == [False] * 4 + [True] * 3


def test_seven_weekend_days_are_refused_next_to_the_field(app, client, auth, world):
    auth.login("admin@example.com")
    token = auth.csrf_token("/admin/calendar")
    response = client.post("/admin/calendar", data={
        "weekend-csrf_token": token, "weekend-weekend": [str(d) for d in range(7)],
        "weekend-submit": "1"})
    assert response.status_code == 400
    assert 'id="weekend-weekend-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert calendar_service.weekend_days() == frozenset({5, 6})
