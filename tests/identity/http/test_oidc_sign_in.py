"""Sign-in with OpenID Connect against a real provider (node's oidc-provider on
loopback, tests/identity/oidc_provider/): the app discovers it, sends the
browser to its login form with PKCE, state and nonce, exchanges the code and
checks the ID token; the refusals are the provider's real token responses with
an ID token changed the way an attacker or a misconfiguration would."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import oidc_support
import pytest
import requests
from sqlalchemy import func, select

from config import TestConfig
from planner.core.extensions import db
from planner.identity.oidc_models import OidcLink
from planner.notifications.models import Notification
from planner.people.models.user import User

pytestmark = pytest.mark.real_clock  # the provider signs with the real clock

BASE = TestConfig.PLANNER_BASE_URL
# The app with OIDC on, and the provider for this module (tests/oidc_support.py).
app, oidc_provider, oidc_settings = (oidc_support.app, oidc_support.oidc_provider,
                                     oidc_support.oidc_settings)


def start(client) -> str:  # noqa: ANN001
    response = client.get("/login/oidc")
    assert response.status_code == 302
    return response.headers["Location"]


def callback_path(url: str) -> str:
    assert url.startswith(f"{BASE}/login/oidc/callback?"), url
    return url[len(BASE):]


def sign_in(client, provider, login: str | None):  # noqa: ANN001, ANN201
    return client.get(callback_path(provider.sign_in(start(client), login)))


def signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/my-work").status_code == 200


def people_count(ctx) -> int:  # noqa: ANN001
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(User))


def test_the_login_page_offers_the_provider(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Test IdPでログイン" in page
    assert 'href="/login/oidc"' in page


def test_the_request_carries_pkce_state_and_nonce(client, oidc_provider):
    query = parse_qs(urlsplit(start(client)).query)
    assert urlsplit(start(client)).netloc == urlsplit(oidc_provider.issuer).netloc
    assert query["code_challenge_method"] == ["S256"]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == [f"{BASE}/login/oidc/callback"]
    assert query["state"] and query["nonce"] and query["code_challenge"]


def test_an_existing_person_signs_in_and_is_linked_to_the_subject(client, ctx, world,
                                                                  oidc_provider):
    response = sign_in(client, oidc_provider, "hanako")
    assert response.status_code == 302
    assert response.headers["Location"] == "/my-work"
    page = client.get("/my-work").get_data(as_text=True)
    assert "佐藤 花子" in page
    link = db.session.scalar(select(OidcLink))
    assert (link.user_id, link.subject, link.issuer) == (world.staff, "hanako",
                                                         oidc_provider.issuer)


def test_a_linked_subject_signs_in_whatever_the_address(client, app, ctx, world,
                                                        oidc_provider):
    """Once linked, the subject decides: the account keeps its identity even
    when its address is changed here."""
    assert sign_in(client, oidc_provider, "hanako").status_code == 302
    db.session.get(User, world.staff).email = "hanako.sato@example.com"
    db.session.commit()
    browser = app.test_client()
    assert sign_in(browser, oidc_provider, "hanako").status_code == 302
    assert "佐藤 花子" in browser.get("/my-work").get_data(as_text=True)


def test_another_identity_with_a_linked_address_is_refused(client, ctx, world, oidc_provider):
    db.session.add(OidcLink(user_id=world.staff, issuer=oidc_provider.issuer,
                            subject="someone-else"))
    db.session.commit()
    response = sign_in(client, oidc_provider, "hanako")
    assert response.status_code == 403
    assert "別のアカウントに連携" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_nobody_is_created_without_just_in_time_creation(client, ctx, world, oidc_provider):
    before = people_count(ctx)
    response = sign_in(client, oidc_provider, "newcomer")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "ログインできませんでした" in page
    assert "new.person@example.com のアカウントはありません" in page
    assert people_count(ctx) == before
    assert not signed_in(client)


def test_an_unverified_address_is_refused(client, ctx, world, oidc_provider):
    response = sign_in(client, oidc_provider, "unverified")
    assert response.status_code == 403
    assert "メールアドレスを確認していない" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OidcLink)) == 0
    assert not signed_in(client)


@pytest.mark.parametrize("oidc_settings", [{"OIDC_JIT": True}])
def test_just_in_time_creation_takes_the_group_map(client, ctx, world, oidc_provider):
    response = sign_in(client, oidc_provider, "newcomer")
    assert response.status_code == 302
    db.session.rollback()
    person = db.session.scalar(select(User).where(User.email == "new.person@example.com"))
    # payroll-managers gives manager in payroll; everyone gives staff: the higher role.
    assert (person.name, person.role) == ("山田 太郎", "manager")
    assert [d.code for d in person.departments] == ["payroll"]
    assert response.headers["Location"] == "/overview"
    told = db.session.scalars(select(Notification).where(
        Notification.kind == "account_created")).all()
    assert [n.recipient_id for n in told] == [world.admin]
    assert told[0].subject == ("山田 太郎（new.person@example.com）が初めてログインし、"
                               "アカウントが作成されました（マネージャー、給与）。"
                               "「ユーザー」のページで権限と部署を確認してください。")


@pytest.mark.parametrize("oidc_settings", [{"OIDC_JIT": True}])
def test_just_in_time_creation_without_a_mapped_group_is_staff_in_no_department(
        client, ctx, world, oidc_provider):
    assert sign_in(client, oidc_provider, "unmapped").status_code == 302
    db.session.rollback()
    person = db.session.scalar(select(User).where(User.email == "plain@example.com"))
    assert (person.role, person.departments) == ("staff", [])
    told = db.session.scalar(select(Notification).where(Notification.kind == "account_created"))
    assert "部署なし" in told.subject


REFUSALS = {
    "audience": "別のアプリケーション向け",
    "expired": "有効期限が切れています",
    "nonce": "別のログイン",
    "signature": "署名が正しくありません",
}


@pytest.mark.parametrize("oidc_settings", [{"OIDC_JIT": True}])
@pytest.mark.parametrize("change", sorted(REFUSALS))
def test_a_bad_id_token_is_refused_and_nothing_is_created(client, ctx, world, oidc_provider,
                                                          change):
    """Just-in-time creation is on, so a token that got through would create
    the newcomer; the tampered one names the administrator's address."""
    before = people_count(ctx)
    oidc_provider.next_id_token(change)
    response = sign_in(client, oidc_provider, "newcomer")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "ログインできませんでした" in page
    assert REFUSALS[change] in page
    assert people_count(ctx) == before
    assert db.session.scalar(select(func.count()).select_from(OidcLink)) == 0
    assert not signed_in(client)


