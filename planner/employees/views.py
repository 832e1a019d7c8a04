"""The roster's pages: the list with its search, adding and changing an
employee, and removing a leaver's personal data."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    json,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.access import requires_role
from planner.core.errors import ValidationError
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.roles import Role
from planner.core.transaction import abandon
from planner.core.web_util import page_arg, require_confirmation, show_errors
from planner.employees import operations as roster
from planner.employees.forms import (
    CURRENT_VALUES,
    EMPLOYMENT_TYPE,
    EmployeeFilterForm,
    EmployeeForm,
)
from planner.employees.operations import EmployeeData, EmployeeFilters

bp = Blueprint("employees", __name__, url_prefix="/employees")
PER_PAGE = 50


def _filters() -> tuple[EmployeeFilterForm, EmployeeFilters]:
    form = EmployeeFilterForm(request.args)
    form.validate()  # a bad filter is dropped, its message shown next to it
    valid = {name: (field.data if not field.errors else None)
             for name, field in form._fields.items()}
    return form, EmployeeFilters(q=valid["q"] or "", current=CURRENT_VALUES.get(valid["current"]),
                                 employment_type=valid["employment_type"] or None)


def _data(form: EmployeeForm) -> EmployeeData:
    return EmployeeData(**{name: form[name].data for name in roster.FIELDS})


@bp.route("/")
def index():  # noqa: ANN201
    form, filters = _filters()
    result = roster.employee_page(current_user, filters, page_arg(), PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("employees/index.html", form=form, page=result, args=args,
                           types=EMPLOYMENT_TYPE, may_edit=roster.may_edit(current_user))


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.MANAGER)
def new():  # noqa: ANN201
    form = EmployeeForm()
    if form.validate_on_submit():
        try:
            employee = roster.create_employee(current_user, _data(form))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Employee added."), "success")
            return redirect(url_for("employees.show", employee_id=employee.id))
    status = 400 if request.method == "POST" else 200
    return render_template("employees/form.html", form=form, employee=None), status


@bp.route("/<int:employee_id>", methods=["GET", "POST"])
def show(employee_id: int):  # noqa: ANN201
    """Staff see the record read-only; managers and administrators change it."""
    employee = roster.get_employee(current_user, employee_id)
    editable = roster.may_edit(current_user) and employee.anonymised_at is None
    if request.method == "POST" and not roster.may_edit(current_user):
        abort(403)
    form = EmployeeForm(obj=employee)
    if editable and form.validate_on_submit():
        try:
            roster.update_employee(current_user, employee, _data(form).__dict__)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("employees.show", employee_id=employee.id))
    status = 400 if request.method == "POST" else 200
    return render_template("employees/form.html", form=form, employee=employee,
                           editable=editable, types=EMPLOYMENT_TYPE,
                           confirm=ConfirmForm()), status


@bp.route("/<int:employee_id>/personal-data.json")
@requires_role(Role.ADMIN)
def personal_data(employee_id: int):  # noqa: ANN201
    """Everything held about the employee, as a download (a data-subject request)."""
    employee = roster.get_employee(current_user, employee_id)
    body = json.dumps(roster.personal_data(current_user, employee), ensure_ascii=False,
                      indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="employee-{employee.id}.json"')
    return response


@bp.route("/<int:employee_id>/anonymise", methods=["POST"])
@requires_role(Role.ADMIN)
def anonymise(employee_id: int):  # noqa: ANN201
    employee = roster.get_employee(current_user, employee_id)
    require_confirmation()
    try:
        roster.anonymise(current_user, employee)
    except ValidationError as error:
        abandon()
        flash(" ".join(translate(m) for messages in error.fields.values() for m in messages),
              "error")
    else:
        flash(_("Personal data removed; the procedures done for this employee stay."),
              "success")
    return redirect(url_for("employees.show", employee_id=employee.id))
