"""The sign-off on the pages: the occurrence page's forms, "my work"'s sections."""
from __future__ import annotations

from signoff_support import signoff_fixture  # noqa: F401 - the `signoff` fixture
from sqlalchemy import select

from planner.core.extensions import db
from planner.signoff.models import OccurrenceReview
from planner.work.models import Occurrence


def _page(client, signoff) -> str:  # noqa: ANN001
    response = client.get(f"/occurrences/{signoff.occurrence}/done")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _prepare(client, auth, signoff) -> None:  # noqa: ANN001
    auth.login("staff@example.com")
    csrf = auth.csrf_token(f"/occurrences/{signoff.occurrence}/done")
    response = client.post(f"/occurrences/{signoff.occurrence}/complete",
                           data={"csrf_token": csrf, "minutes": "120", "note": "計算済み",
                                 "next": f"/occurrences/{signoff.occurrence}/done"})
    assert response.status_code == 302
    auth.logout()


def _status(app, signoff) -> str:  # noqa: ANN001
    with app.app_context():
        return db.session.get(Occurrence, signoff.occurrence).status


def test_the_done_button_asks_for_review_and_the_preparer_gets_no_review_form(
        client, auth, app, signoff):
    auth.login("staff@example.com")
    page = _page(client, signoff)
    assert "確認依頼" in page
    assert client.get("/my-work").get_data(as_text=True).count("確認依頼") >= 1
    auth.logout()
    _prepare(client, auth, signoff)
    assert _status(app, signoff) == "prepared"
    auth.login("staff@example.com")
    page = _page(client, signoff)
    assert 'id="signoff"' in page and 'id="approve-form"' not in page


def test_the_reviewer_approves_from_the_occurrence_page(client, auth, app, signoff):
    _prepare(client, auth, signoff)
    auth.login("reviewer@example.com")
    assert 'id="work-to-review"' in client.get("/my-work").get_data(as_text=True)
    page = _page(client, signoff)
    assert 'id="approve-form"' in page and 'id="return-form"' in page
    csrf = auth.csrf_token(f"/occurrences/{signoff.occurrence}/done")
    response = client.post(f"/occurrences/{signoff.occurrence}/review",
                           data={"csrf_token": csrf, "decision": "approve"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/occurrences/{signoff.occurrence}/done")
    assert _status(app, signoff) == "done"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "伊藤 健太" in page and 'id="approve-form"' not in page


def test_a_return_shows_its_comment_to_the_preparer(client, auth, app, signoff):
    _prepare(client, auth, signoff)
    auth.login("reviewer@example.com")
    csrf = auth.csrf_token(f"/occurrences/{signoff.occurrence}/done")
    silent = client.post(f"/occurrences/{signoff.occurrence}/review",
                         data={"csrf_token": csrf, "decision": "return", "comment": ""},
                         follow_redirects=True)
    assert silent.status_code == 200 and _status(app, signoff) == "prepared"
    assert 'role="alert"' in silent.get_data(as_text=True) or "flash" in silent.get_data(
        as_text=True)
    client.post(f"/occurrences/{signoff.occurrence}/review",
                data={"csrf_token": csrf, "decision": "return", "comment": "賞与の控除が漏れています"})
    assert _status(app, signoff) == "open"
    auth.logout()
    auth.login("staff@example.com")
    assert "賞与の控除が漏れています" in _page(client, signoff)
    my_work = client.get("/my-work").get_data(as_text=True)
    assert 'id="work-returned"' in my_work and "賞与の控除が漏れています" in my_work


def test_the_preparer_is_refused_on_the_page_and_nothing_is_saved(client, auth, app, signoff):
    _prepare(client, auth, signoff)
    auth.login("staff@example.com")
    csrf = auth.csrf_token(f"/occurrences/{signoff.occurrence}/done")
    response = client.post(f"/occurrences/{signoff.occurrence}/review",
                           data={"csrf_token": csrf, "decision": "approve"})
    assert response.status_code == 302
    assert _status(app, signoff) == "prepared"
    with app.app_context():
        assert db.session.scalars(select(OccurrenceReview)).all() == []


def test_without_csrf_the_review_is_refused(client, auth, app, signoff):
    _prepare(client, auth, signoff)
    auth.login("reviewer@example.com")
    response = client.post(f"/occurrences/{signoff.occurrence}/review",
                           data={"decision": "approve"})
    assert response.status_code == 400
    assert _status(app, signoff) == "prepared"


def test_my_work_asks_no_more_queries_for_more_to_review(client, auth, app, signoff,
                                                         count_queries, bearer):
    headers = bearer(signoff.reviewer)

    def measured() -> int:
        client.get("/api/v1/my-work", headers=headers)
        with count_queries() as statements:
            assert client.get("/api/v1/my-work", headers=headers).status_code == 200
        return len(statements)

    _prepare(client, auth, signoff)
    one = measured()
    with app.app_context():
        for occurrence in db.session.scalars(
                select(Occurrence).where(Occurrence.task_id == signoff.task,
                                         Occurrence.status == "open").limit(4)):
            occurrence.status, occurrence.prepared_by_id = "prepared", signoff.admin
        db.session.commit()
    assert measured() == one
