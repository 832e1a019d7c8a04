"""A task's automation assessment page, on the costing blueprint: the owner
answers six questions and sees what they say."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.errors import Forbidden, ValidationError
from planner.core.roles import Role
from planner.core.web_util import show_errors
from planner.costing import assessment as assessments
from planner.costing.assessment_forms import SHARE_SUGGESTIONS, AssessmentForm
from planner.costing.views import bp
from planner.tasks import operations as task_service


@bp.route("/tasks/<int:task_id>/assessment", methods=["GET", "POST"])
def task_assessment(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    if not assessments.may_answer(current_user, task):
        raise Forbidden()
    row = assessments.get_assessment(task)
    form = AssessmentForm(data=assessments.saved_values(row))
    status = 200
    if form.validate_on_submit():
        values = {name: form[name].data for name in assessments.ANSWER_FIELDS}
        try:
            row = assessments.save_assessment(current_user, task, values)
        except ValidationError as error:
            show_errors(form, error)
            status = 400
        else:
            flash(_("Assessment saved."), "success")
            # The cost page is the managers'; an owner goes back to the task.
            if current_user.has_role(Role.MANAGER):
                return redirect(url_for("costing.task_cost", task_id=task.id))
            return redirect(url_for("tasks.show", task_id=task.id))
    elif form.is_submitted():
        status = 400
    counted = assessments.steps_from_procedure(task)
    form.steps.render_kw = {"placeholder": str(counted or 1)}
    result = assessments.result_of(task, row)
    costs = result and {"build": assessments.yen_span(result.build_cost),
                        "running": assessments.yen_span(result.running_cost)}
    return render_template(
        "costing/assessment.html", task=task, form=form, row=row, result=result, costs=costs,
        steps_from_procedure=counted, share_suggestions=SHARE_SUGGESTIONS), status
