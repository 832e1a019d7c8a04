"""Every page requires a signed-in person unless it is marked @public, and
role rules are declared on the view; the check itself runs in one place."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user

from planner.core.roles import Role

F = TypeVar("F", bound=Callable)


def public(view: F) -> F:
    view.is_public = True  # type: ignore[attr-defined]
    return view


def requires_role(role: Role) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if not Role(current_user.role).at_least(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
