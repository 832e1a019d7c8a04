"""Every page requires a signed-in person unless it is marked @public, and
role rules are declared on the view; the check itself runs in one place."""
from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import TypeVar

from flask import abort, request
from flask_login import current_user

from planner.core.roles import Role
from planner.core.transaction import SAFE_METHODS

F = TypeVar("F", bound=Callable)

# A read-only person still signs in and out, picks a language and looks after
# their own password, second factor and tokens (a token is how an auditor
# reads through the API): none of it changes the planner's records.
READ_ONLY_MAY_WRITE = frozenset({"auth", "account"})


def public(view: F) -> F:
    view.is_public = True  # type: ignore[attr-defined]
    return view


def role_allows(role: Role, needed: Role, readers: Collection[Role] = ()) -> bool:
    """Whether `role` passes a view's `needed` role for this request: a read
    also lets in the roles that read what `needed` reads, and `readers`."""
    if request.method in SAFE_METHODS:
        return role in readers or role.may_read(needed)
    return role.at_least(needed)


def refuses_write(role: Role, blueprint: str | None) -> bool:
    """A read-only role's change, refused before any view or API route runs,
    so that no view needs its own check."""
    return (role.read_only and request.method not in SAFE_METHODS
            and blueprint not in READ_ONLY_MAY_WRITE)


def requires_role(role: Role, *, readers: Collection[Role] = ()) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if not role_allows(Role(current_user.role), role, readers):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
