"""The one place a request and a command commit (Indico's `RH.process`).

Views, API handlers and operations flush and never commit. The request ends
here: a view that answered (status below 400) has its work committed once; an
error answer or an exception saves nothing, since whatever was flushed is
rolled back (an exception leaves it to the session's removal at teardown).
A periodic job (`job_transaction`) and a `planner` command
(`command_transaction`) have the same boundary.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import click
from flask import Flask, g, has_app_context, request
from flask.typing import ResponseReturnValue
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.core import audit
from planner.core.db import database_unavailable
from planner.core.errors import DomainError
from planner.core.extensions import db

log = logging.getLogger("planner.jobs")
request_log = logging.getLogger("planner.requests")
P = ParamSpec("P")
R = TypeVar("R")


# A read writes nothing, so it has nothing to commit; and committing would
# expire every loaded object under a streamed response (an export) that is
# still reading them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadWroteError(RuntimeError):
    """A GET, HEAD or OPTIONS request flushed a write: a bug, never saved."""


class TransactionalFlask(Flask):
    """Flask whose every view runs inside the request's one transaction."""

    def dispatch_request(self) -> ResponseReturnValue:
        response = self.make_response(super().dispatch_request())
        if request.method in SAFE_METHODS and not _commits_on_get(self):
            if has_uncommitted_writes():
                # Never saved; the suite fails on it, a user gets the page.
                db.session.rollback()
                request_log.error("%s %s flushed a write, rolled back",
                                  request.method, request.path)
                if self.testing:
                    raise ReadWroteError(f"{request.method} {request.path} flushed a write")
        elif response.status_code >= 400:
            db.session.rollback()
        else:
            db.session.commit()
        return response

    def do_teardown_request(self, exc: BaseException | None = None) -> None:
        # The actor and the channel (a SCIM token) live in context variables
        # of the serving thread: cleared here, a request or command after this
        # one cannot write in its name.
        audit.clear_attribution()
        super().do_teardown_request(exc)


def commits_on_get(view: Callable[P, R]) -> Callable[P, R]:
    """The one kind of GET that writes: a sign-in provider's redirect back
    (OpenID Connect's callback), which signs a person in and may link or create
    their account. It commits like a POST; the state it checks, bound to the
    browser's session, is what a POST's CSRF token is elsewhere."""
    view.commits_on_get = True  # type: ignore[attr-defined]
    return view


def _commits_on_get(app: Flask) -> bool:
    rule = request.url_rule
    view = app.view_functions.get(rule.endpoint) if rule is not None else None
    return bool(getattr(view, "commits_on_get", False))


_UNCOMMITTED = "transaction_uncommitted_writes"


def has_uncommitted_writes() -> bool:
    """Whether this request or job has flushed writes not yet committed (a read
    that has is refused at the boundary, and figures computed meanwhile are
    not remembered by planner.core.memo)."""
    return bool(g.get(_UNCOMMITTED))


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context: object) -> None:
    if has_app_context():
        g.setdefault(_UNCOMMITTED, True)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _note_end(session: Session) -> None:
    if has_app_context():
        g.pop(_UNCOMMITTED, None)


def abandon() -> None:
    """The use case was refused: undo what it flushed now, so the page or the
    redirect that tells the user why is made from the saved data, and the
    request's commit saves none of it (a dry run ends the same way)."""
    db.session.rollback()


def job_transaction(app: Flask, name: str, run: Callable[[], object]) -> None:
    """One run of a periodic job: commit on success, roll back on error.

    Nothing escapes to APScheduler: while the database is down or restarting
    a run fails with a one-line warning and the next run (the pool checks its
    connections before use) carries on where the last one stopped."""
    with app.app_context(), audit.automatic():
        try:
            run()
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - a job must not kill the scheduler
            try:
                db.session.rollback()
            except Exception:  # noqa: BLE001 - the connection may be gone
                log.debug("rollback after a failed job", exc_info=True)
            if database_unavailable(error):
                log.warning("job %s: database unavailable, retried at its next run: %s",
                            name, str(error).splitlines()[0])
            else:
                log.exception("job %s failed", name)
        finally:
            audit.clear_attribution()
            db.session.remove()


def command_transaction(command: Callable[P, R]) -> Callable[P, R]:
    """A `planner` command at its boundary: one commit when it returns; when it
    fails nothing is saved, and bad input (a DomainError) is told on stderr with
    exit status 1."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = command(*args, **kwargs)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(describe(error)) from None
        except BaseException:
            db.session.rollback()
            raise
        finally:
            audit.clear_attribution()
        return result

    return run


def describe(error: DomainError) -> str:
    """A domain error as lines for a terminal: the message, then each field's."""
    lines = [error.message.render()]
    for field, messages in getattr(error, "fields", {}).items():
        lines.extend(f"  {field}: {m.render()}" for m in messages)
    return "\n".join(lines)
