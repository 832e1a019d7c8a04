"""Where links point when PLANNER_BASE_URL is not set: the address the app
is served on (a request's own, else the one `planner run` listens on)."""
from __future__ import annotations

import pytest

from planner.core.urls import FALLBACK, base_url, served_url


@pytest.fixture
def unset(app):  # noqa: ANN001, ANN201
    app.config["PLANNER_BASE_URL"] = ""
    return app


def test_a_set_base_url_wins(app):
    app.config["PLANNER_BASE_URL"] = "https://planner.example.jp/"
    with app.test_request_context("/", base_url="http://elsewhere:8000"):
        assert base_url() == "https://planner.example.jp"
        assert base_url(from_request=False) == "https://planner.example.jp"


def test_a_request_gives_its_own_address(unset):
    with unset.test_request_context("/", base_url="http://127.0.0.1:5123"):
        assert base_url() == "http://127.0.0.1:5123"


def test_an_email_never_takes_the_request_s_host(unset):
    unset.config["PLANNER_SERVED_URL"] = served_url("127.0.0.1", 5123)
    with unset.test_request_context("/", base_url="http://attacker.example"):
        assert base_url(from_request=False) == "http://127.0.0.1:5123"


def test_a_job_takes_the_served_port(unset):
    with unset.app_context():
        assert base_url() == FALLBACK
        unset.config["PLANNER_SERVED_URL"] = served_url("127.0.0.1", 5123)
        assert base_url() == "http://127.0.0.1:5123"


def test_served_url_of_each_kind_of_host():
    assert served_url("localhost", 8080) == "http://localhost:8080"
    assert served_url("::1", 5000) == "http://[::1]:5000"
    assert "0.0.0.0" not in served_url("0.0.0.0", 5000)  # noqa: S104


def test_the_calendar_feed_links_to_the_port_it_was_fetched_on(unset, client, ctx, world):
    from planner.core.extensions import db
    from planner.people import tokens
    from planner.people.models.user import User

    _, secret = tokens.create_token(db.session.get(User, world.staff), "calendar",
                                    kind=tokens.CALENDAR)
    db.session.commit()
    feed = client.get(f"/feeds/{secret}.ics", base_url="http://127.0.0.1:5123")
    assert feed.status_code == 200
    text = feed.get_data(as_text=True).replace("\r\n ", "")
    assert "http://127.0.0.1:5123/tasks/" in text and ":5000" not in text
