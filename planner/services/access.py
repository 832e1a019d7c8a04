"""The bridge from a signed-in person to the pure permission rules."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from planner.domain.roles import Role, Scope
from planner.extensions import db
from planner.models import ApiToken, Department, User
from planner.models.user import user_departments


def scope_of(user: User) -> Scope:
    return Scope(role=Role(user.role), department_ids=user.department_ids)


def _with_departments(query: Select) -> Select:
    """`query`, joined to User, with each person's departments in the same
    rows, in their order (User.departments'). Every request reads them for its
    scope: by default they came in a second query, and joinedload() writes a
    nested join for the link table that SQLite evaluates over all of
    user_departments (1 ms at 2,000 people); these flat outer joins are an
    index lookup in both databases."""
    return (query.outerjoin(user_departments, user_departments.c.user_id == User.id)
            .outerjoin(Department, Department.id == user_departments.c.department_id)
            .order_by(Department.id))


def signed_in_person(user_id: int) -> User | None:
    """The person of a session, with their departments, in one query."""
    query = _with_departments(select(User).where(User.id == user_id))
    return db.session.scalars(query.options(contains_eager(User.departments))
                              ).unique().one_or_none()


def token_with_person(token_hash: str) -> ApiToken | None:
    """An API or calendar token, its person and their departments, in one query."""
    query = _with_departments(select(ApiToken).join(ApiToken.user)
                              .where(ApiToken.token_hash == token_hash))
    return db.session.scalars(query.options(
        contains_eager(ApiToken.user).contains_eager(User.departments))).unique().one_or_none()
