"""The employee roster's use cases: list and search, read, add, change (only
the fields given), find-or-add by 社員番号 for the events feature, and
removing a leaver's personal data. Everyone signed in reads the roster (staff
carry out the procedures); managers and administrators change it."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select

from planner.core.audit_entry import AuditEntry
from planner.core.clock import org_today
from planner.core.errors import N_, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.readings import contains, search_matches
from planner.core.roles import Role
from planner.core.signals import merged
from planner.core.types import utcnow
from planner.employees import domain
from planner.employees.models import Employee
from planner.employees.signals import employee_anonymised, employee_personal_data
from planner.people.models.user import User


@dataclass
class EmployeeData:
    number: str
    name: str
    name_kana: str = ""
    division: str = ""
    employment_type: str = "regular"
    hire_date: date | None = None
    leave_date: date | None = None
    health_pension_insured: bool = True
    employment_insurance_insured: bool = True


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(EmployeeData))


@dataclass(frozen=True)
class EmployeeFilters:
    q: str = ""
    employment_type: str | None = None
    current: bool | None = None  # True: still employed today; False: left


def may_edit(actor: User) -> bool:
    return Role(actor.role).at_least(Role.MANAGER)


def _require_editor(actor: User | None) -> None:
    if actor is not None and not may_edit(actor):
        raise Forbidden(N_("Only managers and administrators change the employee roster."))


def normalised(data: EmployeeData) -> EmployeeData:
    """The values as stored: full-width digits in a number and half-width
    katakana in a reading are what a pasted cell often holds."""
    name = domain.normalise_name(data.name or "")
    return EmployeeData(
        number=domain.normalise_number(data.number or ""), name=name,
        # Left empty, the reading is suggested (core.kana) where it can be.
        name_kana=domain.normalise_kana(data.name_kana or "") or domain.suggested_kana(name),
        division=domain.normalise_text(data.division or ""),
        employment_type=data.employment_type, hire_date=data.hire_date,
        leave_date=data.leave_date, health_pension_insured=bool(data.health_pension_insured),
        employment_insurance_insured=bool(data.employment_insurance_insured))


def find_by_number(number: str) -> Employee | None:
    return db.session.scalar(select(Employee).where(
        Employee.number == domain.normalise_number(number)))


def check(data: EmployeeData, employee: Employee | None) -> EmployeeData:
    """The normalised data, or a ValidationError naming each field at fault."""
    data = normalised(data)
    errors = domain.check(data.number, data.name, data.name_kana, data.employment_type,
                          data.hire_date, data.leave_date)
    if len(data.division) > domain.TEXT_CHARS:
        errors["division"] = [N_("At most %(max)d characters.", max=domain.TEXT_CHARS)]
    if "number" not in errors:
        other = find_by_number(data.number)
        if other is not None and other is not employee:
            errors["number"] = [N_("Another employee already has this number.")]
    if employee is not None and employee.anonymised_at is not None:
        errors.setdefault("name", []).append(
            N_("This employee's personal data was removed; the record can no longer change."))
    if errors:
        raise ValidationError(errors)
    return data


def _apply(employee: Employee, data: EmployeeData) -> None:
    for name in FIELDS:
        setattr(employee, name, getattr(data, name))


def create_employee(actor: User | None, data: EmployeeData) -> Employee:
    """Add an employee. `actor` None: a caller that authorised the change itself
    (a webhook checked by its secret)."""
    _require_editor(actor)
    data = check(data, None)
    employee = Employee()
    _apply(employee, data)
    db.session.add(employee)
    db.session.flush()
    return employee


def current_data(employee: Employee) -> EmployeeData:
    return EmployeeData(**{name: getattr(employee, name) for name in FIELDS})


def update_employee(actor: User | None, employee: Employee, changes: dict[str, Any]) -> Employee:
    """Change the fields in `changes`; the others keep their values."""
    _require_editor(actor)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({name: [N_("Unknown field.")] for name in sorted(unknown)})
    data = check(EmployeeData(**{**current_data(employee).__dict__, **changes}), employee)
    _apply(employee, data)
    db.session.flush()
    return employee


def find_or_create(actor: User | None, data: EmployeeData) -> tuple[Employee, bool]:
    """The employee with this number, or a new one from `data` (an event for
    someone not on the roster yet adds them); True when added. An existing
    employee is returned as the roster holds them: the event does not
    overwrite what the personnel clerk keeps."""
    existing = find_by_number(data.number or "")
    if existing is not None:
        return existing, False
    return create_employee(actor, data), True


def get_employee(actor: User, employee_id: int) -> Employee:
    employee = db.session.get(Employee, employee_id)
    if employee is None:
        raise NotFound()
    return employee


def _query(filters: EmployeeFilters, today: date) -> Select:
    query = select(Employee).order_by(Employee.reading_key, Employee.number)
    if text := filters.q.strip():
        pattern = contains(text)
        # The name and its reading: やまだ, ﾔﾏﾀﾞ and 山田 alike.
        query = query.where(or_(Employee.number.ilike(pattern, escape="\\"),
                                search_matches(Employee, text),
                                Employee.division.ilike(pattern, escape="\\")))
    if filters.employment_type:
        query = query.where(Employee.employment_type == filters.employment_type)
    if filters.current is True:
        query = query.where(or_(Employee.leave_date.is_(None), Employee.leave_date >= today))
    elif filters.current is False:
        query = query.where(Employee.leave_date < today)
    return query


def employee_page(actor: User, filters: EmployeeFilters, page: int, per_page: int
                  ) -> Page[Employee]:
    """A page of the roster in 五十音 order of the readings. Someone still employed on their leave
    date is current; they have left from the day after."""
    if filters.employment_type and filters.employment_type not in domain.EMPLOYMENT_TYPES:
        raise ValidationError.single("employment_type", N_("Unknown employment type."))
    return paginate(_query(filters, org_today()), page, per_page)


def anonymise(actor: User, employee: Employee) -> Employee:
    """Remove a leaver's personal data: the record stays, as the events and
    procedures done for them point at it, with its number, division, type and
    dates; the name becomes （削除済み） and the reading goes, in the audit
    trail too. Administrators only, as for people."""
    if not Role(actor.role).at_least(Role.ADMIN):
        raise Forbidden()
    if employee.anonymised_at is not None:
        return employee
    if employee.leave_date is None or employee.leave_date >= org_today():
        raise ValidationError.single("leave_date", N_(
            "Only employees who have left are anonymised: set a leave date in the past first."))
    secrets = {s for s in (employee.name, employee.name_kana) if s}
    employee.name, employee.name_kana = domain.REMOVED_NAME, ""
    employee.anonymised_at = utcnow()
    db.session.flush()
    for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == Employee.__name__,
            AuditEntry.entity_id == str(employee.id))):
        entry.changes = _scrub(entry.changes, secrets)
    db.session.flush()
    employee_anonymised.send(employee, actor=actor)
    return employee


def personal_data(actor: User, employee: Employee) -> dict[str, Any]:
    """Everything the planner holds about the employee, as JSON-ready data:
    the roster's record, then each feature's section (its receivers of
    `employee_personal_data`). Administrators only."""
    if not Role(actor.role).at_least(Role.ADMIN):
        raise Forbidden()
    record = {name: _iso(getattr(employee, name)) for name in ("id", *FIELDS, "anonymised_at",
                                                               "created_at", "updated_at")}
    return {"employee": record, **merged(employee_personal_data.send(employee))}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _scrub(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return domain.REMOVED_NAME if isinstance(value, str) and value in secrets else value
