"""The roster on the API: everyone signed in reads it, managers and
administrators change it; a number taken twice is a 422 on `number`, as the
people API refuses an e-mail address taken twice."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, attributes, bp, page_json, requires_role
from planner.core.api_forms import form_from_json, page_params, require_valid
from planner.core.roles import Role
from planner.employees import operations as roster
from planner.employees.domain import EMPLOYMENT_TYPES
from planner.employees.forms import CURRENT_VALUES, EmployeeFilterForm, EmployeeForm
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData, EmployeeFilters


def employee_json(employee: Employee) -> dict[str, Any]:
    return attributes(employee, "id", *roster.FIELDS, "anonymised_at", "updated_at")


def _values(form: EmployeeForm, names: Any) -> dict[str, Any]:
    return {name: form[name].data for name in names}


@bp.get("/employees")
def list_employees():  # noqa: ANN201
    """The page's filters, checked by the page's form: a bad value is a 422 on its name."""
    form = require_valid(EmployeeFilterForm(request.args))
    page, per_page = page_params()
    filters = EmployeeFilters(q=form.q.data or "", current=CURRENT_VALUES.get(form.current.data),
                              employment_type=form.employment_type.data or None)
    return page_json(roster.employee_page(api_user(), filters, page, per_page), employee_json)


@bp.post("/employees")
@requires_role(Role.MANAGER)
def create_employee():  # noqa: ANN201
    form = require_valid(form_from_json(EmployeeForm, request.get_json(silent=True)))
    employee = roster.create_employee(api_user(), EmployeeData(**_values(form, roster.FIELDS)))
    return jsonify(employee_json(employee)), 201


@bp.get("/employees/<int:employee_id>")
def get_employee(employee_id: int):  # noqa: ANN201
    return jsonify(employee_json(roster.get_employee(api_user(), employee_id)))


@bp.patch("/employees/<int:employee_id>")
@requires_role(Role.MANAGER)
def update_employee(employee_id: int):  # noqa: ANN201
    """Only the fields sent change."""
    employee = roster.get_employee(api_user(), employee_id)
    payload = request.get_json(silent=True)
    current = {k: v for k, v in employee_json(employee).items() if k in roster.FIELDS}
    form = require_valid(form_from_json(EmployeeForm, payload, base=current))
    roster.update_employee(api_user(), employee, _values(form, payload))
    return jsonify(employee_json(employee))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    form = openapi.form_schema(openapi.blank_form(EmployeeForm))
    return {
        "Employee": openapi.object_of({
            "id": openapi.INTEGER, "number": openapi.STRING, "name": openapi.STRING,
            "name_kana": openapi.STRING, "division": openapi.STRING,
            "employment_type": {"type": "string", "enum": list(EMPLOYMENT_TYPES)},
            "hire_date": openapi.nullable(openapi.DATE),
            "leave_date": openapi.nullable(openapi.DATE),
            "health_pension_insured": openapi.BOOLEAN,
            "employment_insurance_insured": openapi.BOOLEAN,
            "anonymised_at": openapi.nullable(openapi.DATETIME),
            "updated_at": openapi.DATETIME}),
        "EmployeePage": openapi.page_of("Employee"),
        "EmployeeInput": form,
        "EmployeePatch": {**form, "required": []},
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    employee_id = openapi.path_param("employee_id")
    filters = openapi.form_parameters(EmployeeFilterForm(formdata=None))
    return {
        "/employees": {
            "get": openapi.op("The employee roster", openapi.ok("EmployeePage"), (422,),
                              parameters=[*filters, *openapi.PAGING], tag="Employees"),
            "post": openapi.op("Add an employee (managers)", openapi.ok("Employee", 201, "Created"),
                               (403, 422), body=openapi.ref("EmployeeInput"), tag="Employees",
                               description="A number already on the roster is refused (422 on "
                                           "`number`). Half-width katakana in `name_kana` is "
                                           "made full-width."),
        },
        "/employees/{employee_id}": {
            "parameters": [employee_id],
            "get": openapi.op("One employee", openapi.ok("Employee"), (404,), tag="Employees"),
            "patch": openapi.op("Change an employee (managers)", openapi.ok("Employee"),
                                (403, 404, 422), body=openapi.ref("EmployeePatch"),
                                tag="Employees", description="Only the fields sent change."),
        },
    }
