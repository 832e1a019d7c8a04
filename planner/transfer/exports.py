"""Exports: Excel (openpyxl, write-only so rows stream to the file) and CSV
(UTF-8 with a BOM), for the registry, the skills matrix, workload, the next
12 months' calendar and the portfolio; and the import templates.

Each export is a list of Table objects, written as one sheet each or, for
CSV, as the first table. Rows are generators over queries that yield in
chunks, so a 20,000-task registry is never in memory at once.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from planner.core import labels
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.i18n import month_label
from planner.core.sheets import (
    CHOICE,
    DATE,
    INTEGER,
    TEXT,
    Column,
    Table,
    help_sheet,
    new_sheet,
    value_cells,
)
from planner.coverage import operations as coverage_service
from planner.employees.models import Employee
from planner.people.access import scope_of
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.forms import task_form_values
from planner.tasks.models import Task
from planner.tasks.operations import TaskFilters, task_query
from planner.transfer.columns import EMPLOYEES, SHEET_TITLES, SHEETS, TASKS
from planner.work.models import Occurrence

STREAM_CHUNK = 1000
KINDS = ("registry", "matrix", "workload", "calendar", "portfolio", "employees")

# The colours of the matrix page's cells (app.css .level-N), so the printed
# sheet reads like the screen.
LEVEL_FILLS = {level: PatternFill("solid", fgColor=colour) for level, colour in
               {0: "EEF1F0", 1: "FBE9E5", 2: "FCEFD2", 3: "DFF0E5", 4: "C7E6D2"}.items()}
HEAT_FILLS = [PatternFill("solid", fgColor=c) for c in
              ("FFFFFF", "EEF6F3", "D9EDE6", "FBEFD0", "F8DFA6", "F4C08A", "EB9A83")]
OVERLOAD_FONT = Font(bold=True, color="7A1C0C")








def _streamed(query, chunk: int = STREAM_CHUNK) -> Iterator[Any]:  # noqa: ANN001
    """Rows of a query in chunks, so memory stays flat on both databases
    (keyset pagination, no server-side cursor needed): in 五十音 order where
    the rows have a reading, as the lists on the pages are, else by id."""
    entity = query.column_descriptions[0]["entity"]
    keys = [entity.reading_key, entity.id] if hasattr(entity, "reading_key") else [entity.id]
    ordered = query.order_by(None).order_by(*keys).limit(chunk)
    after: tuple | None = None
    while True:
        page = ordered if after is None else ordered.where(tuple_(*keys) > tuple_(*after))
        rows = list(db.session.scalars(page))
        if not rows:
            return
        yield from rows
        after = tuple(getattr(rows[-1], key.key) for key in keys)
        db.session.expire_all()  # let the chunk go


# ---------------------------------------------------------------- registry --


def task_row(task: Task) -> list[Any]:
    """A task in the columns of the tasks sheet (the import reads it back)."""
    values = task_form_values(task)
    primary = task.primary_owner
    by_column = {**values, "department": task.department.code,
                 "primary_owner": primary.email if primary else None,
                 "lead_days": values["lead_days"],
                 "rrule": task.rrule if values["preset"] == "custom" else None}
    return [by_column.get(c.key) for c in TASKS]


def registry(actor: User, filters: TaskFilters | None = None) -> list[Table]:
    """The tasks sheet, which imports back as it is: without the tasks that
    carry an event type's steps, which have no schedule of their own (the
    events open their occurrences) and are made by the events feature."""
    query = task_query(scope_of(actor), filters or TaskFilters()).where(
        Task.event_step.is_(None))
    return [Table(str(SHEET_TITLES["tasks"]), TASKS,
                  (task_row(t) for t in _streamed(query)))]


# --------------------------------------------------------------- employees --


def employees() -> list[Table]:
    """The roster in the columns of the employees sheet (the import reads it back)."""
    query = select(Employee)
    return [Table(str(SHEET_TITLES["employees"]), EMPLOYEES,
                  ([getattr(e, c.key) for c in EMPLOYEES] for e in _streamed(query)))]


# -------------------------------------------------------------- templates --


def template(kind: str, today: date | None = None) -> Workbook:
    """An empty import sheet with drop-downs, an example row and the help sheet."""
    columns = SHEETS[kind]
    today = today or org_today()
    book = Workbook(write_only=True)
    sheet = new_sheet(book, str(SHEET_TITLES[kind]), columns, validations=True)
    sheet.append(value_cells(sheet, columns, [c.example_on(today) for c in columns]))
    help_sheet(book, columns)
    return book


# ------------------------------------------------------------------ matrix --


def matrix(actor: User, department_ids: list[int]) -> list[Table]:
    """Per department, the colour-coded grid; then the owners list in the
    owners sheet's columns (so the export imports again)."""
    tables = []
    owners = SHEETS["owners"]
    listing: list[list[Any]] = []
    for department_id in department_ids:
        grid = coverage_service.matrix(actor, department_id)
        people = list(grid.people)
        columns = [Column("code", _("Code"), width=12), Column("title", _("Task"), width=32),
                   *(Column(f"p{p.id}", p.name, INTEGER, width=8) for p in people),
                   Column("qualified", _("Qualified"), INTEGER, width=10)]
        rows = []
        for task in grid.tasks:
            levels = [grid.cell(task.id, p.id) for p in people]
            rows.append([task.code, task.title,
                         *(cell.level if cell else None for cell in levels),
                         sum(1 for cell in levels if cell and cell.level >= 3)])
            listing.extend([task.code, task.title, p.email, cell.role, cell.level]
                           for p, cell in zip(people, levels, strict=True) if cell)

        def colour(cell: WriteOnlyCell, index: int, values: list[Any],
                   last: int = len(columns) - 1) -> None:
            if 2 <= index < last and values[index] is not None:
                cell.fill = LEVEL_FILLS[values[index]]
            elif index == last and values[index] is not None and values[index] <= 1:
                cell.fill, cell.font = LEVEL_FILLS[1], OVERLOAD_FONT

        tables.append(Table(_("%(department)s matrix", department=grid.department.name), columns, rows, colour))
    tables.append(Table(str(SHEET_TITLES["owners"]), owners, listing))
    return tables