def test_a_replayed_callback_is_refused(client, app, ctx, world, oidc_provider):
    callback = callback_path(oidc_provider.sign_in(start(client), "hanako"))
    assert client.get(callback).status_code == 302
    # The same browser: its state was used up.
    again = client.get(callback)
    assert again.status_code == 400
    assert "既に使われたか" in again.get_data(as_text=True)
    # Another browser (whoever copied the address): no state of its own.
    other = app.test_client()
    assert other.get(callback).status_code == 400
    assert not signed_in(other)


def test_sign_out_ends_the_session_and_then_the_providers(client, auth, world, oidc_provider):
    assert sign_in(client, oidc_provider, "hanako").status_code == 302
    response = auth.logout()
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{oidc_provider.issuer}/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == [f"{BASE}/login"]
    assert not signed_in(client)
    # The provider takes the request (it asks the browser to confirm).
    assert requests.get(location, timeout=10).status_code == 200


@pytest.mark.parametrize("oidc_settings", [{"OIDC_ONLY": True,
                                            "OIDC_BREAK_GLASS_EMAIL": "Admin@example.com"}])
def test_with_passwords_off_only_the_break_glass_administrator_uses_one(client, auth, world):
    refused = auth.login("staff@example.com")
    assert refused.status_code == 200
    assert "パスワードでのログインは無効です" in refused.get_data(as_text=True)
    assert not signed_in(client)
    assert auth.login("admin@example.com").status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("oidc_settings", [{"OIDC_ISSUER": ""}])
def test_without_an_issuer_there_is_no_button_and_no_route(client):
    assert "Test IdP" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?code=x&state=y").status_code == 404


def test_cancelling_at_the_provider_is_said(client, world, oidc_provider):
    response = sign_in(client, oidc_provider, None)
    assert response.status_code == 400
    assert "認証サービスでログインが取り消されました" in response.get_data(as_text=True)
    assert not signed_in(client)


@pytest.mark.parametrize("oidc_settings", [{"OIDC_ISSUER": "http://127.0.0.1:9"}])
def test_an_unreachable_provider_is_a_page_that_says_so(client):
    response = client.get("/login/oidc")
    assert response.status_code == 502
    assert "認証サービスに接続できません" in response.get_data(as_text=True)


def test_a_deactivated_person_is_refused_and_not_linked(client, ctx, world, oidc_provider):
    db.session.get(User, world.staff).active = False
    db.session.commit()
    response = sign_in(client, oidc_provider, "hanako")
    assert response.status_code == 403
    assert "このアカウントは無効になっています" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OidcLink)) == 0
    assert not signed_in(client)
