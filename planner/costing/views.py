"""A task's cost profile and its estimate."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.access import requires_role
from planner.core.errors import ValidationError
from planner.core.roles import Role
from planner.core.web_util import show_errors
from planner.costing import domain as rules
from planner.costing import estimates
from planner.costing import operations as costing
from planner.costing.forms import CostProfileForm
from planner.tasks import operations as task_service

bp = Blueprint("costing", __name__)


@bp.route("/tasks/<int:task_id>/cost", methods=["GET", "POST"])
@requires_role(Role.MANAGER)
def task_cost(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    form = CostProfileForm(data=costing.own_values(task))
    status = 200
    if form.validate_on_submit():
        values = {name: form[name].data for name in costing.PROFILE_FIELDS}
        try:
            costing.save_task_profile(current_user, task, values)
        except ValidationError as error:
            show_errors(form, error)
            status = 400
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("costing.task_cost", task_id=task.id))
    elif form.is_submitted():
        status = 400
    found = estimates.estimate_of(task)
    result = found.typical
    sensitivity = rules.sensitivity(result.occurrences_per_year, found.effort.minutes,
                                    found.profile)
    options = [("automation", result.automation, found.ranged.automation),
               ("outsourcing", result.outsourcing, found.ranged.outsourcing)]
    largest = max([result.in_house_annual_cost]
                  + [o.annual_cost for _, o, _ in options if o]) or 1
    return render_template(
        "costing/task.html", task=task, form=form, found=found, result=result,
        options=options, largest=largest, sensitivity=sensitivity,
        suitability=costing.suitability_of(found.values)), status
