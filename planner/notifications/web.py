"""What every page shows of the notifications: the unread count in the menu."""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_login import current_user

from planner.core import labels
from planner.notifications.domain import failure_reason
from planner.notifications.operations import unread_count


def init_app(app: Flask) -> None:
    app.context_processor(_unread)
    app.jinja_env.globals["send_failure"] = send_failure


def send_failure(channel: str, error: str) -> str:
    """A stored send error in the reader's language; the raw error stays in
    the log and in the outbox's tooltip for administrators."""
    reason = failure_reason(error or "")
    if reason is None:
        return ""
    return str(labels.SEND_FAILURE.get(f"{channel}:{reason}") or labels.SEND_FAILURE[reason])


def _unread() -> dict:
    if (has_request_context() and current_user.is_authenticated
            and not request.path.startswith("/api/")):
        return {"unread_count": unread_count(current_user)}
    return {}
