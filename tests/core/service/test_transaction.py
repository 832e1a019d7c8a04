"""The one transaction boundary (core/transaction.py): what a request, a
command and a job leave in the database when they answer, refuse or fail."""
from __future__ import annotations

import logging

import click
import pytest
from flask import Flask

from planner.core.access import public
from planner.core.errors import N_, ValidationError
from planner.core.extensions import db
from planner.core.setting import Setting
from planner.core.transaction import ReadWroteError, abandon, command_transaction, job_transaction


def _saved(app: Flask, key: str) -> bool:
    with app.app_context():
        found = db.session.get(Setting, key) is not None
        db.session.remove()
        return found


def _write(key: str) -> None:
    db.session.add(Setting(key=key, value=1))
    db.session.flush()


@pytest.fixture
def routes(app: Flask) -> Flask:
    """Views that write, then answer in each way a view can."""
    app.config["WTF_CSRF_ENABLED"] = False

    @public
    def answered(key: str):  # noqa: ANN202
        _write(key)
        return "ok"

    @public
    def refused(key: str):  # noqa: ANN202
        _write(key)
        return "no", 400

    @public
    def raised(key: str):  # noqa: ANN202
        _write(key)
        raise ValidationError.single("key", N_("refused"))

    @public
    def abandoned(key: str):  # noqa: ANN202
        _write(key)
        abandon()  # a dry run: shown, not kept
        return "dry run"

    for view in (answered, refused, raised, abandoned):
        app.add_url_rule(f"/_test/{view.__name__}/<key>", view.__name__, view,
                         methods=["GET", "POST"])
    return app


def test_a_request_that_answers_is_committed_once(routes, client):
    assert client.post("/_test/answered/a").status_code == 200
    assert _saved(routes, "a")


def test_an_error_answer_or_a_refusal_saves_nothing(routes, client):
    assert client.post("/_test/refused/b").status_code == 400
    assert client.post("/_test/raised/c").status_code == 400
    assert client.post("/_test/abandoned/d").status_code == 200
    assert not any(_saved(routes, key) for key in "bcd")


def test_a_read_that_writes_is_a_bug_the_suite_sees_and_nothing_is_saved(routes, client):
    with pytest.raises(ReadWroteError, match="GET /_test/answered/e"):
        client.get("/_test/answered/e")
    assert not _saved(routes, "e")


def test_outside_the_suite_a_read_that_writes_is_logged_and_not_saved(routes, client, caplog):
    routes.testing = False
    assert client.get("/_test/answered/f").status_code == 200
    assert not _saved(routes, "f")
    assert "GET /_test/answered/f flushed a write" in caplog.text


def test_a_command_commits_when_it_returns_and_tells_bad_input_on_stderr(app, runner):
    @app.cli.command("_test-write")
    @click.argument("key")
    @click.option("--fail", is_flag=True)
    @command_transaction
    def write(key: str, fail: bool) -> None:
        _write(key)
        if fail:
            raise ValidationError.single("key", N_("This key is refused."))

    assert runner.invoke(args=["_test-write", "f"]).exit_code == 0
    refused = runner.invoke(args=["_test-write", "g", "--fail"])
    assert refused.exit_code == 1 and "This key is refused." in refused.output
    assert _saved(app, "f") and not _saved(app, "g")


def test_a_job_commits_its_run_and_a_failing_run_saves_nothing(app, caplog):
    def failing() -> None:
        _write("i")
        raise RuntimeError("boom")

    job_transaction(app, "writes", lambda: _write("h"))
    with caplog.at_level(logging.ERROR, logger="planner.jobs"):
        job_transaction(app, "fails", failing)
    assert _saved(app, "h") and not _saved(app, "i")
    assert "job fails failed" in caplog.text


def test_the_actor_of_a_request_or_command_does_not_outlive_it(app, client, auth, world):
    from sqlalchemy import select

    from planner.core.audit_entry import AuditEntry

    auth.login("admin@example.com")
    assert client.get("/my-work").status_code == 200
    with app.app_context():
        # A write after the request, by nobody in particular (a job, say).
        db.session.add(Setting(key="after_the_request", value=1))
        db.session.commit()
        actor = db.session.scalar(select(AuditEntry.actor_id).where(
            AuditEntry.entity_id == "after_the_request"))
    assert actor is None
