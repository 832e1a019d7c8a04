"""The work inventory (業務の棚卸): cycles, answers, reminders and the summary."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import labels
from planner.core.access import requires_role
from planner.core.downloads import download
from planner.core.errors import ValidationError
from planner.core.forms import ConfirmForm
from planner.core.roles import Role
from planner.core.sheets import CHOICE, INTEGER, Column, Table
from planner.core.web_util import require_confirmation, show_errors
from planner.inventory import operations as inventory_service
from planner.inventory.forms import InventoryAnswerForm, InventoryStartForm
from planner.tasks import operations as task_service

bp = Blueprint("inventory", __name__, url_prefix="/inventory")


def _start_form() -> InventoryStartForm:
    form = InventoryStartForm()
    form.department_id.choices = labels.options(
        (d.id, d.name) for d in task_service.departments_for(current_user))
    if form.due_date.data is None:
        form.due_date.data = inventory_service.default_due_date()
    return form


@bp.route("/", methods=["GET", "POST"])
def index():  # noqa: ANN201
    manager = Role(current_user.role).at_least(Role.MANAGER)
    form = _start_form() if manager else None
    status = 200
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate_on_submit():
            try:
                cycle = inventory_service.start_cycle(current_user, form.department_id.data,
                                                      form.name.data, form.due_date.data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                flash(_("Inventory started: %(count)d tasks to answer.",
                        count=len(cycle.answers)), "success")
                return redirect(url_for("inventory.cycle", cycle_id=cycle.id))
        status = 400
    cycles = inventory_service.cycles(current_user)
    return render_template(
        "inventory/index.html", form=form, cycles=cycles,
        progress={c.id: inventory_service.progress(c) for c in cycles},
        pending=inventory_service.pending_for(current_user)), status


@bp.route("/<int:cycle_id>")
def cycle(cycle_id: int):  # noqa: ANN201
    found = inventory_service.get_cycle(current_user, cycle_id)
    return render_template("inventory/cycle.html", cycle=found,
                           progress=inventory_service.progress(found),
                           measured=inventory_service.measured_efforts(a.task for a in found.answers),
                           summary=inventory_service.summary(found), confirm=ConfirmForm())


@bp.route("/<int:cycle_id>/remind", methods=["POST"])
@requires_role(Role.MANAGER)
def remind(cycle_id: int):  # noqa: ANN201
    found = inventory_service.get_cycle(current_user, cycle_id)
    require_confirmation()
    count = inventory_service.remind(current_user, found)
    flash(_("Reminders queued for %(count)d person(s).", count=count), "success")
    return redirect(url_for("inventory.cycle", cycle_id=cycle_id))


@bp.route("/<int:cycle_id>/close", methods=["POST"])
@requires_role(Role.MANAGER)
def close(cycle_id: int):  # noqa: ANN201
    found = inventory_service.get_cycle(current_user, cycle_id)
    require_confirmation()
    inventory_service.close(current_user, found)
    flash(_("Inventory closed; corrected efforts are now the tasks' efforts."), "success")
    return redirect(url_for("inventory.cycle", cycle_id=cycle_id))


@bp.route("/answers/<int:answer_id>", methods=["GET", "POST"])
def answer(answer_id: int):  # noqa: ANN201
    item = inventory_service.get_answer(current_user, answer_id)
    if not inventory_service.may_answer(current_user, item):
        abort(403)
    form = InventoryAnswerForm(data=None if request.method == "POST" else {
        "still_needed": 1 if item.still_needed else 0,
        "effort_minutes_after": item.effort_minutes_after,
        "frequency_right": item.frequency_right, "proposal": item.proposal,
        "comment": item.comment, "procedure": item.task.procedure})
    if form.validate_on_submit():
        try:
            inventory_service.answer(current_user, item, inventory_service.AnswerData(
                still_needed=bool(form.still_needed.data),
                effort_minutes_after=form.effort_minutes_after.data,
                frequency_right=form.frequency_right.data, proposal=form.proposal.data,
                comment=form.comment.data or "",
                # An emptied box leaves the procedure alone: deleting the handover
                # notes is not what an inventory answer is for.
                procedure=form.procedure.data or None))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Answer saved: %(task)s", task=item.task.title), "success")
            following = inventory_service.pending_for(current_user)
            if following:
                return redirect(url_for("inventory.answer", answer_id=following[0].id))
            return redirect(url_for("inventory.index"))
    status = 400 if request.method == "POST" else 200
    measured = inventory_service.measured_efforts([item.task]).get(item.task_id)
    return render_template("inventory/answer.html", item=item, form=form,
                           measured=measured), status


@bp.route("/answers/<int:answer_id>/retire", methods=["POST"])
@requires_role(Role.MANAGER)
def retire(answer_id: int):  # noqa: ANN201
    item = inventory_service.get_answer(current_user, answer_id)
    require_confirmation()
    inventory_service.retire(current_user, item)
    flash(_("Retired: %(task)s. Its future deadlines and reminders are cancelled.",
            task=item.task.title), "success")
    return redirect(url_for("inventory.cycle", cycle_id=item.cycle_id) + "#summary")


@bp.route("/<int:cycle_id>/summary.<fmt>")
@requires_role(Role.MANAGER)
def export(cycle_id: int, fmt: str):  # noqa: ANN201

    found = inventory_service.get_cycle(current_user, cycle_id)
    summary = inventory_service.summary(found)
    columns = [Column("code", _("Code"), width=12), Column("title", _("Task"), width=30),
               Column("respondent", _("Answered by"), width=18),
               Column("needed", _("Still needed"), width=10),
               Column("proposal", _("What could change"), CHOICE, choices=labels.PROPOSAL),
               Column("per_year", _("Occurrences a year"), INTEGER, width=10),
               Column("before", _("Hours a year before"), number_format="0.0", width=12),
               Column("after", _("Hours a year after"), number_format="0.0", width=12),
               Column("comment", _("Comment"), width=60)]
    corrected = {c.answer.id: c for c in summary.corrections}
    rows = []
    for item in found.answers:
        correction = corrected.get(item.id)
        before = item.occurrences_per_year * item.effort_minutes_before / 60
        rows.append([item.task.code, item.task.title,
                     item.respondent.name if item.respondent else None,
                     (_("Yes") if item.still_needed else _("No")) if item.answered_at else None,
                     item.proposal if item.answered_at else None, item.occurrences_per_year,
                     round(before, 1), correction.hours_after if correction else round(before, 1),
                     item.comment])
    return download([Table(_("Inventory"), columns, rows)], f"inventory-{found.id}", fmt)
