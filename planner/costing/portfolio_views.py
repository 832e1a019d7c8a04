"""The managers' portfolio of suggestions and their reviews."""
from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from flask import (
    Blueprint,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from planner.core import labels, memo
from planner.core.access import requires_role
from planner.core.downloads import download
from planner.core.errors import ValidationError
from planner.core.roles import Role
from planner.core.web_util import page_args, show_errors
from planner.costing import domain as rules
from planner.costing import exports
from planner.costing import suggestions as suggestion_service
from planner.costing.forms import PortfolioFilterForm, ReviewForm
from planner.costing.models.suggestion import Suggestion
from planner.costing.suggestions import Review, SuggestionFilters
from planner.tasks import operations as task_service

bp = Blueprint("portfolio", __name__)

# Each suggestion carries a review form offering its department's people:
# a page of 25 stays a page a browser and a person can take in.
PER_PAGE = 25


@dataclass
class ReviewForms:
    """The review forms of one page of suggestions (see review_forms)."""
    stamps: dict[int, Markup]  # department id -> its form's fields, prefix left as placeholder
    placeholder: str
    submitted: Mapping[int, ReviewForm]  # suggestion id -> a form sent back with its errors


# Stands for each suggestion's id in the rendered fields; random so that no
# text on the page (a person's name) can contain it.
_PLACEHOLDER = secrets.token_hex(8)


def review_forms(suggestions: list[Suggestion],
                 submitted: Mapping[int, ReviewForm] | None = None) -> ReviewForms:
    """Every suggestion's form is the same but for its prefix ("s<id>-") and
    its department's people (some 170 at a large company). So the fields are
    rendered once per department, the prefix a placeholder the template
    replaces with each suggestion's id: building and rendering 25 WTForms
    forms of 170 options each cost more than the rest of the page. The fields
    but the CSRF token (the session's) are kept until the data changes. A form
    sent back with errors is rendered from itself."""
    inputs = get_template_attribute("portfolio/_review.html", "review_inputs")
    departments = {s.task.department_id for s in suggestions}
    prefix = f"s{_PLACEHOLDER}"
    blank = ReviewForm(formdata=None, prefix=prefix)
    token = blank.csrf_token() if "csrf_token" in blank else Markup()

    def render_inputs() -> dict[int, Markup]:
        people = suggestion_service.owners_by_department(departments)
        rendered = {}
        for department_id, members in people.items():
            form = ReviewForm(formdata=None, prefix=prefix)
            form.owner_id.choices = labels.options([(None, "—"), *members])
            rendered[department_id] = Markup(inputs(form))
        return rendered

    rendered = memo.remember(("review inputs", frozenset(departments), str(get_locale())),
                             render_inputs)
    return ReviewForms({d: token + html for d, html in rendered.items()}, _PLACEHOLDER,
                       submitted or {})


def _filters(args: MultiDict) -> tuple[PortfolioFilterForm, SuggestionFilters]:
    """The list's filters from a query string; an invalid one is dropped,
    with its message shown next to it."""
    form = PortfolioFilterForm(args)
    departments = task_service.departments_for(current_user)
    form.department_id.choices = labels.options(
        [(None, _("All"))] + [(d.id, d.name) for d in departments])
    form.validate()

    def valid(name: str):  # noqa: ANN202
        field = form[name]
        return (field.data or None) if not field.errors else None

    return form, SuggestionFilters(valid("status"), valid("kind"), valid("department_id"))


def _list_args(filters: SuggestionFilters) -> dict[str, object]:
    """The query string that shows the list again as it was (but its page)."""
    args: dict[str, object] = {key: value for key, value in (
        ("status", filters.status), ("kind", filters.kind),
        ("department_id", filters.department_id)) if value}
    if "per_page" in request.args:
        args["per_page"] = page_args(PER_PAGE)[1]
    return args


@bp.route("/portfolio")
@requires_role(Role.MANAGER)
def index():  # noqa: ANN201
    form, filters = _filters(request.args)
    page, per_page = page_args(PER_PAGE)
    return _page(form, filters, page, per_page)


def _page(filter_form: PortfolioFilterForm, filters: SuggestionFilters, page: int,
          per_page: int, submitted: Mapping[int, ReviewForm] | None = None,
          status: int = 200):  # noqa: ANN202
    data = suggestion_service.portfolio_page(current_user, filters, page, per_page)
    review = review_forms(data.page.items, submitted)
    charted = [s for s in data.page.items if s.kind != "keep"]
    largest = rules.axis_top(max([s.annual_saving for s in charted] + [0]))
    # Translated once a page, not once a row: each lazy label is a gettext call.
    kind_names = {key: str(label) for key, label in labels.SUGGESTION_KIND.items()}
    status_names = {key: str(label) for key, label in labels.SUGGESTION_STATUS.items()}
    return render_template("portfolio/index.html", data=data, review=review, charted=charted,
                           largest=largest, filter_form=filter_form, kind_names=kind_names,
                           status_names=status_names, args=_list_args(filters),
                           describe=labels.describe_suggestion), status


@bp.route("/suggestions/<int:suggestion_id>/review", methods=["POST"])
@requires_role(Role.MANAGER)
def review(suggestion_id: int):  # noqa: ANN201
    """The form posts to a URL carrying the list's filters and page, so the
    list comes back as the manager left it, the error next to the field."""
    suggestion = suggestion_service.get_suggestion(current_user, suggestion_id)
    department_id = suggestion.task.department_id
    form = ReviewForm(prefix=f"s{suggestion.id}")
    form.owner_id.choices = labels.options(
        [(None, "—"), *suggestion_service.owners_by_department([department_id])[department_id]])
    filter_form, filters = _filters(request.args)
    page, per_page = page_args(PER_PAGE)
    if form.validate_on_submit():
        try:
            suggestion_service.review(current_user, suggestion, Review(
                form.action.data, form.note.data or "", form.owner_id.data, form.due_date.data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Decision recorded: %(task)s", task=suggestion.task.title), "success")
            return redirect(url_for("portfolio.index", page=page, **_list_args(filters))
                            + f"#suggestion-{suggestion.id}")
    holding, found = suggestion_service.page_holding(current_user, suggestion, filters, per_page)
    if holding != filters:
        filter_form, filters = _filters(MultiDict(
            {key: value for key, value in asdict(holding).items() if value}))
    return _page(filter_form, filters, found, per_page, {suggestion.id: form}, 400)


@bp.route("/portfolio.<fmt>")
@requires_role(Role.MANAGER)
def export(fmt: str):  # noqa: ANN201
    """Every suggestion, whatever page the list is on; the CSV streams."""
    data = suggestion_service.portfolio(current_user)
    return download(exports.portfolio(data, labels.describe_suggestion), "portfolio", fmt)
