"""People (administrators, like the admin pages) and departments."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, attributes, bp, page_json, requires_role
from planner.core.api_forms import form_from_json, page_params, query_int, require_valid
from planner.core.errors import N_, ValidationError
from planner.core.limits import storable
from planner.core.roles import ROLES, Role
from planner.people import operations as users
from planner.people.access import scope_of
from planner.people.forms import DepartmentForm, PersonForm
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.people.operations import PersonData

# --- People -------------------------------------------------------------------

PERSON_FIELDS = ("name", "reading", "email", "role", "language", "department_ids", "active",
                 "access_until", "capacity_hours")


def person_json(person: User) -> dict[str, Any]:
    """A person as the API shows them: never the password hash or session version."""
    return {**attributes(person, "id", "name", "reading", "email", "role", "language",
                            "active"),
            "department_ids": sorted(person.department_ids),
            **attributes(person, "capacity_hours", "created_at", "access_until")}


def person_ref(person: User | None) -> dict[str, Any] | None:
    """A person named inside another feature's record: id and name only."""
    return {"id": person.id, "name": person.name} if person is not None else None


def _person_form(payload: Any, base: dict[str, Any] | None = None) -> PersonForm:
    form = form_from_json(PersonForm, payload, base)
    # Any id may be sent; the service names an unknown department.
    form.department_ids.validate_choice = False
    require_valid(form)
    return form


def _person_data(form: PersonForm) -> PersonData:
    return PersonData(email=form.email.data or "", name=form.name.data or "",
                      reading=form.reading.data or "",
                      role=form.role.data, language=form.language.data,
                      department_ids=list(form.department_ids.data or []),
                      active=bool(form.active.data), access_until=form.access_until.data,
                      capacity_hours=form.capacity_hours.data)


SEARCH_MAX = 120
SEARCH = openapi.query_param(
    "q", {"type": "string", "maxLength": SEARCH_MAX},
    "A name or its reading in kanji, hiragana, katakana or half-width katakana, or an e-mail "
    "address")


def _search() -> str:
    q = request.args.get("q", "")
    if len(q) > SEARCH_MAX:
        raise ValidationError.single("q", N_("At most %(max)d characters.", max=SEARCH_MAX))
    if not storable(q):  # PostgreSQL refuses NUL even in a LIKE pattern
        raise ValidationError.single("q", N_("Contains characters that cannot be stored."))
    return q


@bp.get("/people")
@requires_role(Role.ADMIN)
def list_people():  # noqa: ANN201
    department_id = query_int("department_id")
    page, per_page = page_params()
    result = users.people_page(department_id, page, per_page, q=_search())
    return page_json(result, person_json)


@bp.post("/people")
@requires_role(Role.ADMIN)
def create_person():  # noqa: ANN201
    form = _person_form(request.get_json(silent=True))
    person = users.create_person(_person_data(form), form.password.data or None)
    return jsonify(person_json(person)), 201


@bp.get("/people/<int:person_id>")
@requires_role(Role.ADMIN)
def get_person(person_id: int):  # noqa: ANN201
    return jsonify(person_json(users.get_person(person_id)))


@bp.patch("/people/<int:person_id>")
@requires_role(Role.ADMIN)
def update_person(person_id: int):  # noqa: ANN201
    """Only the fields sent change; a password, if sent, replaces the old one."""
    person = users.get_person(person_id)
    current = {k: v for k, v in person_json(person).items() if k in PERSON_FIELDS}
    form = _person_form(request.get_json(silent=True), base=current)
    users.update_person(person, _person_data(form))
    if form.password.data:
        users.set_password(person, form.password.data)
    return jsonify(person_json(person))


# --- Departments --------------------------------------------------------------


def department_json(department: Department, actor: User) -> dict[str, Any]:
    body = {"id": department.id, "code": department.code, "name": department.name,
            "active": department.active}
    # The webhook URL is a credential of the chat channel: administrators only.
    if scope_of(actor).can_administer:
        body["webhook_url"] = department.webhook_url
    return body


def _department_form(payload: Any, base: dict[str, Any] | None = None) -> DepartmentForm:
    form = require_valid(form_from_json(DepartmentForm, payload, base))
    return form


def _save(department: Department | None, form: DepartmentForm) -> Department:
    return users.save_department(department, form.code.data, form.name.data,
                                 form.webhook_url.data, bool(form.active.data))


