"""The inbox: what the planner told a person, and marking it read."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from planner.core.forms import ConfirmForm
from planner.core.web_util import page_args, require_confirmation, safe_next
from planner.notifications import operations as notification_service
from planner.work.forms import CompleteForm

bp = Blueprint("notifications", __name__)


@bp.route("/inbox")
def inbox():  # noqa: ANN201
    page, per_page = page_args(30)
    entries = notification_service.inbox(current_user, page, per_page)
    return render_template("notifications/inbox.html", page=entries, confirm=ConfirmForm(),
                           complete_form=CompleteForm(), args={})


@bp.route("/inbox/read", methods=["POST"])
def read_all():  # noqa: ANN201
    require_confirmation()
    notification_service.mark_read(current_user)
    return redirect(url_for("notifications.inbox"))


@bp.route("/inbox/<int:notification_id>/read", methods=["POST"])
def read_one(notification_id: int):  # noqa: ANN201
    require_confirmation()
    notification_service.mark_read(current_user, notification_id)
    return redirect(safe_next(url_for("notifications.inbox")))
