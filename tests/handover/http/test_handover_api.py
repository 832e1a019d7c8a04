"""Handover, procedure versions and the work inventory through the API."""
from __future__ import annotations

from datetime import timedelta

from planner.core.clock import org_today


def _today(app):  # noqa: ANN001, ANN202
    with app.app_context():
        return org_today()


def test_procedure_versions_and_review(app, client, world, bearer):
    path = f"/api/v1/tasks/{world.payroll_task}"
    for text in ("手順1", "手順1\n手順2"):
        assert client.patch(path, json={"procedure": text},
                            headers=bearer(world.staff)).status_code == 200
    versions = client.get(f"{path}/procedure/versions", headers=bearer(world.manager)).json
    assert [(v["number"], v["text"], v["author"]["id"]) for v in versions["versions"]] == [
        (2, "手順1\n手順2", world.staff), (1, "手順1", world.staff)]
    assert versions["review_due"] is False
    reviewed = client.post(f"{path}/procedure/reviewed", headers=bearer(world.staff))
    assert reviewed.json["procedure_reviewed_at"] == _today(app).isoformat()
    assert client.get(f"/api/v1/tasks/{world.accounting_task}/procedure/versions",
                      headers=bearer(world.staff)).status_code == 404


def test_handover_plan_refusal_and_apply(app, client, world, bearer):
    path = f"/api/v1/people/{world.staff}/handover"
    start = (_today(app) + timedelta(days=7)).isoformat()
    plan = client.get(f"{path}?start_date={start}", headers=bearer(world.manager))
    assert plan.status_code == 200
    item = plan.json["items"][0]
    assert item["task_id"] == world.payroll_task and item["covered_without"] is False
    assert item["proposals"][0]["person"]["id"] == world.manager
    assert plan.json["uncovered"] == [world.payroll_task]  # the manager is not trained yet
    body = {"start_date": start, "end_date": start, "reason": "leaving"}
    refused = client.post(path, json=body, headers=bearer(world.manager))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "uncovered_tasks"
    bad = client.post(path, json={**body, "successors": {"x": 1}},
                      headers=bearer(world.manager))
    assert bad.status_code == 422 and "successors" in bad.json["error"]["fields"]
    applied = client.post(path, json={**body, "accept_uncovered": True},
                          headers=bearer(world.manager))
    assert applied.status_code == 201
    assert applied.json["lines"] == [{
        "task_id": world.payroll_task, "previous_role": "primary", "previous_level": 3,
        "successor_id": world.manager, "training_planned": True}]
    assert client.get(path, headers=bearer(world.staff)).status_code == 403


def test_inventory_cycle_through_the_api(app, client, world, bearer):
    due = (_today(app) + timedelta(days=14)).isoformat()
    started = client.post("/api/v1/inventory", json={
        "department_id": world.payroll, "name": "棚卸", "due_date": due},
        headers=bearer(world.manager))
    assert started.status_code == 201
    cycle = started.json
    answer_id = cycle["answers"][0]["id"]
    pending = client.get("/api/v1/inventory", headers=bearer(world.staff)).json["pending"]
    assert [a["id"] for a in pending] == [answer_id]
    answered = client.put(f"/api/v1/inventory/answers/{answer_id}", json={
        "still_needed": 0, "comment": "電子納付に統合済み"}, headers=bearer(world.staff))
    assert answered.status_code == 200 and answered.json["proposal"] == "drop"
    detail = client.get(f"/api/v1/inventory/{cycle['id']}", headers=bearer(world.manager)).json
    assert detail["summary"]["retire"] == [answer_id] and detail["answered"] == 1
    retired = client.post(f"/api/v1/inventory/answers/{answer_id}/retire",
                          headers=bearer(world.manager))
    assert retired.status_code == 200 and retired.json["retired_at"]
    again = client.post("/api/v1/inventory", json={
        "department_id": world.payroll, "name": "もう一度", "due_date": due},
        headers=bearer(world.manager))
    assert again.status_code == 409  # one cycle at a time
    closed = client.post(f"/api/v1/inventory/{cycle['id']}/close",
                         headers=bearer(world.manager))
    assert closed.json["closed_at"]
