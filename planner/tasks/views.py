from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from planner.calendar.wording import describe_schedule
from planner.core import labels
from planner.core.clock import org_today
from planner.core.errors import Conflict, ValidationError
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.signals import merged
from planner.core.transaction import abandon
from planner.core.web_util import page_args, require_confirmation, show_errors
from planner.people.access import scope_of
from planner.tasks import catalogue
from planner.tasks import operations as task_service
from planner.tasks.forms import TaskFilterForm, TaskForm, task_form_values
from planner.tasks.operations import TaskFilters
from planner.tasks.signals import catalogue_shown, task_list_shown, task_page

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def task_form(values: dict | None = None, department_id: int | None = None) -> TaskForm:
    """A TaskForm whose choices are the departments and people the user may use."""
    form = TaskForm(data=values)
    departments = task_service.departments_for(current_user)
    form.department_id.choices = labels.options((d.id, d.name) for d in departments)
    if form.department_id.data is None and department_id:
        form.department_id.data = department_id
    # Everyone the user may assign; the service checks the person belongs to
    # the task's department, and says so next to the field.
    people = task_service.people_choices([d.id for d in departments])
    form.primary_owner_id.choices = labels.options([(None, "—"), *people])
    return form


def locale() -> str:
    return "ja" if str(get_locale()).startswith("ja") else "en"


def filter_form() -> TaskFilterForm:
    form = TaskFilterForm(request.args)
    departments = task_service.departments_for(current_user)
    everyone = [(None, _("All"))]
    form.department_id.choices = labels.options(everyone + [(d.id, d.name) for d in departments])
    form.category.choices = labels.options([("", _("All")), *labels.CATEGORY.items()])
    form.criticality.choices = labels.options([("", _("All")), *labels.CRITICALITY.items()])
    people = task_service.people_choices([d.id for d in departments])
    form.owner_id.choices = labels.options(everyone + people)
    return form


def filters_from_args() -> tuple[TaskFilterForm, TaskFilters]:
    """The registry's filters from the query string (the list and its export)."""
    form = filter_form()
    form.validate()  # invalid filters are dropped, with their message shown
    valid = {name: (field.data if not field.errors else None) for name, field in form._fields.items()}
    return form, TaskFilters(
        q=valid["q"] or "",
        department_id=valid["department_id"],
        category=valid["category"] or None,
        criticality=valid["criticality"] or None,
        owner_id=valid["owner_id"],
        status=valid["status"] or "active",
        sort=valid["sort"] or "title",
    )


@bp.route("/")
def index():  # noqa: ANN201
    form, filters = filters_from_args()
    page, per_page = page_args()
    result = task_service.list_tasks(current_user, filters, page, per_page)
    args = {k: v for k, v in request.args.items() if k != "page"}
    # The next due date is the occurrences' (work): asked for, not imported.
    columns = merged(task_list_shown.send(None, task_ids=[t.id for t in result.items]))
    return render_template("tasks/index.html", form=form, page=result, args=args,
                           next_due=columns.get("next_due", {}))


def _company_catalogue() -> dict[str, dict]:
    """Each entry as this company sees it (the company profile answers)."""
    return merged(catalogue_shown.send(None, language=locale())).get("entries", {})


@bp.route("/catalogue")
def catalogue_index():  # noqa: ANN201
    """Statutory deadlines to start a task from; those that do not apply to the
    company are left out unless asked for."""
    company = _company_catalogue()
    show_all = request.args.get("all") == "1"
    entries = [{**entry, **company.get(entry["key"], {"applies": True, "next_due": []})}
               for entry in catalogue.entries(locale())]
    hidden = sum(1 for entry in entries if not entry["applies"])
    if not show_all:
        entries = [entry for entry in entries if entry["applies"]]
    return render_template("tasks/catalogue.html", entries=entries, show_all=show_all,
                           hidden=hidden)


# The 10th: the withholding tax's day, the deadline a back office meets most.
NEW_TASK_DAY = 10


@bp.route("/new", methods=["GET", "POST"])
def new():  # noqa: ANN201
    values = None
    key = request.args.get("template")
    if key:
        company = _company_catalogue().get(key, {})
        values = catalogue.task_values(key, locale(), task_service.departments_for(current_user),
                                       schedule=company.get("schedule"))
        if values is None:
            abort(404)
        if "title" in company:
            values["title"] = company["title"]
    else:
        # The form opens on "monthly on a day": with its day empty the schedule
        # would be incomplete, and the preview of its dates answer an error
        # before anything was typed.
        values = {"day": NEW_TASK_DAY}
    form = task_form(values, department_id=request.args.get("department_id", type=int))
    if form.validate_on_submit():
        data = form.task_data()
        if key:
            # Started from the catalogue: its dates follow the company profile (the
            # form offers the entry's deadline basis).
            data.catalogue_key = key
        try:
            task = task_service.create_task(current_user, data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Task created."), "success")
            return redirect(url_for("tasks.show", task_id=task.id))
    return render_template("tasks/form.html", form=form, task=None)


@bp.route("/<int:task_id>")
def show(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    today = org_today()
    # Its due dates, who can do it and whether its procedure needs a review are
    # other features' sections of this page: each adds its own (tasks/signals.py).
    return render_template(
        "tasks/show.html", task=task, scope=scope_of(current_user), confirm=ConfirmForm(),
        today=today, schedule_text=describe_schedule(task.schedule),
        **merged(task_page.send(task, today=today)),
    )


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
def edit(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    form = task_form(task_form_values(task))
    if form.validate_on_submit():
        try:
            task_service.update_task(current_user, task, form.task_data())
        except ValidationError as error:
            show_errors(form, error)
        except Conflict as error:
            abandon()
            form.form_errors.append(translate(error.message))
            return render_template("tasks/form.html", form=form, task=task), 409
        else:
            flash(_("Task saved."), "success")
            return redirect(url_for("tasks.show", task_id=task.id))
    return render_template("tasks/form.html", form=form, task=task)


@bp.route("/<int:task_id>/archive", methods=["POST"])
def archive(task_id: int):  # noqa: ANN201
    return _change_status(task_id, task_service.archive_task, _("Task archived."))


@bp.route("/<int:task_id>/restore", methods=["POST"])
def restore(task_id: int):  # noqa: ANN201
    return _change_status(task_id, task_service.restore_task, _("Task restored."))


def _change_status(task_id: int, operation, message: str):  # noqa: ANN001, ANN202
    task = task_service.get_task(current_user, task_id)
    require_confirmation()
    operation(current_user, task)
    flash(message, "success")
    return redirect(url_for("tasks.show", task_id=task.id))
