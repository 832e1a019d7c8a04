"""Handover pages: plan and apply a person's handover, and the printable
handover documents of a person and of a task."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.calendar.wording import describe_schedule
from planner.core import labels
from planner.core.access import requires_role
from planner.core.clock import org_today
from planner.core.dates import in_range
from planner.core.downloads import download
from planner.core.errors import ValidationError
from planner.core.i18n import translate
from planner.core.roles import Role
from planner.core.sheets import DATE, Column, Table
from planner.core.transaction import abandon
from planner.core.web_util import show_errors
from planner.handover import operations as handover_service
from planner.handover.domain import UncoveredTasks
from planner.handover.forms import HandoverForm, handover_form
from planner.tasks import operations as task_service

bp = Blueprint("handover", __name__)


@bp.route("/handover")
@requires_role(Role.MANAGER)
def index():  # noqa: ANN201
    """Whose handover to prepare: the people of the manager's departments."""
    departments = task_service.departments_for(current_user)
    people = task_service.people_in([d.id for d in departments])
    return render_template("handover/index.html", people=people)


def _choices(plan: handover_service.HandoverPlan) -> dict[int, list[tuple[int | None, str]]]:
    choices = {}
    for item in plan.items:
        options: list[tuple[int | None, str]] = []
        for person, proposal in item.proposals:
            successor = proposal.successor
            if successor.qualified:
                text = _("%(name)s — qualified (level %(level)d), %(hours).0f h/month free",
                         name=person.name, level=successor.level,
                         hours=successor.headroom_hours)
            else:
                text = _("%(name)s — level %(level)d, about %(training).0f h of training, "
                         "%(hours).0f h/month free", name=person.name, level=successor.level,
                         training=proposal.training_hours, hours=successor.headroom_hours)
            options.append((person.id, text))
        if item.role != "primary":
            options.append((None, _("Nobody (the task keeps its other owners)")))
        choices[item.task.id] = options
    return choices


@bp.route("/people/<int:person_id>/handover", methods=["GET", "POST"])
@requires_role(Role.MANAGER)
def plan(person_id: int):  # noqa: ANN201
    today = org_today()
    probe = HandoverForm(formdata=None if request.method == "GET" and not request.args
                         else (request.form if request.method == "POST" else request.args),
                         meta={"csrf": False})
    reason = probe.reason.data if probe.reason.data in labels.HANDOVER_REASON else "leaving"
    # Unvalidated here (the form below reports the errors): a date outside the
    # calendar's range falls back to the default instead of overflowing.
    start = probe.start_date.data if probe.start_date.data and in_range(probe.start_date.data) \
        else today + timedelta(days=14)
    end = probe.end_date.data if probe.end_date.data and in_range(probe.end_date.data) \
        and probe.end_date.data >= start else start + timedelta(days=90)
    proposed = handover_service.plan(current_user, person_id, reason, start, end)
    form = handover_form(_choices(proposed), formdata=request.form if request.method == "POST"
                         else None, data={"reason": reason, "start_date": start,
                                          "end_date": end})
    for item in proposed.items:
        if request.method == "GET":
            form[f"successor_{item.task.id}"].data = item.change.successor_id
    status = 200
    if request.method == "POST":
        if form.validate():
            chosen = {i.task.id: form[f"successor_{i.task.id}"].data for i in proposed.items}
            try:
                handover_service.apply(current_user, person_id, form.reason.data,
                                       form.start_date.data, form.end_date.data, chosen,
                                       form.accept_uncovered.data, form.note.data or "")
            except UncoveredTasks as error:
                abandon()
                form.accept_uncovered.errors = [translate(error.message)]
            except ValidationError as error:
                show_errors(form, error)
            else:
                flash(_("Handover applied: %(name)s's tasks have new owners.",
                        name=proposed.person.name), "success")
                return redirect(url_for("handover.plan", person_id=person_id,
                                        reason=reason, start_date=start.isoformat(),
                                        end_date=end.isoformat()))
        # Show what the chosen successors would do, with the errors.
        chosen = {i.task.id: form[f"successor_{i.task.id}"].data for i in proposed.items}
        try:
            proposed = handover_service.plan(current_user, person_id, reason, start, end, chosen)
        except ValidationError as error:
            show_errors(form, error)
        status = 400
    return render_template("handover/plan.html", plan=proposed, form=form,
                           history=handover_service.history(proposed.person)), status


@bp.route("/people/<int:person_id>/handover-document")
def person_document(person_id: int):  # noqa: ANN201
    person, documents = handover_service.person_document(current_user, person_id)
    if request.args.get("format") == "xlsx":

        return download(_document_tables(documents), f"handover-{person.id}", "xlsx")
    return render_template("handover/document.html", person=person, documents=documents,
                           today=org_today())


@bp.route("/tasks/<int:task_id>/handover-document")
def task_document(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    document = handover_service.task_document(current_user, task)
    if request.args.get("format") == "xlsx":

        return download(_document_tables([document]), f"handover-task-{task.id}", "xlsx")
    return render_template("handover/document.html", person=None, documents=[document],
                           today=org_today())


def _document_tables(documents: list[handover_service.TaskDocument]) -> list[Table]:
    """The handover document as a workbook: a sheet of tasks, a sheet of
    recent completions."""
    tasks = [Column("code", _("Code"), width=12), Column("title", _("Task"), width=30),
             Column("department", _("Department")), Column("legal_basis", _("Legal basis")),
             Column("schedule", _("Repeats"), width=30),
             Column("next", _("Next due dates"), width=40),
             Column("ask", _("Who to ask"), width=30),
             Column("procedure", _("Procedure (handover notes)"), width=80)]
    rows = [[d.task.code, d.task.title, d.task.department.name, d.task.legal_basis,
             describe_schedule(d.task.schedule),
             ", ".join(o.due_date.isoformat() for o in d.upcoming),
             ", ".join(f"{o.user.name} ({o.user.email})" for o in d.ask),
             d.task.procedure] for d in documents]
    done = [Column("task", _("Task"), width=30), Column("due", _("Due"), DATE, width=12),
            Column("by", _("Completed by"), width=20), Column("note", _("Note"), width=60)]
    recent = [[d.task.title, o.due_date, o.completed_by.name if o.completed_by else None,
               o.note] for d in documents for o in d.recent]
    return [Table(_("Handover"), tasks, rows), Table(_("Recent completions"), done, recent)]
