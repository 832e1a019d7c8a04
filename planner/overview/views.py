"""The overview page: where a manager's or an administrator's departments
stand, each figure a way into the list behind it."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import labels
from planner.core.access import requires_role
from planner.core.roles import Role
from planner.overview import operations as overview_service
from planner.overview.forms import OverviewForm
from planner.tasks import operations as task_service

bp = Blueprint("overview", __name__)


@bp.route("/overview")
@requires_role(Role.MANAGER)
def index():  # noqa: ANN201
    form = OverviewForm(request.args)
    departments = task_service.departments_for(current_user)
    form.department_id.choices = labels.options(
        [(None, _("All my departments"))] + [(d.id, d.name) for d in departments])
    form.validate()
    ids = [d.id for d in departments]
    chosen = form.department_id.data if not form.department_id.errors else None
    department_id = chosen if chosen in ids else None
    figures = overview_service.overview(current_user, department_id)
    # The calendar shows one department: the chosen one, else the first.
    calendar_department = department_id or (ids[0] if ids else None)
    return render_template("overview/index.html", form=form, figures=figures,
                           department_id=department_id, calendar_department=calendar_department)
