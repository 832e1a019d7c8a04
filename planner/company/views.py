"""The company profile page (administrators): change it, see which deadlines
move, then save."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user

from planner.company import operations as company
from planner.company.forms import CompanyForm
from planner.core.access import requires_role
from planner.core.errors import ValidationError
from planner.core.roles import Role
from planner.core.web_util import show_errors

bp = Blueprint("company", __name__, url_prefix="/admin/company")


@bp.route("/", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def profile():  # noqa: ANN201
    """A change is previewed first (Preview), then saved (Save) with the same values."""
    form = CompanyForm()
    moves = None
    if not form.is_submitted():
        form.fill(company.get_profile())
    elif form.validate_on_submit():
        try:
            if form.preview.data:
                moves = company.preview(form.profile())
            else:
                moved = company.save_profile(current_user, form.profile())
                flash(ngettext("Saved. %(num)d task started from the catalogue follows the "
                               "new profile.",
                               "Saved. %(num)d tasks started from the catalogue follow the "
                               "new profile.", len(moved)), "success")
                return redirect(url_for("company.profile"))
        except ValidationError as error:
            show_errors(form, error)
    status = 400 if form.errors else 200
    return render_template("company/profile.html", form=form, moves=moves), status
