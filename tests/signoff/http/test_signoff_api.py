"""The sign-off through the JSON API."""
from __future__ import annotations

import pytest
from signoff_support import signoff_fixture  # noqa: F401 - the `signoff` fixture


def _url(signoff, action: str) -> str:  # noqa: ANN001
    return f"/api/v1/occurrences/{signoff.occurrence}/{action}"


def test_complete_on_a_review_required_task_leaves_it_prepared(client, signoff, bearer):
    response = client.post(_url(signoff, "complete"), headers=bearer(signoff.preparer),
                           json={"note": "計算済み", "minutes": 150})
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "prepared" and body["review_required"] is True
    assert body["prepared_by_id"] == signoff.preparer and body["prepared_at"]
    assert body["completed_by_id"] is None
    again = client.post(_url(signoff, "complete"), headers=bearer(signoff.preparer), json={})
    assert again.status_code == 409


def test_approve_by_a_qualified_other_person(client, signoff, bearer):
    client.post(_url(signoff, "complete"), headers=bearer(signoff.preparer), json={})
    response = client.post(_url(signoff, "review"), headers=bearer(signoff.reviewer),
                           json={"decision": "approve"})
    assert response.status_code == 200
    assert response.json["status"] == "done"
    assert response.json["reviewed_by_id"] == signoff.reviewer
    assert response.json["completed_by_id"] == signoff.preparer
    history = client.get(_url(signoff, "reviews"), headers=bearer(signoff.preparer)).json
    assert [(r["decision"], r["reviewer_id"]) for r in history["items"]] == [
        ("approve", signoff.reviewer)]


@pytest.mark.parametrize(("preparer", "reviewer"), [
    ("admin", "admin"),  # their own work, administrator or not
    ("preparer", "trainee"),  # level 2 on the task: not qualified to check it
])
def test_403_to_the_preparer_and_to_the_unqualified(client, signoff, bearer, preparer,
                                                    reviewer):
    client.post(_url(signoff, "complete"), headers=bearer(getattr(signoff, preparer)),
                json={})
    response = client.post(_url(signoff, "review"), headers=bearer(getattr(signoff, reviewer)),
                           json={"decision": "approve"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    status = client.get("/api/v1/occurrences?status=prepared",
                        headers=bearer(signoff.reviewer)).json
    assert [o["id"] for o in status["items"]] == [signoff.occurrence]


def test_409_when_not_prepared(client, signoff, bearer):
    response = client.post(_url(signoff, "review"), headers=bearer(signoff.reviewer),
                           json={"decision": "approve"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"


def test_422_names_the_decision_and_the_comment(client, signoff, bearer):
    client.post(_url(signoff, "complete"), headers=bearer(signoff.preparer), json={})
    reviewer = bearer(signoff.reviewer)
    bad = client.post(_url(signoff, "review"), headers=reviewer, json={"decision": "ok"})
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"decision"}
    missing = client.post(_url(signoff, "review"), headers=reviewer, json={})
    assert missing.status_code == 422 and "decision" in missing.json["error"]["fields"]
    silent = client.post(_url(signoff, "review"), headers=reviewer, json={"decision": "return"})
    assert silent.status_code == 422 and set(silent.json["error"]["fields"]) == {"comment"}
    wrong_type = client.post(_url(signoff, "review"), headers=reviewer,
                             json={"decision": "return", "comment": 5})
    assert wrong_type.status_code == 422 and "comment" in wrong_type.json["error"]["fields"]
    not_json = client.post(_url(signoff, "review"), headers=reviewer, data="x",
                           content_type="text/plain")
    assert not_json.status_code == 422
    state = client.get("/api/v1/occurrences?status=prepared", headers=reviewer).json
    assert [o["id"] for o in state["items"]] == [signoff.occurrence]


def test_a_return_reaches_the_preparers_my_work_with_its_comment(client, signoff, bearer):
    client.post(_url(signoff, "complete"), headers=bearer(signoff.preparer), json={})
    reviewer = client.get("/api/v1/my-work", headers=bearer(signoff.reviewer)).json
    assert [o["id"] for o in reviewer["to_review"]] == [signoff.occurrence]
    response = client.post(_url(signoff, "review"), headers=bearer(signoff.reviewer),
                           json={"decision": "return", "comment": "控除額を再確認してください"})
    assert response.status_code == 200 and response.json["status"] == "open"
    mine = client.get("/api/v1/my-work", headers=bearer(signoff.preparer)).json
    assert [(o["id"], o["return_comment"], o["returned_by_id"]) for o in mine["returned"]] == [
        (signoff.occurrence, "控除額を再確認してください", signoff.reviewer)]
    assert client.get("/api/v1/my-work", headers=bearer(signoff.reviewer)).json[
        "to_review"] == []


def test_the_task_api_takes_the_review_fields(client, world, bearer):
    admin = bearer(world.admin)
    task = client.get(f"/api/v1/tasks/{world.payroll_task}", headers=admin).json
    assert (task["review_required"], task["review_days_before"]) == (False, 0)
    changed = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=admin,
                           json={"review_required": True, "review_days_before": 2})
    assert changed.status_code == 200, changed.json
    assert (changed.json["review_required"], changed.json["review_days_before"]) == (True, 2)
    bad = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=admin,
                       json={"review_required": "yes", "review_days_before": 99})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"review_required", "review_days_before"}
