"""The reviewer's decision from the occurrence page (approve, or return with a comment)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.errors import DomainError, ValidationError
from planner.core.i18n import translate
from planner.core.transaction import abandon
from planner.core.web_util import flash_field_errors, safe_next
from planner.signoff import operations as signoff
from planner.signoff.domain import APPROVE
from planner.signoff.forms import ReviewForm
from planner.work import operations as occurrence_service

bp = Blueprint("signoff", __name__)


@bp.route("/occurrences/<int:occurrence_id>/review", methods=["POST"])
def review(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    back = safe_next(url_for("work.done_link", occurrence_id=occurrence.id))
    form = ReviewForm()
    if not form.validate_on_submit():
        flash_field_errors(form)
        return redirect(back)
    try:
        signoff.review(current_user, occurrence, form.decision.data, form.comment.data)
    except ValidationError as error:
        abandon()
        for messages in error.fields.values():
            for message in messages:
                flash(translate(message), "error")
        return redirect(back)
    except DomainError as error:
        # Not theirs to check, or no longer waiting: said on the page, nothing saved.
        abandon()
        flash(translate(error.message), "error")
        return redirect(back)
    if form.decision.data == APPROVE:
        flash(_("Approved: %(title)s", title=occurrence.task.title), "success")
    else:
        flash(_("Returned to %(name)s: %(title)s", title=occurrence.task.title,
                name=occurrence.prepared_by.name if occurrence.prepared_by else "—"), "success")
    return redirect(back)