# ---------------------------------------------------------------- workload --


def workload(actor: User, department_ids: list[int], first: date | None = None,
             months: int = 12) -> list[Table]:
    """Hours of registered work per person and month, shaded like the heatmap."""
    tables = []
    for department_id in department_ids:
        grid = coverage_service.department_workload(actor, department_id, first, months)
        department = db.session.get(Department, department_id)
        columns = [Column("person", _("Person"), width=20),
                   Column("capacity", _("Capacity (hours a month)"), INTEGER, width=10),
                   *(Column(m, month_label(m), TEXT, width=11) for m in grid.months)]
        rows = [[p.name, grid.capacity[p.id], *(round(c.hours, 1) for c in grid.row(p.id))]
                for p in grid.people]

        def shade(cell: WriteOnlyCell, index: int, values: list[Any]) -> None:
            if index < 2:
                return
            capacity = values[1] or 1
            ratio = (values[index] or 0) / capacity
            cell.fill = HEAT_FILLS[min(math.ceil(ratio * 5), 6)]
            if ratio > 1:
                cell.font = OVERLOAD_FONT

        tables.append(Table(_("%(department)s workload", department=department.name), columns, rows, shade))
    return tables


# ---------------------------------------------------------------- calendar --

def calendar(actor: User, department_ids: list[int], months: int = 12,
             today: date | None = None) -> list[Table]:
    """Every occurrence of these departments due in the next `months`, by date."""
    today = today or org_today()
    scope = scope_of(actor)
    columns = [Column("due_date", _("Due"), DATE, width=12),
               Column("nominal_date", _("Nominal date"), DATE, width=12),
               Column("code", _("Code"), width=12), Column("title", _("Task"), width=32),
               Column("department", _("Department"), width=14),
               Column("owner", _("Primary owner"), width=20),
               Column("status", _("Status"), CHOICE, choices=labels.OCCURRENCE_STATUS,
                      width=10),
               # Last, so the columns before keep their places for whoever reads them.
               Column("work_by", _("Work by"), DATE, width=12)]
    query = (select(Occurrence).join(Occurrence.task)
             .where(Occurrence.due_date >= today,
                    Occurrence.due_date < today + relativedelta(months=months),
                    Occurrence.status != "cancelled")
             .options(selectinload(Occurrence.task).selectinload(Task.owners)))
    query = query.where(Task.department_id.in_(scope.restrict(department_ids) or []))

    def rows() -> Iterator[list[Any]]:
        last: tuple[date, int] = (date.min, 0)
        while True:
            chunk = list(db.session.scalars(
                query.where((Occurrence.due_date > last[0]) | (
                    (Occurrence.due_date == last[0]) & (Occurrence.id > last[1])))
                .order_by(Occurrence.due_date, Occurrence.id).limit(STREAM_CHUNK)))
            if not chunk:
                return
            for o in chunk:
                owner = o.task.primary_owner
                yield [o.due_date, o.nominal_date, o.task.code, o.task.title,
                       o.task.department.name, owner.name if owner else None, o.status,
                       o.work_by]
            last = (chunk[-1].due_date, chunk[-1].id)
            db.session.expire_all()

    return [Table(_("Calendar"), columns, rows())]


# --------------------------------------------------------------- portfolio --



