"""Archive and restore, department cost defaults, my work, overdue, the risk
dashboard and training plans in the API."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.tasks.models import TaskOwner
from planner.work.models import Occurrence


def test_archive_and_restore_need_a_manager(client, app, world, bearer):
    path = f"/api/v1/tasks/{world.payroll_task}"
    assert client.post(f"{path}/archive", headers=bearer(world.staff)).status_code == 403
    archived = client.post(f"{path}/archive", headers=bearer(world.manager))
    assert archived.status_code == 200 and archived.json["archived"] is True
    with app.app_context():
        future = db.session.scalars(select(Occurrence.status).where(
            Occurrence.task_id == world.payroll_task, Occurrence.due_date >= org_today()))
        assert set(future) == {"cancelled"}
    listed = client.get("/api/v1/tasks?status=archived", headers=bearer(world.staff)).json
    assert [t["id"] for t in listed["items"]] == [world.payroll_task]
    restored = client.post(f"{path}/restore", headers=bearer(world.manager))
    assert restored.status_code == 200 and restored.json["archived"] is False
    other = client.post(f"/api/v1/tasks/{world.accounting_task}/archive",
                        headers=bearer(world.manager))
    assert other.status_code == 404


def test_department_cost_defaults_for_administrators(client, world, bearer):
    path = f"/api/v1/departments/{world.payroll}/cost-profile"
    assert client.get(path, headers=bearer(world.manager)).status_code == 403
    body = client.get(path, headers=bearer(world.admin)).json
    assert body["hourly_cost"] is None and body["effective"]["hourly_cost"] == 3000
    saved = client.put(path, headers=bearer(world.admin),
                       json={"hourly_cost": 4200, "discount_rate": 0.05})
    assert saved.status_code == 200
    assert saved.json["hourly_cost"] == 4200 and saved.json["effective"]["discount_rate"] == 0.05
    task = client.get(f"/api/v1/tasks/{world.payroll_task}/cost-profile",
                      headers=bearer(world.manager)).json
    assert task["hourly_cost"] is None and task["effective"]["hourly_cost"] == 4200
    bad = client.put(path, headers=bearer(world.admin),
                     json={"rework_rate": 2, "horizon_years": "three"})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"rework_rate", "horizon_years"}
    assert client.get("/api/v1/departments/99999/cost-profile",
                      headers=bearer(world.admin)).status_code == 404


def test_my_work_groups_the_callers_occurrences(client, app, world, bearer):
    with app.app_context():
        today = org_today()
        db.session.add(Occurrence(task_id=world.payroll_task, nominal_date=today - timedelta(days=3),
                                  due_date=today - timedelta(days=3)))
        db.session.commit()
    body = client.get("/api/v1/my-work", headers=bearer(world.staff)).json
    assert body["today"] == today.isoformat()
    assert [o["task_id"] for o in body["overdue"]] == [world.payroll_task]
    soon = body["due_today"] + body["this_week"] + body["next_30_days"]
    assert all(o["task_id"] == world.payroll_task for o in soon)
    assert client.get("/api/v1/my-work", headers=bearer(world.manager)).json["overdue"] == []
    overdue = client.get("/api/v1/overdue", headers=bearer(world.manager)).json
    assert overdue["total"] == 1 and overdue["items"][0]["task_id"] == world.payroll_task
    assert client.get("/api/v1/overdue", headers=bearer(world.staff)).status_code == 403


def test_risk_dashboard_and_a_training_plan(client, app, world, bearer):
    risk = client.get("/api/v1/risk", headers=bearer(world.manager))
    assert risk.status_code == 200
    spof = {r["task_id"]: r for r in risk.json["single_points_of_failure"]}
    assert set(spof) == {world.payroll_task}  # one qualified person: the staff member
    assert [c["user_id"] for c in spof[world.payroll_task]["candidates"]] == [world.manager]
    assert (risk.json["single_points_of_failure_total"], risk.json["at_risk_total"]) == (1, 0)
    assert (risk.json["page"], risk.json["per_page"]) == (1, 25)
    after = client.get("/api/v1/risk?page=2", headers=bearer(world.manager)).json
    assert after["single_points_of_failure"] == []
    assert after["single_points_of_failure_total"] == 1
    assert client.get("/api/v1/risk", headers=bearer(world.staff)).status_code == 403
    path = f"/api/v1/tasks/{world.payroll_task}/training"
    plan = client.post(path, headers=bearer(world.manager),
                       json={"trainee_id": world.manager, "due_date": "2027-03-31"})
    assert plan.status_code == 201, plan.json
    assert plan.json["trainee"]["id"] == world.manager
    assert plan.json["trainer"]["id"] == world.staff
    assert plan.json["due_date"] == "2027-03-31"
    with app.app_context():
        owner = db.session.scalar(select(TaskOwner).where(
            TaskOwner.task_id == world.payroll_task, TaskOwner.user_id == world.manager))
        assert owner.role == "trainee"
    mine = client.get("/api/v1/my-work", headers=bearer(world.manager)).json
    assert [p["id"] for p in mine["training"]] == [plan.json["id"]]
    bad = client.post(path, headers=bearer(world.manager), json={"trainee_id": "someone"})
    assert bad.status_code == 422 and "trainee_id" in bad.json["error"]["fields"]
    assert client.post(path, headers=bearer(world.staff),
                       json={"trainee_id": world.manager}).status_code == 403


def test_huge_numbers_are_refused_not_overflowed(client, app, world, bearer):
    admin = bearer(world.admin)
    assert client.get("/api/v1/tasks/99999999999999999999", headers=admin).status_code == 404
    assert client.delete("/api/v1/absences/2147483648", headers=admin).status_code == 404
    for query in ("page=99999999999999999999", "department_id=99999999999999999999",
                  "owner_id=99999999999999999999"):
        response = client.get(f"/api/v1/tasks?{query}", headers=admin)
        assert response.status_code == 422, query
    response = client.post("/api/v1/absences", headers=admin, json={
        "user_id": 2**40, "start_date": "2027-01-04", "end_date": "2027-01-05"})
    assert response.status_code == 422 and "user_id" in response.json["error"]["fields"]


def test_text_the_database_cannot_store_is_refused(client, world, bearer):
    response = client.post("/api/v1/tasks", headers=bearer(world.staff), json={
        "title": "NUL\u0000", "department_id": world.payroll, "category": "tax"})
    assert response.status_code == 422 and "title" in response.json["error"]["fields"]
    response = client.get("/api/v1/tasks?q=%00", headers=bearer(world.staff))
    assert response.status_code == 422 and "q" in response.json["error"]["fields"]




def test_yen_amounts_beyond_32_bits_are_kept(client, world, bearer):
    """Cost inputs go up to ¥10 billion, and NPVs sum years of them: on
    PostgreSQL a 32-bit column refused them with a 500."""
    manager = bearer(world.manager)
    task = f"/api/v1/tasks/{world.payroll_task}"
    assert client.patch(task, headers=manager, json={"effort_minutes": 600}).status_code == 200
    response = client.put(f"{task}/cost-profile", headers=manager,
                          json={"hourly_cost": 9_000_000_000, "automation_residual_share": 0,
                                "automation_build_cost": 10_000_000_000,
                                **{f"suitability_{name}": 5 for name in (
                                    "rule_based", "digital_input", "stable_process",
                                    "low_exceptions", "volume")}})
    assert response.status_code == 200, response.json
    assert response.json["hourly_cost"] == 9_000_000_000
    suggestions = client.get("/api/v1/suggestions", headers=manager)
    assert suggestions.status_code == 200
    assert any(abs(s["npv"]) > 2**31 for s in suggestions.json["items"])
