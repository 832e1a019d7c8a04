"""People: accounts, roles, departments, sign-in."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from planner.core.errors import N_, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.kana import READING_MAX, reading_to_keep
from planner.core.pagination import Page, paginate
from planner.core.readings import contains, search_matches
from planner.core.roles import ROLES, Role
from planner.people.access import get_visible, scope_of
from planner.people.domain import CAPACITY_MAX, CAPACITY_MIN, LANGUAGES, check_password
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments
from planner.people.sessions import end_sessions
from planner.people.signals import person_deactivated

# Compared against when the e-mail is unknown, so a wrong address and a wrong
# password take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


@dataclass
class PersonData:
    email: str
    name: str
    role: str = "staff"
    language: str = "ja"
    department_ids: list[int] = field(default_factory=list)
    active: bool = True
    access_until: date | None = None
    # フリガナ; empty: suggested from the name.
    reading: str = ""
    # None: the organisation's figure (coverage's default capacity).
    capacity_hours: int | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _check(data: PersonData, person: User | None, departments_later: bool = False) -> None:
    errors: dict[str, list] = {}
    try:
        validate_email(data.email, check_deliverability=False)
    except EmailNotValidError:
        errors["email"] = [N_("Enter a valid e-mail address.")]
    else:
        other = find_by_email(data.email)
        if other is not None and other is not person:
            errors["email"] = [N_("Another person already uses this e-mail address.")]
    if not data.name.strip():
        errors["name"] = [N_("This field is required.")]
    if len(data.reading or "") > READING_MAX:
        errors["reading"] = [N_("At most %(max)d characters.", max=READING_MAX)]
    if data.role not in ROLES:
        errors["role"] = [N_("Unknown role.")]
    if data.language not in LANGUAGES:
        errors["language"] = [N_("Unknown language.")]
    known = set(db.session.scalars(select(Department.id).where(Department.id.in_(data.department_ids))))
    if set(data.department_ids) - known:
        errors["department_ids"] = [N_("Unknown department.")]
    elif not data.department_ids and not Role(data.role).every_department and not departments_later:
        errors["department_ids"] = [N_("Staff and managers belong to at least one department.")]
    if data.capacity_hours is not None and not (
            CAPACITY_MIN <= data.capacity_hours <= CAPACITY_MAX):
        errors["capacity_hours"] = [N_(
            "Enter whole hours from %(min)d to %(max)d, or leave it empty.",
            min=CAPACITY_MIN, max=CAPACITY_MAX)]
    if errors:
        raise ValidationError(errors)


def _apply(person: User, data: PersonData) -> None:
    person.email = normalise_email(data.email)
    name = data.name.strip()
    person.reading = reading_to_keep(data.reading, name, person.name, person.reading)
    person.name = name
    person.role = data.role
    person.language = data.language
    person.active = data.active
    person.access_until = data.access_until
    person.capacity_hours = data.capacity_hours
    person.departments = list(
        db.session.scalars(select(Department).where(Department.id.in_(data.department_ids)))
    )


def create_person(data: PersonData, password: str | None = None, *,
                  departments_later: bool = False) -> User:
    """`departments_later`: a person who arrived by themselves (created at their
    first sign-in through the identity provider) may have no department yet;
    the administrators are told and give them one."""
    _check(data, None, departments_later)
    person = User()
    _apply(person, data)
    if password is not None:
        set_password(person, password)
    db.session.add(person)
    db.session.flush()
    return person


def update_person(person: User, data: PersonData) -> User:
    _check(data, person)
    was_active = person.active
    _apply(person, data)
    if was_active and not person.active:
        end_sessions(person)
    db.session.flush()
    if was_active and not person.active:
        person_deactivated.send(person)
    return person


def set_password(person: User, password: str) -> None:
    if message := check_password(password, person.email or "", person.name or ""):
        raise ValidationError.single("password", message)
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    person.password_hash = generate_password_hash(password, method=method)
    if person.id is not None:
        # Whoever signed in with the old password is out; the person's own
        # browser signs in afresh (account.views.change_password).
        end_sessions(person)


def authenticate(email: str, password: str) -> User | None:
    """The person these credentials belong to, if they may sign in."""
    person = find_by_email(email)
    if person is None or person.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(person.password_hash, password) or not person.is_active:
        return None
    return person


def department_ids_for_codes(codes: list[str]) -> list[int]:
    ids = []
    for code in codes:
        department_id = db.session.scalar(select(Department.id).where(Department.code == code))
        if department_id is None:
            raise ValidationError.single(
                "department", N_("Unknown department: %(code)s", code=code)
            )
        ids.append(department_id)
    return ids


def _people_query(department_id: int | None = None, include_inactive: bool = True,  # noqa: ANN202
                  q: str = ""):
    """Active people first, each part in 五十音 order of the readings."""
    query = select(User).order_by(User.active.desc(), User.reading_key, User.id)
    if text := q.strip():
        # The name and its reading, however the kana were typed; or the address.
        query = query.where(or_(search_matches(User, text),
                                User.email.ilike(contains(text), escape="\\")))
    if department_id:
        # Members by the link table's department index; .any() made it an
        # EXISTS tried against every person.
        query = query.where(User.id.in_(select(user_departments.c.user_id).where(
            user_departments.c.department_id == department_id)))
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return query


def list_people(department_id: int | None = None, include_inactive: bool = True,
                q: str = "") -> list[User]:
    return list(db.session.scalars(_people_query(department_id, include_inactive, q)))


def people_page(department_id: int | None, page: int, per_page: int, q: str = "") -> Page[User]:
    """The people list of the admin pages, a page at a time (the API)."""
    return paginate(_people_query(department_id, q=q), page, per_page)



def get_person(person_id: int) -> User:
    person = db.session.get(User, person_id)
    if person is None:
        raise NotFound()
    return person


def save_department(department: Department | None, code: str, name: str,
                    webhook_url: str | None, active: bool) -> Department:
    """Create or change a department; codes are unique."""
    code = code.strip()
    clash = db.session.scalar(select(Department).where(Department.code == code))
    if clash is not None and clash is not department:
        raise ValidationError.single("code", N_("Another department already uses this code."))
    if department is None:
        department = Department()
        db.session.add(department)
    department.code, department.name = code, name.strip()
    department.webhook_url = (webhook_url or "").strip() or None
    department.active = active
    db.session.flush()
    return department


def list_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.id)))


def departments_seen_by(actor: User) -> list[Department]:
    """Every department for an administrator (inactive ones too, to manage
    them); for anyone else the departments they belong to."""
    scope = scope_of(actor)
    query = select(Department).order_by(Department.id)
    if not scope.all_departments:
        query = query.where(Department.id.in_(scope.department_ids))
    return list(db.session.scalars(query))


def get_department(actor: User, department_id: int) -> Department:
    """A department the actor may see; another one is simply not found."""
    return get_visible(actor, Department, department_id, lambda d: d.id)
