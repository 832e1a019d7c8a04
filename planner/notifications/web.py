"""What every page shows of the notifications: the unread count in the menu."""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_login import current_user

from planner.notifications.operations import unread_count


def init_app(app: Flask) -> None:
    app.context_processor(_unread)


def _unread() -> dict:
    if (has_request_context() and current_user.is_authenticated
            and not request.path.startswith("/api/")):
        return {"unread_count": unread_count(current_user)}
    return {}
