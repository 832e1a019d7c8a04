"""The administrators' page for the event webhook: its address, whether a
secret is set, and generating one (shown once)."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from planner.core.access import requires_role
from planner.core.forms import ConfirmForm
from planner.core.roles import Role
from planner.core.web_util import require_confirmation
from planner.events import webhooks

bp = Blueprint("event_webhook", __name__, url_prefix="/admin/webhooks")


def _page(new_secret: str | None = None):  # noqa: ANN202
    response = render_template(
        "events/webhook.html", state=webhooks.state(), new_secret=new_secret,
        confirm=ConfirmForm(), receiver=url_for("webhooks.receive_event", _external=True))
    return response


@bp.get("")
@requires_role(Role.ADMIN)
def page():  # noqa: ANN201
    return _page()


@bp.post("/secret")
@requires_role(Role.ADMIN)
def generate_secret():  # noqa: ANN201
    """Rendered in the answer itself, not after a redirect: the secret is not
    kept, so this answer is the one time it can be shown."""
    require_confirmation()
    secret = webhooks.generate_secret(current_user)
    return _page(secret), 200, {"Cache-Control": "no-store"}
