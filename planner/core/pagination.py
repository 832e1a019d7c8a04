from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

from flask import has_request_context, request
from sqlalchemy import Select, func, select

from planner.core import api
from planner.core.errors import N_, NotFound
from planner.core.extensions import db

T = TypeVar("T")


class PageNotFound(NotFound):
    """A page number that names no page of the list, on a web page: 404. The
    API answers an empty page past the last one instead (its clients read
    pages until one is empty) and refuses a number out of 1..INT_MAX (422)."""

    def __init__(self, last: int | None = None) -> None:
        super().__init__(N_("This list has no such page.") if last is None else
                         N_("This list has no such page; its last page is %(last)d.", last=last))


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    def __post_init__(self) -> None:
        # Every page of a list, from the database or from memory, is made
        # here: the one place a stale or made-up ?page= is caught.
        if self.page > self.pages and has_request_context() and request.blueprint != api.bp.name:
            raise PageNotFound(self.pages)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def count(query: Select) -> int:
    """The number of rows `query` returns."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def paginate(query: Select, page: int, per_page: int, count_in_rows: bool = False,
             total: int | None = None) -> Page:
    """A page of `query` and the number of all its rows (`total` when the
    caller knows it already).

    count_in_rows: the total comes with the rows (COUNT(*) OVER ()), from the
    one pass that finds them, instead of a second query that finds them all
    again. For a query whose every match must be found by testing rows one by
    one (a text search: 4 ms a pass over a department's tasks in PostgreSQL)
    and whose matches are few; with many, SQLite would copy them all to count
    them, and the separate count is cheaper. Only for a query of one entity
    without joined collections (its rows are not de-duplicated)."""
    offset = (page - 1) * per_page
    if count_in_rows:
        rows = db.session.execute(
            query.add_columns(func.count().over()).limit(per_page).offset(offset)).all()
        if rows:
            return Page(items=[row[0] for row in rows], total=rows[0][-1], page=page,
                        per_page=per_page)
        # Past the last page (or nothing matches): the total is counted apart.
        return Page(items=[], total=count(query) if page > 1 else 0, page=page,
                    per_page=per_page)
    if total is None:
        total = count(query)
    items = list(db.session.scalars(query.limit(per_page).offset(offset)).unique())
    return Page(items=items, total=total, page=page, per_page=per_page)
