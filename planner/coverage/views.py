"""Owners, the cross-training matrix, the risk dashboard, absences, workload."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import labels
from planner.core.access import requires_role
from planner.core.clock import org_today
from planner.core.errors import ValidationError
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.roles import Role
from planner.core.transaction import abandon
from planner.core.web_util import page_arg, page_args, require_confirmation, show_errors
from planner.coverage import absences as absence_service
from planner.coverage import operations as coverage_service
from planner.coverage.absences import AbsenceData
from planner.coverage.forms import (
    GAP_LABELS,
    AbsenceForm,
    AcceptSuggestionForm,
    OwnersForm,
    WorkloadForm,
)
from planner.coverage.operations import OwnerEntry
from planner.procedures import operations as procedure_service
from planner.tasks import operations as task_service

bp = Blueprint("coverage", __name__)


def _department_filter(*, all_allowed: bool) -> tuple[WorkloadForm, list, int | None]:
    """A manager's page's department filter, its choices (the departments the
    person may see) and the department chosen; without a valid choice, all of
    them (None) where the page can show them all, else the first."""
    form = WorkloadForm(request.args)
    departments = task_service.departments_for(current_user)
    every = [(None, _("All my departments"))] if all_allowed else []
    form.department_id.choices = labels.options(every + [(d.id, d.name) for d in departments])
    form.validate()
    chosen = form.department_id.data if not form.department_id.errors else None
    ids = [d.id for d in departments]
    if chosen in ids or all_allowed:
        return form, departments, chosen if chosen in ids else None
    return form, departments, ids[0] if ids else None


# --- Owners -------------------------------------------------------------------


@bp.route("/tasks/<int:task_id>/owners", methods=["GET", "POST"])
@requires_role(Role.MANAGER)
def owners(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    if request.method == "GET":
        rows = [{"user_id": o.user_id, "role": o.role, "level": o.level} for o in task.owners]
        form = OwnersForm(data={"owners": rows + [{"user_id": None, "role": "backup",
                                                    "level": 3}]})
    else:
        form = OwnersForm()
    people = task_service.people_in([task.department_id])
    for row in form.owners:
        row.form.user_id.choices = labels.options([(None, "—")] + [(p.id, p.name) for p in people])
    if form.validate_on_submit():
        entries = [OwnerEntry(row.form.user_id.data, row.form.role.data, row.form.level.data)
                   for row in form.owners if row.form.user_id.data]
        try:
            coverage_service.set_owners(current_user, task, entries)
        except ValidationError as error:
            abandon()
            _owner_errors(form, error)
        else:
            flash(_("Owners saved."), "success")
            return redirect(url_for("tasks.show", task_id=task.id))
    return render_template("coverage/owners.html", task=task, form=form)


def _owner_errors(form: OwnersForm, error: ValidationError) -> None:
    for name, messages in error.fields.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(form.owners):
            field = form.owners[int(parts[1])].form[parts[2]]
            field.errors = [*field.errors, *(translate(m) for m in messages)]
        else:
            form.form_errors.extend(translate(m) for m in messages)


# --- The matrix -------------------------------------------------------------


MATRIX_TASKS_PER_PAGE = 25
MATRIX_PEOPLE_PER_PAGE = 20


def _may_change_coverage() -> bool:
    """Staff read their own departments' matrix and risk; changing them (the
    levels, planning training) is a manager's."""
    return current_user.has_role(Role.MANAGER)


@bp.route("/matrix")
@requires_role(Role.MANAGER, readers=(Role.STAFF,))
def matrix_entry():  # noqa: ANN201
    """The menu's way to the matrix: the first department the person may see
    (the matrix page itself switches between them)."""
    _form, _departments, department_id = _department_filter(all_allowed=False)
    if department_id is None:
        abort(404)
    return redirect(url_for("coverage.department_matrix", department_id=department_id))


@bp.route("/departments/<int:department_id>/matrix", methods=["GET", "POST"])
@requires_role(Role.MANAGER, readers=(Role.STAFF,))
def department_matrix(department_id: int):  # noqa: ANN201
    page, per_page = page_args(MATRIX_TASKS_PER_PAGE)
    people_page = page_arg("people_page")
    window = {"page": page, "per_page": per_page, "people_page": people_page,
              "people_per_page": MATRIX_PEOPLE_PER_PAGE}
    grid = coverage_service.matrix(current_user, department_id, **window)
    form = ConfirmForm()
    errors: dict[str, list[str]] = {}
    submitted: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        submitted = {k: v for k, v in request.form.items() if k.startswith("level-")}
        try:
            changed = coverage_service.save_matrix(current_user, department_id, submitted)
        except ValidationError as error:
            abandon()
            grid = coverage_service.matrix(current_user, department_id, **window)
            errors = {k: [translate(m) for m in v] for k, v in error.fields.items()}
            flash(translate(error.message), "error")
            status = 400
        else:
            flash(_("Matrix saved: %(count)d cells changed.", count=changed), "success")
            return redirect(url_for("coverage.department_matrix", department_id=department_id,
                                    **_matrix_args(page, people_page)))
    departments = task_service.departments_for(current_user)
    return render_template("coverage/matrix.html", grid=grid, form=form, errors=errors,
                           submitted=submitted, departments=departments,
                           can_edit=_may_change_coverage(),
                           args=_matrix_args(page, people_page)), status


