"""GET/PUT /api/v1/company and GET /api/v1/catalogue."""
from __future__ import annotations

from datetime import date

from company_catalogue_start import start_as_admin
from sqlalchemy import select

from planner.core import settings
from planner.core.extensions import db
from planner.work.models import Occurrence


def test_the_profile_has_its_defaults(client, world, bearer):
    body = client.get("/api/v1/company", headers=bearer(world.staff)).json
    assert body == {"fiscal_year_end_month": 3, "fiscal_year_start_month": 4,
                    "corporate_tax_extension_months": 0, "consumption_tax_extension": False,
                    "special_withholding": False, "special_resident_tax": False,
                    "labour_insurance_association": False, "consumption_tax_interim_filings": 0,
                    "headcount": None, "employees": None, "payroll_runs_per_month": None,
                    "journal_entries_per_month": None, "invoices_per_month": None,
                    "expense_reports_per_month": None}


def test_bad_values_are_422_naming_the_field_and_save_nothing(app, client, world, bearer):
    headers = bearer(world.admin)
    for body, name in (({"fiscal_year_end_month": 13}, "fiscal_year_end_month"),
                       ({"fiscal_year_end_month": 0}, "fiscal_year_end_month"),
                       ({"corporate_tax_extension_months": 7}, "corporate_tax_extension_months"),
                       ({"consumption_tax_interim_filings": 2}, "consumption_tax_interim_filings"),
                       ({"consumption_tax_extension": True}, "consumption_tax_extension"),
                       ({"headcount": -1}, "headcount"),
                       ({"fiscal_year_end_month": "12"}, "fiscal_year_end_month"),
                       ({"shoe_size": 3}, "shoe_size")):
        response = client.put("/api/v1/company", json=body, headers=headers)
        assert response.status_code == 422, body
        assert name in response.json["error"]["fields"], body
    with app.app_context():
        assert settings.get("fiscal_year_end_month") == 3


def test_volume_drivers_are_kept_checked_and_left_alone_when_omitted(app, client, world,
                                                                      bearer):
    headers = bearer(world.admin)
    saved = client.put("/api/v1/company", json={"employees": 140, "invoices_per_month": 320},
                       headers=headers)
    assert saved.status_code == 200
    assert (saved.json["employees"], saved.json["invoices_per_month"],
            saved.json["journal_entries_per_month"]) == (140, 320, None)
    kept = client.put("/api/v1/company", json={"journal_entries_per_month": 900},
                      headers=headers).json
    assert (kept["employees"], kept["invoices_per_month"], kept["journal_entries_per_month"]) \
        == (140, 320, 900)
    dry = client.put("/api/v1/company?dry_run=1", json={"employees": 5}, headers=headers).json
    assert dry["dry_run"] is True and dry["employees"] == 140
    for body, name in (({"employees": -1}, "employees"),
                       ({"payroll_runs_per_month": 1_000_001}, "payroll_runs_per_month"),
                       ({"expense_reports_per_month": 2.5}, "expense_reports_per_month"),
                       ({"invoices_per_month": "many"}, "invoices_per_month")):
        response = client.put("/api/v1/company", json={"employees": 7, **body},
                              headers=headers)
        assert response.status_code == 422, body
        assert name in response.json["error"]["fields"], body
    with app.app_context():
        assert settings.get("employees") == 140  # nothing half-saved
    # Back to "not known yet".
    cleared = client.put("/api/v1/company", json={"employees": None}, headers=headers).json
    assert cleared["employees"] is None


def test_staff_cannot_change_it(client, world, bearer):
    response = client.put("/api/v1/company", json={"fiscal_year_end_month": 12},
                          headers=bearer(world.staff))
    assert response.status_code == 403


def test_dry_run_lists_the_moves_then_put_applies_them(app, client, auth, world, bearer):
    task_id = start_as_admin(app, client, auth, world, "corporate-tax-interim-return")
    headers = bearer(world.admin)
    dry = client.put("/api/v1/company?dry_run=1", json={"fiscal_year_end_month": 12},
                     headers=headers)
    assert dry.status_code == 200
    assert dry.json["dry_run"] is True and dry.json["fiscal_year_end_month"] == 3
    # The March company's interim return (30 November) becomes the December one's 31 August.
    assert {"task_id": task_id, "title": "法人税・地方法人税の中間申告（3月決算）",
            "old": "2027-11-30", "new": "2027-08-31"} in dry.json["moves"]
    with app.app_context():
        assert settings.get("fiscal_year_end_month") == 3

    done = client.put("/api/v1/company", json={"fiscal_year_end_month": 12,
                                               "corporate_tax_extension_months": 1},
                      headers=headers)
    assert done.status_code == 200 and done.json["dry_run"] is False
    assert done.json["fiscal_year_end_month"] == 12 and done.json["fiscal_year_start_month"] == 1
    with app.app_context():
        dates = list(db.session.scalars(select(Occurrence.due_date).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")))
    assert dates == [date(2027, 8, 31)]
    # Fields left out keep their value.
    again = client.put("/api/v1/company", json={"headcount": 60}, headers=headers).json
    assert (again["fiscal_year_end_month"], again["corporate_tax_extension_months"],
            again["headcount"]) == (12, 1, 60)


def test_the_catalogue_follows_the_profile(client, world, bearer):
    headers = bearer(world.staff)
    items = {e["key"]: e for e in client.get("/api/v1/catalogue", headers=headers).json["items"]}
    assert {"corporate-tax-final-return", "consumption-tax-final-return",
            "withholding-tax-monthly", "bonus-payment-report"} <= set(items)
    final = items["corporate-tax-final-return"]
    assert final["applies"] is True and final["next_due"] == ["2027-05-31", "2028-05-31",
                                                              "2029-05-31"]
    assert "地方法人税法" in final["legal_basis"]
    assert items["withholding-tax-special-jan-jun"]["applies"] is False
    assert items["bonus-payment-report"]["next_due"] == []  # runs from each payment

    client.put("/api/v1/company", json={"fiscal_year_end_month": 12,
                                        "corporate_tax_extension_months": 1,
                                        "special_withholding": True},
               headers=bearer(world.admin))
    items = {e["key"]: e for e in client.get("/api/v1/catalogue", headers=headers).json["items"]}
    # 2029-03-31 is a Saturday.
    assert items["corporate-tax-final-return"]["next_due"] == ["2027-03-31", "2028-03-31",
                                                               "2029-04-02"]
    # Without the consumption tax notice, its return is still due two months after.
    assert items["consumption-tax-final-return"]["next_due"] == ["2027-03-01", "2028-02-29",
                                                                 "2029-02-28"]
    assert items["corporate-tax-interim-return"]["next_due"][0] == "2027-08-31"
    assert items["withholding-tax-special-jan-jun"]["applies"] is True
    assert items["withholding-tax-monthly"]["applies"] is False
