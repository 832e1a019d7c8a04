"""The managers' portfolio of suggestions and their reviews."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.domain.errors import ValidationError
from planner.domain.roles import Role
from planner.extensions import db
from planner.services import exports
from planner.services import suggestions as suggestion_service
from planner.services import tasks as task_service
from planner.services.suggestions import Review
from planner.web import labels
from planner.web.access import requires_role
from planner.web.forms import ReviewForm
from planner.web.util import show_errors

bp = Blueprint("portfolio", __name__)


def review_forms(suggestions: list) -> dict[int, ReviewForm]:
    """A review form per suggestion; each department's people are loaded and
    turned into choices once, and every form of the department shares them."""
    choices: dict[int, list] = {}
    forms = {}
    for suggestion in suggestions:
        department_id = suggestion.task.department_id
        if department_id not in choices:
            choices[department_id] = labels.options(
                [(None, "—")] + [(p.id, p.name) for p in task_service.people_in([department_id])])
        form = ReviewForm(prefix=f"s{suggestion.id}")
        form.owner_id.choices = choices[department_id]
        forms[suggestion.id] = form
    return forms


@bp.route("/portfolio")
@requires_role(Role.MANAGER)
def index():  # noqa: ANN201
    # Never stale: proposals whose task or owners changed are recomputed first.
    if suggestion_service.refresh(current_user):
        db.session.commit()
    return _page(suggestion_service.portfolio(current_user))


def _page(data, forms: dict | None = None, status: int = 200):  # noqa: ANN001, ANN202
    forms = {**review_forms(data.suggestions), **(forms or {})}
    largest = max([abs(s.annual_saving) for s in data.suggestions] + [1])
    return render_template("portfolio/index.html", data=data, forms=forms, largest=largest,
                           describe=labels.describe_suggestion), status


@bp.route("/suggestions/<int:suggestion_id>/review", methods=["POST"])
@requires_role(Role.MANAGER)
def review(suggestion_id: int):  # noqa: ANN201
    suggestion = suggestion_service.get_suggestion(current_user, suggestion_id)
    form = review_forms([suggestion])[suggestion.id]
    if form.validate_on_submit():
        try:
            suggestion_service.review(current_user, suggestion, Review(
                form.action.data, form.note.data or "", form.owner_id.data, form.due_date.data))
        except ValidationError as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            flash(_("Decision recorded: %(task)s", task=suggestion.task.title), "success")
            return redirect(url_for("portfolio.index") + f"#suggestion-{suggestion.id}")
    return _page(suggestion_service.portfolio(current_user), {suggestion.id: form}, 400)


@bp.route("/portfolio.<fmt>")
@requires_role(Role.MANAGER)
def export(fmt: str):  # noqa: ANN201
    from planner.web.transfer import download

    data = suggestion_service.portfolio(current_user)
    return download(exports.portfolio(data, labels.describe_suggestion), "portfolio", fmt)
