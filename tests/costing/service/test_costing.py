"""Cost profiles and estimates through the API and the page."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.costing.models.cost_profile import CostProfile
from planner.work.models import Occurrence


def _monthly_twelve(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        from planner.tasks.models import Task

        task = db.session.get(Task, world.payroll_task)
        task.effort_minutes = 120
        count = db.session.query(Occurrence).filter_by(task_id=task.id, status="open").count()
        assert count >= 12
        db.session.commit()


def test_estimate_of_the_issue_example_through_the_api(app, client, world, bearer):
    _monthly_twelve(app, world)
    headers = bearer(world.manager)
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers,
                          json={"hourly_cost": 3000, "rework_rate": 0,
                                "automation_build_cost": 100000,
                                "automation_annual_cost": 12000,
                                "automation_residual_share": 0.25})
    assert response.status_code == 200, response.json
    assert response.json["hourly_cost"] == 3000
    estimate = client.get(f"/api/v1/tasks/{world.payroll_task}/estimate", headers=headers).json
    assert estimate["occurrences_per_year"] == 12
    assert estimate["in_house"] == {"annual_cost": 72000}
    automation = estimate["automation"]
    # Explicit figures give exactly the old results.
    assert {name: automation[name] for name in (
        "one_off_cost", "annual_cost", "annual_saving", "payback_months", "npv",
        "hours_freed")} == {"one_off_cost": 100000, "annual_cost": 30000,
                            "annual_saving": 42000, "payback_months": 28.6, "npv": 18802,
                            "hours_freed": 18.0}
    # The registered 120 minutes are a guess: ±20 %, 96 to 144 minutes. The saving's low
    # end 12 × 1.6 h × 3,000 × 0.75 − 12,000 = 31,200; high 12 × 2.4 h × … = 52,800.
    assert automation["range"]["annual_saving"] == {"low": 31200, "typical": 42000,
                                                    "high": 52800}
    assert automation["range"]["one_off_cost"] == {"low": 100000, "typical": 100000,
                                                   "high": 100000}
    assert automation["verdict"] == "robust"
    assert automation["potential"] == 0.75 and automation["ease"] is None
    assert automation["break_even_build_cost"] == 118802  # 42,000 × Σ 1.03⁻ᵗ, t = 1…3
    basis = {b["input"]: b["source"] for b in estimate["basis"]}
    assert basis["effort_minutes"] == "registered"
    assert basis["automation_build_cost"] == basis["automation_residual_share"] == "explicit"
    # A tax payment no price-book item fits: no outsourcing figure, rather than ¥0.
    assert estimate["outsourcing"] is None and estimate["outsourcing_gap"] == "no_price"


def test_bad_inputs_are_rejected_with_the_field_named(app, client, world, bearer):
    headers = bearer(world.manager)
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers,
                          json={"hourly_cost": -1, "automation_residual_share": 1.5,
                                "rework_rate": "lots"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"hourly_cost",
                                                     "automation_residual_share",
                                                     "rework_rate"}
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers,
                          json={"outsourcing_transition_cost": 50000})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["outsourcing_fee_per_occurrence"]
    with app.app_context():
        assert db.session.scalar(select(CostProfile.id)) is None


def test_department_defaults_are_inherited(app, client, world, bearer):
    from planner.costing.operations import save_department_defaults

    with app.app_context():
        save_department_defaults({"hourly_cost": 4500}, world.payroll)
        db.session.commit()
    body = client.get(f"/api/v1/tasks/{world.payroll_task}/cost-profile",
                      headers=bearer(world.staff)).json
    assert body["hourly_cost"] is None and body["effective"]["hourly_cost"] == 4500


def test_staff_cannot_change_cost_profiles(client, world, bearer):
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile",
                          headers=bearer(world.staff), json={"hourly_cost": 1})
    assert response.status_code == 403


def test_cost_page_shows_the_estimate_and_field_errors(app, client, auth, world):
    _monthly_twelve(app, world)
    auth.login("manager@example.com")
    token = auth.csrf_token(f"/tasks/{world.payroll_task}/cost")
    response = client.post(f"/tasks/{world.payroll_task}/cost", data={
        "csrf_token": token, "hourly_cost": "3000", "automation_build_cost": "100000",
        "automation_annual_cost": "12000", "automation_residual_share": "1.5"})
    assert response.status_code == 400
    assert 'id="automation_residual_share-error"' in response.get_data(as_text=True)
    response = client.post(f"/tasks/{world.payroll_task}/cost", data={
        "csrf_token": token, "hourly_cost": "3000", "automation_build_cost": "100000",
        "automation_annual_cost": "12000", "automation_residual_share": "0.25"})
    assert response.status_code == 302
    page = client.get(f"/tasks/{world.payroll_task}/cost").get_data(as_text=True)
    assert "¥72,000" in page and "¥18,802" in page and "28.6" in page
    # The range, how robust the saving is and what would change it, in the user's words.
    assert ("自動化により年¥31,200〜¥52,800（標準¥42,000）削減できます。"
            "価格が高い場合でも削減になります。") in page
    assert "開発費が¥118,802未満であれば、評価期間内に回収できます。" in page
    # Where each figure comes from; and no outsourcing figure invented for a tax payment.
    assert '<tr data-input="automation_build_cost"><th>自動化の開発費</th>' in page
    assert "この業務に入力した値" in page and "登録した作業時間" in page
    assert 'id="no-reference-price"' in page


def test_the_cost_page_names_the_price_book_item_and_its_source(app, client, auth, world):
    _monthly_twelve(app, world)
    with app.app_context():
        from planner.core import settings
        from planner.tasks.models import Task

        db.session.get(Task, world.payroll_task).category = "payroll"
        settings.put("employees", 120)
        db.session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/tasks/{world.payroll_task}/cost").get_data(as_text=True)
    assert 'data-option="outsourcing"' in page and 'id="no-reference-price"' not in page
    assert "価格表：給与計算代行" in page and "2026年12月6日" in page
    # 12 × 2 h × ¥3,000 = ¥72,000 in-house: below the base fee, no unit price breaks even.
    assert "委託料が年¥72,000未満であれば、費用を削減できます。" in page
    assert "に相当します" not in page
    assert 'data-verdict="automation"' not in page  # nothing prices automation yet


def test_admin_sets_department_defaults_that_tasks_inherit(app, client, auth, world, bearer):
    auth.login("admin@example.com")
    token = auth.csrf_token(f"/admin/departments/{world.payroll}/costs")
    response = client.post(f"/admin/departments/{world.payroll}/costs", data={
        "csrf_token": token, "hourly_cost": "-5"})
    assert 'id="hourly_cost-error"' in response.get_data(as_text=True)
    client.post(f"/admin/departments/{world.payroll}/costs", data={
        "csrf_token": token, "hourly_cost": "5200"})
    body = client.get(f"/api/v1/tasks/{world.payroll_task}/cost-profile",
                      headers=bearer(world.manager)).json
    assert body["effective"]["hourly_cost"] == 5200


def test_a_price_book_key_that_does_not_exist_is_refused_by_name(app, client, world, bearer):
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile",
                          headers=bearer(world.manager),
                          json={"outsourcing_price_item": "lorry_hire", "hourly_cost": 4000})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["outsourcing_price_item"]
    with app.app_context():
        assert db.session.scalar(select(CostProfile.id)) is None
    response = client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile",
                          headers=bearer(world.manager),
                          json={"outsourcing_price_item": "year_end_adjustment"})
    assert response.status_code == 200
    assert response.json["outsourcing_price_item"] == "year_end_adjustment"
