"""/admin/price-book/: managers read it, administrators change prices and automation figures."""
from __future__ import annotations

import re

from planner.core import settings
from planner.core.extensions import db
from planner.costing.models.price_override import PriceOverride

PAGE = "/admin/price-book/"


def _token(page: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page)
    assert match, name
    return match.group(1)


def test_managers_read_the_page_staff_do_not(client, auth, world):
    auth.login("staff@example.com")
    assert client.get(PAGE).status_code == 403
    auth.logout()
    auth.login("manager@example.com")
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "価格表" in page and 'data-key="payroll"' in page and "確認" in page
    assert "自動化の単価" in page
    assert "この価格を保存" not in page  # reading only
    token = auth.csrf_token("/account/")
    assert client.post(f"{PAGE}items/payroll", data={"csrf_token": token}).status_code == 403


def test_an_administrator_changes_a_price_with_errors_next_to_the_field(app, client, auth,
                                                                          world):
    auth.login("admin@example.com")
    page = client.get(PAGE).get_data(as_text=True)
    assert "この価格を保存" in page and "価格表" in page
    token = _token(page, "payroll-csrf_token")
    for (low, typical, high), field, message in ((("-5", "900", "800"), "low",
                                                  "¥0〜¥10,000,000,000"),
                                                 (("500", "900", "800"), "high",
                                                  "上限は標準以上")):
        response = client.post(f"{PAGE}items/payroll", data={
            "payroll-csrf_token": token, "payroll-low": low, "payroll-typical": typical,
            "payroll-high": high})
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert f'id="payroll-{field}-error"' in page and message in page
    with app.app_context():
        assert db.session.get(PriceOverride, "payroll") is None  # nothing half-saved

    response = client.post(f"{PAGE}items/payroll", data={
        "payroll-csrf_token": token, "payroll-low": "500", "payroll-typical": "900",
        "payroll-high": "1100"})
    assert response.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "高橋 管理が変更" in page and "¥900" in page and "標準の価格に戻す" in page

    reset = client.post(f"{PAGE}items/payroll/reset", data={"csrf_token": token})
    assert reset.status_code == 302
    with app.app_context():
        assert db.session.get(PriceOverride, "payroll") is None
    assert client.post(f"{PAGE}items/astrology",
                       data={"astrology-csrf_token": token}).status_code == 404


def test_the_automation_figures_form(app, client, auth, world):
    auth.login("admin@example.com")
    page = client.get(PAGE).get_data(as_text=True)
    token = _token(page, "csrf_token")
    response = client.post(f"{PAGE}automation", data={
        "csrf_token": token, "automation_maintenance_share": "1.5",
        "automations_per_licence": "3"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="automation_maintenance_share-error"' in page and "0〜1の割合" in page
    with app.app_context():
        assert settings.get("automations_per_licence") is None
    response = client.post(f"{PAGE}automation", data={
        "csrf_token": token, "automation_maintenance_share": "0.2",
        "automations_per_licence": "3"})
    assert response.status_code == 302
    with app.app_context():
        assert settings.get("automations_per_licence") == 3
        assert settings.get("automation_maintenance_share") == "0.2"
