"""The JSON API under /api/v1, described by /api/v1/openapi.json."""
from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import audit
from planner.core.access import refuses_write, role_allows
from planner.core.api_errors import error_response
from planner.core.errors import Forbidden
from planner.core.extensions import csrf
from planner.core.roles import Role

if TYPE_CHECKING:  # pagination reads the API's blueprint to tell its requests apart
    from planner.core.pagination import Page

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The document and its documentation page describe the API; they hold no data.
PUBLIC_ENDPOINTS = {"api.openapi", "api.docs", "api.docs_asset"}
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


F = TypeVar("F", bound=Callable)


def iso(value: Any) -> str | None:
    """A date or datetime as the API writes it (ISO 8601), or None."""
    return value.isoformat() if value is not None else None


def attributes(record: Any, *names: str) -> dict[str, Any]:
    """The record's attributes of those names, as the API writes them: the
    plain fields of a JSON object, its computed ones added next to them."""
    return {name: _json_value(getattr(record, name)) for name in names}


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def page_json(page: Page[Any], item_json: Callable[[Any], dict[str, Any]],
              **extra: Any) -> Response:
    """One page of a list as every list operation answers it."""
    return jsonify({"items": [item_json(item) for item in page.items], "total": page.total,
                    "page": page.page, "per_page": page.per_page, **extra})


def api_user():  # noqa: ANN201
    return g.api_user


def requires_role(role: Role, *, readers: Collection[Role] = ()) -> Callable[[F], F]:
    """The API's twin of web.access.requires_role: the role a view needs is
    declared on it, like on the page it mirrors, and answered with a 403."""
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if not role_allows(Role(api_user().role), role, readers):
                raise Forbidden()
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


@bp.before_request
def _authenticate():  # noqa: ANN202
    """Bearer token first; the browser session works too, for the pages' own
    fetches, but then a state change must carry the CSRF token."""
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = current_app.extensions[_TOKEN_CHECK](header[len("Bearer "):].strip())
        if user is None:
            return error_response(401, "Invalid or revoked token.")
        g.api_user = user
        audit.set_actor(user.id)
        return _read_only_refusal(user)
    if current_user.is_authenticated:
        if request.method in _UNSAFE:
            csrf.protect()
        g.api_user = current_user._get_current_object()
        return _read_only_refusal(g.api_user)
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return error_response(401, "Authentication required: send 'Authorization: Bearer <token>'.")


def _read_only_refusal(user: Any) -> tuple[Response, int] | None:
    if refuses_write(Role(user.role), request.blueprint):
        return error_response(403, _("This account can only read; it cannot change anything."))
    return None


_TOKEN_CHECK = "planner.api_token_check"


def init_app(app: Flask, token_check: Callable[[str], Any]) -> None:
    """Register the API; `token_check` turns a bearer token into its person
    (or None), so the API's door is core's while tokens stay the people's."""
    app.extensions[_TOKEN_CHECK] = token_check
    csrf.exempt(bp)
    app.register_blueprint(bp)