def _matrix_args(page: int, people_page: int) -> dict[str, int]:
    """The window's query arguments, leaving out the first page's defaults."""
    return {k: v for k, v in (("page", page), ("people_page", people_page)) if v > 1}


# --- The risk dashboard -----------------------------------------------------


RISKS_PER_PAGE = 10  # each comes with its three best candidates and their buttons
REVIEWS_SHOWN = 20


@bp.route("/risk")
@requires_role(Role.MANAGER, readers=(Role.STAFF,))
def dashboard():  # noqa: ANN201
    form, departments, department_id = _department_filter(all_allowed=True)
    page, per_page = page_args(RISKS_PER_PAGE)
    data = coverage_service.dashboard(current_user, department_id, page=page, per_page=per_page)
    reviewed = [department_id] if department_id else [d.id for d in departments]
    reviews = procedure_service.reviews_due_in(reviewed, limit=REVIEWS_SHOWN)
    return render_template("coverage/dashboard.html", data=data, form=form,
                           accept_form=AcceptSuggestionForm(), today=org_today(),
                           reviews=reviews, gaps=GAP_LABELS, can_edit=_may_change_coverage(),
                           args={"department_id": department_id} if department_id else {})


@bp.route("/tasks/<int:task_id>/training", methods=["POST"])
@requires_role(Role.MANAGER)
def accept_suggestion(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    form = AcceptSuggestionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan = coverage_service.accept_suggestion(current_user, task, form.trainee_id.data,
                                                  form.due_date.data)
    except ValidationError as error:
        abandon()
        flash(translate(next(iter(error.fields.values()))[0]), "error")
        return redirect(url_for("coverage.dashboard"))
    flash(_("Training planned: %(person)s learns %(task)s.", person=plan.trainee.name,
            task=task.title), "success")
    return redirect(url_for("coverage.dashboard"))


# --- Absences -----------------------------------------------------------------


@bp.route("/absences", methods=["GET", "POST"])
def absences():  # noqa: ANN201
    form = AbsenceForm()
    people = absence_service.people_for(current_user)
    form.user_id.choices = labels.options((p.id, p.name) for p in people)
    if request.method == "GET":
        form.user_id.data = current_user.id
    status = 200
    if form.validate_on_submit():
        try:
            absence_service.create_absence(current_user, AbsenceData(
                form.user_id.data, form.start_date.data, form.end_date.data, form.kind.data,
                form.note.data or ""))
        except ValidationError as error:
            show_errors(form, error)
            status = 400
        else:
            flash(_("Absence recorded."), "success")
            return redirect(url_for("coverage.absences"))
    elif request.method == "POST":
        status = 400
    page, per_page = page_args(50)
    listed = absence_service.list_absences(current_user, page, per_page,
                                           from_date=org_today().replace(day=1))
    return render_template("coverage/absences.html", form=form, page=listed,
                           confirm=ConfirmForm(), args={}), status


@bp.route("/absences/<int:absence_id>/delete", methods=["POST"])
def delete_absence(absence_id: int):  # noqa: ANN201
    absence = absence_service.get_absence(current_user, absence_id)
    require_confirmation()
    absence_service.delete_absence(current_user, absence)
    flash(_("Absence removed."), "success")
    return redirect(url_for("coverage.absences"))


# --- Workload -----------------------------------------------------------------


WORKLOAD_PEOPLE_PER_PAGE = 25


@bp.route("/workload")
@requires_role(Role.MANAGER)
def workload():  # noqa: ANN201
    form, _departments, department_id = _department_filter(all_allowed=False)
    if department_id is None:
        abort(404)
    page, per_page = page_args(WORKLOAD_PEOPLE_PER_PAGE)
    grid = coverage_service.department_workload(current_user, department_id, page=page,
                                                per_page=per_page)
    return render_template("coverage/workload.html", grid=grid, form=form,
                           args={"department_id": department_id})
