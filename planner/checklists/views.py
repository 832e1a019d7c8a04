"""Pages: a task's steps, and ticking a step on the occurrence's page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.checklists import operations as checklist_service
from planner.checklists.domain import Step
from planner.checklists.forms import BLANK_ROWS, StepsForm, TickForm
from planner.core.errors import DomainError, ValidationError
from planner.core.i18n import translate
from planner.core.transaction import abandon
from planner.tasks import operations as task_service
from planner.work import operations as occurrence_service

bp = Blueprint("checklists", __name__)


def _rows(steps: list[Step]) -> list[dict]:
    return [{"order": number, "text": step.text, "evidence_required": step.evidence_required}
            for number, step in enumerate(steps, start=1)] + [
        {"order": None, "text": "", "evidence_required": False}] * BLANK_ROWS


@bp.route("/tasks/<int:task_id>/steps", methods=["GET", "POST"])
def task_steps(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    if not checklist_service.may_edit_steps(current_user, task):
        abort(403)
    explicit = checklist_service.explicit_steps(task)
    if request.method == "GET":
        form = StepsForm(data={"steps": _rows(checklist_service.current_steps(task))})
    else:
        form = StepsForm()
    if form.validate_on_submit():
        filled = [(row.form.order.data or 1000 + index, index, row.form)
                  for index, row in enumerate(form.steps) if (row.form.text.data or "").strip()]
        steps = [Step(f.text.data, bool(f.evidence_required.data))
                 for _order, _index, f in sorted(filled, key=lambda t: (t[0], t[1]))]
        try:
            checklist_service.save_steps(current_user, task, steps)
        except ValidationError as error:
            abandon()
            for message in (m for messages in error.fields.values() for m in messages):
                form.form_errors.append(translate(message))
        else:
            flash(_("Steps saved. Checklists already started keep their steps."), "success")
            return redirect(url_for("tasks.show", task_id=task.id))
    return render_template("checklists/steps.html", task=task, form=form,
                           from_procedure=not explicit)


@bp.route("/occurrences/<int:occurrence_id>/checklist/<int:item_id>/tick", methods=["POST"])
def tick(occurrence_id: int, item_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    form = TickForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        checklist_service.tick(current_user, occurrence, item_id, form.ticked.data != "0")
    except DomainError as error:
        abandon()
        flash(translate(error.message), "error")
    return redirect(url_for("work.done_link", occurrence_id=occurrence.id) + "#checklist")
