"""Two people edit the same task: the second save is refused, not silently
overwritten (a version column checked and bumped by every UPDATE)."""
from __future__ import annotations

import re

from planner.core.extensions import db
from planner.tasks.models import Task


def _form(client, task_id: int) -> dict[str, str]:  # noqa: ANN001
    page = client.get(f"/tasks/{task_id}/edit").get_data(as_text=True)
    values = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and not re.search(r'type="(checkbox|submit)"', tag):
            values[name.group(1)] = value.group(1) if value else ""
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page,
                                    re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                           options)
        values[name] = next(g for g in chosen.groups() if g is not None) if chosen else ""
    values["procedure"] = ""
    return values


def test_the_second_save_of_the_same_version_is_refused(app, world):
    first, second = app.test_client(), app.test_client()
    from conftest import AuthActions

    AuthActions(first).login("staff@example.com")
    AuthActions(second).login("manager@example.com")
    mine, theirs = _form(first, world.payroll_task), _form(second, world.payroll_task)
    assert mine["version"] == theirs["version"] == "1"
    saved = first.post(f"/tasks/{world.payroll_task}/edit",
                       data={**mine, "title": "源泉所得税の納付（本社分）"})
    assert saved.status_code == 302
    refused = second.post(f"/tasks/{world.payroll_task}/edit",
                          data={**theirs, "title": "源泉所得税の納付（支店分）"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    # The message itself names who saved it meanwhile (the name is also in the
    # owner drop-down, so the page as a whole would prove nothing).
    message = re.search(r'<div class="form-errors" role="alert"><p>(.*?)</p>', page, re.S)
    assert message, page
    # Saved at the tests' frozen instant, shown in organisation time.
    assert "2026-12-01 10:00に佐藤 花子さんがこの業務を保存しました" in message.group(1)
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        assert (task.title, task.version) == ("源泉所得税の納付（本社分）", 2)


def test_the_api_refuses_a_stale_version_with_409(client, world, bearer):
    path = f"/api/v1/tasks/{world.payroll_task}"
    version = client.get(path, headers=bearer(world.staff)).json["version"]
    assert client.patch(path, json={"effort_minutes": 20, "version": version},
                        headers=bearer(world.staff)).status_code == 200
    stale = client.patch(path, json={"effort_minutes": 30, "version": version},
                         headers=bearer(world.manager))
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"
    # Without a version the caller accepts last-write-wins.
    assert client.patch(path, json={"effort_minutes": 30},
                        headers=bearer(world.manager)).json["effort_minutes"] == 30
