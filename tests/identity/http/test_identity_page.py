"""The administrators' identity page and `planner scim-tokens`."""
from __future__ import annotations

import re

from sqlalchemy import select

from planner.core.extensions import db
from planner.identity import tokens
from planner.identity.models import ScimToken


def test_settings_show_oidc_names_and_never_a_secret(client, auth, world, monkeypatch):
    monkeypatch.setenv("OIDC_ISSUER", "https://login.example.com/tenant/v2.0")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "very-secret-value")
    auth.login("admin@example.com")
    page = client.get("/admin/identity").get_data(as_text=True)
    assert "OIDC_ISSUER" in page and "https://login.example.com/tenant/v2.0" in page
    assert "OIDC_CLIENT_SECRET" in page and "very-secret-value" not in page


def test_the_role_group_map_is_shown_read_only(app, client, auth, world):
    auth.login("admin@example.com")
    page = client.get("/admin/identity").get_data(as_text=True)
    assert "SCIM_ROLE_GROUPS が設定されていません" in page
    app.config["SCIM_ROLE_GROUPS"] = '{"Planner managers": "manager", "0b7f-id": "admin"}'
    page = client.get("/admin/identity").get_data(as_text=True)
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    assert ("0b7f-id", "管理者") in rows and ("Planner managers", "マネージャー") in rows
    assert 'name="scim_role_groups"' not in page  # nothing to edit


def test_an_administrator_creates_sees_once_and_revokes_a_token(app, client, auth, world):
    auth.login("admin@example.com")
    csrf = auth.csrf_token("/admin/identity")
    created = client.post("/admin/identity", data={"name": "entra", "csrf_token": csrf})
    assert created.status_code == 200
    shown = re.search(r'<code class="token">(scim_[^<]+)</code>', created.get_data(as_text=True))
    assert shown
    with app.app_context():
        assert tokens.authenticate(shown.group(1)).name == "entra"
        token_id = db.session.scalar(select(ScimToken.id))
    again = client.get("/admin/identity").get_data(as_text=True)
    assert "entra" in again and shown.group(1) not in again  # shown once

    duplicate = client.post("/admin/identity", data={"name": "entra", "csrf_token": csrf})
    assert duplicate.status_code == 400 and "field-error" in duplicate.get_data(as_text=True)

    refused = client.post(f"/admin/identity/tokens/{token_id}/revoke")  # no CSRF token
    assert refused.status_code in (302, 400)
    with app.app_context():
        assert db.session.get(ScimToken, token_id).revoked_at is None
    revoked = client.post(f"/admin/identity/tokens/{token_id}/revoke",
                          data={"csrf_token": csrf})
    assert revoked.status_code == 302
    with app.app_context():
        assert tokens.authenticate(shown.group(1)) is None


def test_the_last_scim_requests_are_listed(app, client, auth, world):
    client.get("/scim/v2/Users", headers={"Authorization": "Bearer scim_nothing"})
    auth.login("admin@example.com")
    page = client.get("/admin/identity").get_data(as_text=True)
    assert "/scim/v2/Users" in page and "401" in page


def test_only_administrators_reach_the_page(client, auth, world):
    auth.login("manager@example.com")
    assert client.get("/admin/identity").status_code == 403


def test_the_command_prints_a_token_once_lists_and_revokes(app, runner, world):
    created = runner.invoke(args=["scim-tokens", "create", "google"])
    assert created.exit_code == 0
    plaintext = created.output.strip()
    assert plaintext.startswith("scim_")
    with app.app_context():
        assert tokens.authenticate(plaintext).name == "google"
    listed = runner.invoke(args=["scim-tokens", "list"])
    assert "google" in listed.output and plaintext not in listed.output
    assert runner.invoke(args=["scim-tokens", "create", "google"]).exit_code == 1
    assert runner.invoke(args=["scim-tokens", "revoke", "google"]).exit_code == 0
    assert runner.invoke(args=["scim-tokens", "revoke", "google"]).exit_code == 1
    with app.app_context():
        assert tokens.authenticate(plaintext) is None
