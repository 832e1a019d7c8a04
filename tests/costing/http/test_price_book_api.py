"""GET /api/v1/price-book, PUT/DELETE /api/v1/price-book/{key} and the automation figures."""
from __future__ import annotations

from planner.core import settings
from planner.core.extensions import db
from planner.costing.models.price_override import PriceOverride


def _payroll(client, headers) -> dict:  # noqa: ANN001
    items = client.get("/api/v1/price-book", headers=headers).json["items"]
    return next(item for item in items if item["key"] == "payroll")


def test_anyone_signed_in_reads_the_price_book(client, world, bearer):
    response = client.get("/api/v1/price-book", headers=bearer(world.staff))
    assert response.status_code == 200
    body = response.json
    assert body["total"] == len(body["items"]) >= 1
    payroll = next(item for item in body["items"] if item["key"] == "payroll")
    assert payroll["title"] == payroll["title_ja"]  # the staff member reads Japanese
    assert payroll["driver"] == "employees" and "payroll" in payroll["categories"]
    assert payroll["low"] <= payroll["typical"] <= payroll["high"]
    assert isinstance(payroll["low"], int)
    assert payroll["shipped"] == {k: payroll[k] for k in ("low", "typical", "high")}
    assert payroll["overridden"] is False and payroll["overridden_by"] is None
    assert len(payroll["seen_on"]) == 10 and payroll["source"]


def test_an_administrator_sets_a_price_and_resets_it(app, client, world, bearer):
    headers = bearer(world.admin)
    response = client.put("/api/v1/price-book/payroll",
                          json={"low": 700, "typical": 900, "high": 1300,
                                "base": {"low": 0, "typical": 10000, "high": 20000}},
                          headers=headers)
    assert response.status_code == 200, response.json
    body = response.json
    assert (body["low"], body["typical"], body["high"]) == (700, 900, 1300)
    assert body["base"] == {"low": 0, "typical": 10000, "high": 20000}
    assert body["overridden"] is True and body["overridden_by"] == "高橋 管理"
    assert body["overridden_at"].endswith("+00:00")
    assert body["shipped"] != {"low": 700, "typical": 900, "high": 1300}
    assert _payroll(client, bearer(world.staff))["typical"] == 900

    reset = client.delete("/api/v1/price-book/payroll", headers=headers)
    assert reset.status_code == 200 and reset.json["overridden"] is False
    assert reset.json["typical"] == reset.json["shipped"]["typical"]
    with app.app_context():
        assert db.session.get(PriceOverride, "payroll") is None


def test_only_administrators_change_prices(client, world, bearer):
    for person in (world.manager, world.staff):
        response = client.put("/api/v1/price-book/payroll",
                              json={"low": 1, "typical": 2, "high": 3}, headers=bearer(person))
        assert response.status_code == 403
        assert client.delete("/api/v1/price-book/payroll",
                             headers=bearer(person)).status_code == 403
        assert client.put("/api/v1/automation-rates", json={"automations_per_licence": 2},
                          headers=bearer(person)).status_code == 403


def test_an_unknown_key_is_a_404(client, world, bearer):
    headers = bearer(world.admin)
    response = client.put("/api/v1/price-book/astrology", json={"low": 1, "typical": 2,
                                                                "high": 3}, headers=headers)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert "astrology" in response.json["error"]["message"]
    assert client.delete("/api/v1/price-book/astrology", headers=headers).status_code == 404


def test_bad_prices_are_422_naming_the_field_and_save_nothing(app, client, world, bearer):
    headers = bearer(world.admin)
    for body, name in (({"low": -1, "typical": 2, "high": 3}, "low"),
                       ({"low": 5, "typical": 2, "high": 3}, "typical"),
                       ({"low": 1, "typical": 4, "high": 3}, "high"),
                       ({"low": 1, "typical": 2, "high": 10**11}, "high"),
                       ({"low": 1, "typical": 2}, "high"),
                       ({"low": "1", "typical": 2, "high": 3}, "low"),
                       ({"low": 1, "typical": 2, "high": 3, "base": {"low": 3, "typical": 2,
                                                                     "high": 1}},
                        "base.typical"),
                       ({"low": 1, "typical": 2, "high": 3, "base": {"low": -1, "typical": 2,
                                                                     "high": 3}},
                        "base.low"),
                       ({"low": 1, "typical": 2, "high": 3, "base": 5}, "base"),
                       ({"low": 1, "typical": 2, "high": 3, "base_low": 5}, "base_low"),
                       ({"low": 1, "typical": 2, "high": 3, "colour": "red"}, "colour")):
        response = client.put("/api/v1/price-book/payroll", json=body, headers=headers)
        assert response.status_code == 422, body
        assert name in response.json["error"]["fields"], (body, response.json)
    assert client.put("/api/v1/price-book/payroll", data="[",
                      headers={**headers, "Content-Type": "application/json"}
                      ).status_code in (400, 422)
    with app.app_context():
        assert db.session.get(PriceOverride, "payroll") is None


def test_the_automation_figures_are_read_and_changed(app, client, world, bearer):
    body = client.get("/api/v1/automation-rates", headers=bearer(world.staff)).json
    shipped = body["shipped"]
    assert body["day_rate"] == shipped["day_rate"] and body["source"]
    assert all(value is None for value in body["overrides"].values())
    headers = bearer(world.admin)
    changed = client.put("/api/v1/automation-rates",
                         json={"automation_maintenance_share": 0.25,
                               "automations_per_licence": 2}, headers=headers)
    assert changed.status_code == 200, changed.json
    assert changed.json["maintenance_share"] == 0.25
    assert changed.json["automations_per_licence"] == 2
    kept = client.put("/api/v1/automation-rates", json={"automations_per_licence": None},
                      headers=headers).json
    assert kept["maintenance_share"] == 0.25  # left out: kept
    assert kept["automations_per_licence"] == shipped["automations_per_licence"]
    for bad, name in (({"automation_maintenance_share": 1.5}, "automation_maintenance_share"),
                      ({"automation_day_rate_low": -1}, "automation_day_rate_low"),
                      ({"automation_day_rate_low": shipped["day_rate"]["high"] + 1},
                       "automation_day_rate_typical"),
                      ({"automations_per_licence": 0}, "automations_per_licence"),
                      ({"speed": 3}, "speed")):
        response = client.put("/api/v1/automation-rates", json=bad, headers=headers)
        assert response.status_code == 422, bad
        assert name in response.json["error"]["fields"], bad
    with app.app_context():
        assert settings.get("automation_day_rate_low") is None
        assert settings.get("automation_maintenance_share") == "0.25"