@bp.get("/departments")
def list_departments():  # noqa: ANN201
    """The caller's departments; an administrator's are all of them."""
    page, per_page = page_params()
    found = users.departments_seen_by(api_user())
    chunk = found[(page - 1) * per_page: page * per_page]
    return jsonify({"items": [department_json(d, api_user()) for d in chunk],
                    "total": len(found), "page": page, "per_page": per_page})


@bp.post("/departments")
@requires_role(Role.ADMIN)
def create_department():  # noqa: ANN201
    department = _save(None, _department_form(request.get_json(silent=True)))
    return jsonify(department_json(department, api_user())), 201


@bp.get("/departments/<int:department_id>")
def get_department(department_id: int):  # noqa: ANN201
    department = users.get_department(api_user(), department_id)
    return jsonify(department_json(department, api_user()))


@bp.patch("/departments/<int:department_id>")
@requires_role(Role.ADMIN)
def update_department(department_id: int):  # noqa: ANN201
    department = users.get_department(api_user(), department_id)
    current = department_json(department, api_user())
    current.pop("id")
    form = _department_form(request.get_json(silent=True), base=current)
    _save(department, form)
    return jsonify(department_json(department, api_user()))


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    person = openapi.form_schema(openapi.blank_form(PersonForm))
    person["properties"]["email"]["format"] = "email"
    return {
        "Person": openapi.object_of({
            "id": openapi.INTEGER, "name": openapi.STRING,
            "reading": {"type": "string", "description": "フリガナ in katakana; suggested from "
                                                         "the name when sent empty"},
            "email": openapi.STRING,
            "role": {"type": "string", "enum": list(ROLES)},
            "language": openapi.STRING, "active": openapi.BOOLEAN,
            "department_ids": {"type": "array", "items": openapi.INTEGER},
            "capacity_hours": {**openapi.nullable(openapi.INTEGER), "description": (
                "Hours a month of registered recurring work this person carries (a "
                "part-timer's 20); null: the organisation's figure")},
            "created_at": openapi.DATETIME,
            "access_until": openapi.nullable(openapi.DATE)}),
        "PersonPage": openapi.page_of("Person"),
        "Department": openapi.object_of({
            "id": openapi.INTEGER, "code": openapi.STRING, "name": openapi.STRING, "active": openapi.BOOLEAN,
            "webhook_url": {**openapi.nullable(openapi.STRING), "description": "Administrators only"},
        }, optional=("webhook_url",)),
        "DepartmentPage": openapi.page_of("Department"),
        "PersonInput": person,
        "PersonPatch": {**person, "required": []},
        "DepartmentInput": openapi.form_schema(openapi.blank_form(DepartmentForm)),
        "DepartmentPatch": openapi.form_schema(openapi.blank_form(DepartmentForm), required=False),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    person_id, department_id = openapi.path_param("person_id"), openapi.path_param("department_id")
    return {
        "/people": {
            "get": openapi.op("List people (administrators)", openapi.ok("PersonPage"), (403, 422),
                      parameters=[openapi.query_param("department_id", openapi.ID), SEARCH,
                                  *openapi.PAGING], tag="People",
                      description="Active people first, each part in 五十音 order of the "
                                  "readings."),
            "post": openapi.op("Add a person (administrators)", openapi.ok("Person", 201, "Created"),
                       (403, 422), body=openapi.ref("PersonInput"), tag="People",
                       description="Without a password the person cannot sign in yet."),
        },
        "/people/{person_id}": {
            "parameters": [person_id],
            "get": openapi.op("One person (administrators)", openapi.ok("Person"), (403, 404),
                      tag="People"),
            "patch": openapi.op("Change a person (administrators)", openapi.ok("Person"), (403, 404, 422),
                        body=openapi.ref("PersonPatch"), tag="People",
                        description="Only the fields sent change; deactivating signs the "
                                    "person out everywhere."),
        },
        "/departments": {
            "get": openapi.op("The caller's departments (administrators: all)",
                      openapi.ok("DepartmentPage"), (422,), parameters=openapi.PAGING, tag="People"),
            "post": openapi.op("Add a department (administrators)",
                       openapi.ok("Department", 201, "Created"), (403, 422),
                       body=openapi.ref("DepartmentInput"), tag="People"),
        },
        "/departments/{department_id}": {
            "parameters": [department_id],
            "get": openapi.op("One department", openapi.ok("Department"), (404,), tag="People"),
            "patch": openapi.op("Change a department (administrators)", openapi.ok("Department"),
                        (403, 404, 422), body=openapi.ref("DepartmentPatch"), tag="People"),
        },
    }
