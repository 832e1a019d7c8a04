from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.people import operations as users
from planner.people.models.session import UserSession
from planner.people.models.user import User


def test_login_page_is_japanese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="ja"' in page
    assert "ログイン" in page


def test_login_page_follows_accept_language_for_anonymous(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.8"}).get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Sign in" in page


def test_sign_in_and_out(client, auth, world):
    response = auth.login("staff@example.com")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my-work")
    assert client.get("/tasks/").status_code == 200
    auth.logout()
    assert client.get("/tasks/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, auth, world):
    wrong = auth.login("staff@example.com", "not the password").get_data(as_text=True)
    unknown = auth.login("nobody@example.com", "not the password").get_data(as_text=True)
    message = "メールアドレスまたはパスワードが正しくありません。"
    assert message in wrong and message in unknown


def test_deactivated_person_cannot_sign_in_and_is_signed_out(app, client, auth, world):
    auth.login("staff@example.com")
    with app.app_context():
        users.update_person(db.session.get(User, world.staff), users.PersonData(
            email="staff@example.com", name="佐藤 花子", department_ids=[world.payroll],
            active=False))
        db.session.commit()
        ended = db.session.scalars(select(UserSession.ended_at).where(
            UserSession.user_id == world.staff)).all()
    assert ended and all(ended)  # every session of theirs is over, not only refused
    assert client.get("/tasks/").status_code == 302
    assert client.get("/api/v1/my-work").status_code == 401
    response = auth.login("staff@example.com")
    assert response.status_code == 200  # the form again, with the generic message


def test_login_without_csrf_token_is_refused(client, world):
    response = client.post("/login", data={"email": "staff@example.com", "password": "x"})
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_samesite(client, auth, world):
    response = auth.login("staff@example.com")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_next_parameter_cannot_leave_the_site(client, auth, world):
    token = auth.csrf_token("/login")
    response = client.post("/login?next=//evil.example/", data={
        "email": "staff@example.com", "password": "correct horse battery", "csrf_token": token})
    assert response.headers["Location"] == "/my-work"


def test_language_switch_is_remembered_for_the_person(app, client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/tasks/")
    client.post("/language", data={"language": "en", "next": "/tasks/", "csrf_token": token})
    with app.app_context():
        assert db.session.get(User, world.staff).language == "en"
    page = client.get("/tasks/").get_data(as_text=True)
    assert "Task registry" in page


def test_security_headers(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"

