"""Importing spreadsheets: a dry run that reports, row by row, what would be
created, updated or rejected and why; a commit that applies the same file in
one transaction, or nothing.

Rows are checked by the same forms and service rules as the pages. The file is
streamed in batches: a batch is checked and, on commit, applied and flushed,
so memory does not grow with the file; the caller commits at the end only if
no row was rejected (`ImportReport.committed`), and rolls back otherwise.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import IO, Any, NamedTuple

from flask import current_app
from openpyxl.utils import get_column_letter
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Mapper, selectinload
from werkzeug.datastructures import MultiDict

from planner.core import audit, bulk, readings
from planner.core.audit_entry import AuditEntry
from planner.core.clock import org_timezone, org_today
from planner.core.errors import N_, DomainError, Message, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.core.sheet_reader import ReadLimits, declared_rows, header_key
from planner.core.sheets import (
    Column,
    Problem,
    SheetError,
    SheetRow,
    iter_data_rows,
    missing_columns,
    read_header,
    read_limits,
    read_sheet,
)
from planner.costing import operations as costing
from planner.costing.forms import CostProfileForm
from planner.coverage import absences as absence_service
from planner.coverage import operations as coverage_service
from planner.coverage.forms import AbsenceForm
from planner.coverage.models.absence import Absence
from planner.employees import operations as roster
from planner.employees.domain import normalise_number
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData
from planner.events.domain import EmployeeFacts, EventType
from planner.events.event_types import event_types
from planner.events.models import Event
from planner.events.operations import StepPlanner, record_event
from planner.notifications import operations as notifications
from planner.people.access import scope_of
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.procedures import operations as procedures
from planner.procedures.models import ProcedureVersion
from planner.tasks.forms import TaskForm, task_form_values
from planner.tasks.models import Task, TaskOwner
from planner.tasks.operations import TaskData, apply_task_data
from planner.transfer.columns import SHEETS
from planner.work import operations as occurrences
from planner.work.models import Occurrence

BATCH = 500
BATCH_CHARS = 4_000_000
KEY_CHARS = 100
NOTE_CHARS = 500  # events.note
CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"


@dataclass
class RowReport:
    row: int
    key: str
    action: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # headers of the changed columns
    # An event's row: the event, and the steps it opens.
    event: EventLine | None = None
    opens: list[OpenedStep] = field(default_factory=list)


class EventLine(NamedTuple):
    employee: str  # number and name
    type_key: str
    date: date


class OpenedStep(NamedTuple):
    title_ja: str
    title_en: str
    due: date
    key: str
    owner: str | None  # the proposed owner's name; None: nobody yet


@dataclass
class ImportReport:
    kind: str
    rows: list[RowReport] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)  # nothing was read
    notes: list[Problem] = field(default_factory=list)  # e.g. a column ignored
    committed: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED, REJECT), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not self.file_problems and all(r.action != REJECT for r in self.rows)


def run_import(actor: User, kind: str, stream: IO[bytes], commit: bool = False,
               max_rows: int | None = None, limits: ReadLimits | None = None,
               progress: Callable[[int], None] | None = None) -> ImportReport:
    """Check (and with `commit`, apply) a workbook of `kind` for `actor`.

    The file is read under `limits` (default: the IMPORT_* settings; `max_rows`
    overrides their row limit), in a child process, on the dry run and on the
    commit alike. Never commits: the caller commits when `report.committed`,
    else rolls back.
    """
    importer = IMPORTERS[kind](actor)
    columns = SHEETS[kind]
    report = ImportReport(kind)
    limits = limits or read_limits(current_app.config)
    if max_rows is not None:
        limits = replace(limits, max_rows=max_rows)
    audit.set_actor(actor.id)
    try:
        sheet = read_sheet(stream, columns, limits)
    except SheetError as error:
        report.file_problems.append(Problem("", "", error.message))
        return report
    try:
        positions, report.notes = read_header(sheet.header, columns)
        if missing := missing_columns(positions, columns):
            report.file_problems.extend(
                Problem("1", str(c.label), N_("This column is missing: add a column headed "
                                              "“%(header)s” (see the template).",
                                              header=str(c.label)))
                for c in missing)
            return report
        if sheet.merged:
            report.file_problems.append(Problem("", "", N_(
                "The sheet has merged cells. Unmerge them (Home → Merge & Center) so that "
                "every row has its own values, and upload again.")))
            return report
        importer.letters = {key: get_column_letter(index + 1) for index, key in positions.items()}
        applying = commit
        for batch in _batches(iter_data_rows(sheet.rows(), positions, columns), BATCH):
            results = importer.check(batch, {c.key for c in columns
                                             if c.key in positions.values()})
            report.rows.extend(r for r, _ in results)
            if applying and any(r.action == REJECT for r, _ in results):
                applying = False  # keep checking, to report every row; apply nothing more
            if applying:
                importer.apply([(r, planned) for r, planned in results
                                if r.action in (CREATE, UPDATE)])
            if progress:
                progress(len(batch))
        if applying and report.ok:
            importer.finish()
            report.committed = True
    finally:
        sheet.close()
    return report


def _batches(rows: Iterable[SheetRow], size: int,
             max_chars: int = BATCH_CHARS) -> Iterator[list[SheetRow]]:
    """Rows `size` at a time, or fewer when their text passes `max_chars`: a
    row of long cells (up to the cell limit each) must not make a batch large."""
    batch: list[SheetRow] = []
    chars = 0
    for row in rows:
        batch.append(row)
        chars += row.size
        if len(batch) >= size or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _form_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "y" if value else ""  # as a checkbox sends it (WTForms reads "False" as ticked)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class _Rows:
    """Collects a row's problems, each against the cell of its column."""
    def __init__(self, row: SheetRow, importer: _Importer) -> None:
        self.row = row
        self.columns = importer.by_key
        self.letters = importer.letters
        self.problems = list(row.problems)

    def add(self, key: str, message: Message | str) -> None:
        column = self.columns.get(key)
        ref = f"{self.letters.get(key, '')}{self.row.number}"
        self.problems.append(Problem(ref, str(column.label) if column else "", message))

    def require(self, *keys: str) -> None:
        """A problem for each of `keys` whose cell is empty."""
        for key in keys:
            if key not in self.row.cells:
                self.add(key, N_("This field is required."))

    def add_errors(self, errors: dict[str, list], field_to_column: dict[str, str]) -> None:
        for name, messages in errors.items():
            key = field_to_column.get(name, name)
            for message in messages:
                self.add(key, message)


class _Importer:
    columns: list[Column]
    key_column: str

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.by_key = {c.key: c for c in self.columns}
        self.letters: dict[str, str] = {}  # column key -> its letter in the file

    def check(self, batch: list[SheetRow], present: set[str]
              ) -> list[tuple[RowReport, Any]]:
        raise NotImplementedError

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Work done once after the last batch (e.g. planning reminders)."""
    def tasks_named(self, batch: list[SheetRow], *options: Any) -> dict[str, Task]:
        """The tasks a batch's task_code cells name, in one query."""
        codes = {str(r.values["task_code"]).strip() for r in batch if r.values.get("task_code")}
        return {t.code: t for t in db.session.scalars(
            select(Task).where(Task.code.in_(codes)).options(*options))}

    def managed_task(self, rows: _Rows, tasks: dict[str, Task], not_manager: Message
                     ) -> Task | None:
        """The row's task if the actor sees it; a problem if they may not change it."""
        task = tasks.get(str(rows.row.values.get("task_code") or "").strip())
        if task is None or not scope_of(self.actor).covers(task.department_id):
            rows.add("task_code", N_("No task has this code."))
            return None
        if not Role(self.actor.role).at_least(Role.MANAGER):
            rows.add("task_code", not_manager)
        return task

    def report(self, row: SheetRow, problems: list[Problem], action: str,
               changes: list[str] | None = None) -> RowReport:
        key = row.values.get(self.key_column)
        # The report keeps every row's key: a long cell there is cut, since the
        # row is rejected anyway for its too-long value.
        return RowReport(row.number, "" if key is None else str(key)[:KEY_CHARS],
                         REJECT if problems else action, problems, changes or [])

    def changed(self, before: dict[str, Any], after: dict[str, Any],
                names: dict[str, str]) -> list[str]:
        return [str(self.by_key[names.get(k, k)].label) for k in after
                if before.get(k) != after.get(k) and names.get(k, k) in self.by_key]


def _columns_of(obj: Any, exclude: str) -> dict[str, Any]:
    """A transient object's row as its INSERT would write it, by column key:
    what is set on it, NULL where nothing is; a column with a default is left
    out (bulk.with_defaults fills it in)."""
    state = inspect(obj)
    values = state.dict
    row = {}
    for key, column_key, defaulted in _column_keys(state.mapper):
        if key == exclude:
            continue
        if key in values:
            row[column_key] = values[key]
        elif not defaulted:
            row[column_key] = None
    return row


@cache
def _column_keys(mapper: Mapper) -> list[tuple[str, str, bool]]:
    """(attribute, column, has a default) of each mapped column."""
    return [(attr.key, attr.columns[0].key,
             attr.columns[0].default is not None or attr.columns[0].server_default is not None)
            for attr in mapper.column_attrs]


def _people_by_email() -> dict[str, User]:
    return {u.email.lower(): u for u in db.session.scalars(select(User))}


def _departments() -> dict[str, Department]:
    found: dict[str, Department] = {}
    for department in db.session.scalars(select(Department)):
        found[department.code.casefold()] = department
        found.setdefault(department.name.casefold(), department)
    return found


# ------------------------------------------------------------------- tasks --

_TASK_FIELDS = {"department": "department_id", "primary_owner": "primary_owner_id"}
_TASK_COLUMNS = {v: k for k, v in _TASK_FIELDS.items()}


class TaskImporter(_Importer):
    columns = SHEETS["tasks"]
    key_column = "code"

    def __init__(self, actor: User) -> None:
        super().__init__(actor)

        self.scope = scope_of(actor)
        self.departments = _departments()
        self.people = _people_by_email()
        self.seen_codes: set[str] = set()
        self.replanned: list[int] = []
        self.dates: occurrences.ScheduleDates | None = None
        self.plan_cache_mode: str | None = None  # PostgreSQL's, restored after each look-up
        if db.session.get_bind().dialect.name == "postgresql":
            self.plan_cache_mode = db.session.scalar(
                text("SELECT current_setting('plan_cache_mode')"))
        # One form for every row: building a WTForms form costs more than
        # re-processing one, and a 50,000-row file pays it per row.
        self.form = TaskForm(formdata=None, meta={"csrf": False})
        self.form.department_id.validate_choice = False
        self.form.primary_owner_id.validate_choice = False
        # The sheet's choice columns already map a cell to one of the same
        # labels' values (sheets.choice_index); the form's own pass over its
        # lazy-string choices was a quarter of the time per row.
        for name in ("category", "criticality", "preset", "weekday", "shift", "month"):
            self.form[name].validate_choice = False
        self.defaults = {name: _form_text(f.default) for name, f in self.form._fields.items()
                         if f.default is not None and name != "csrf_token"}

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        codes = [str(r.values["code"]) for r in batch if r.values.get("code")]
        with self._planned_with_values():
            existing = {t.code: t for t in db.session.scalars(
                select(Task).where(Task.code.in_(codes)).options(selectinload(Task.owners)))}
        results = []
        for row in batch:
            rows = _Rows(row, self)
            code = (row.values.get("code") or "").strip()
            task = existing.get(code)
            if not code:
                rows.add("code", N_("Enter the task's code: it identifies the row on "
                                    "re-import."))
            elif code in self.seen_codes:
                rows.add("code", N_("This code appears on an earlier row."))
            self.seen_codes.add(code)
            # A blank cell takes the form's default on a new task and keeps the
            # current value on an existing one, where the field has a default
            # (criticality, shift, reminders...); other blank cells clear.
            values = (
                {k: _form_text(v) for k, v in task_form_values(task).items()} if task
                else dict(self.defaults))
            for column in self.columns:
                name = _TASK_FIELDS.get(column.key, column.key)
                if column.key not in present or name in _TASK_COLUMNS:
                    continue
                value = row.values.get(column.key)
                if value is None and name in self.defaults:
                    continue
                values[name] = _form_text(value)
            if task is not None and not row.values.get("dtstart"):
                values["dtstart"] = _form_text(task.dtstart)
            department = self._department(row, rows, task)
            values["department_id"] = str(department.id) if department else ""
            owner = self._owner(row, rows, department)
            if owner or task is None:
                values["primary_owner_id"] = owner
            self.form.schedule = None
            self.form.process(formdata=MultiDict(values))
            if not self.form.validate():
                rows.add_errors({k: v for k, v in self.form.errors.items()
                                 if k not in ("department_id", "primary_owner_id")},
                                _TASK_COLUMNS)
            data = self.form.task_data() if not rows.problems else None
            if data is not None:
                data.schedule = replace(data.schedule, lead_days=tuple(
                    sorted(set(data.schedule.lead_days), reverse=True)))
            if task is not None and data is not None:
                before = TaskData.of(task)
                changes = [str(self.by_key[_TASK_COLUMNS.get(f.name, f.name)].label)
                           for f in fields(TaskData)
                           if getattr(before, f.name) != getattr(data, f.name)
                           and _TASK_COLUMNS.get(f.name, f.name) in self.by_key]
                if before.schedule != data.schedule:
                    changes.append(str(self.by_key["preset"].label))
                if data.schedule == before.schedule and data == before:
                    results.append((self.report(row, rows.problems, UNCHANGED), None))
                    continue
                results.append((self.report(row, rows.problems, UPDATE, changes), (task, data)))
            else:
                results.append((self.report(row, rows.problems, CREATE), (None, data)))
        return results

    @contextmanager
    def _planned_with_values(self) -> Iterator[None]:
        """PostgreSQL plans the statements inside with their values.

        The tasks table grows batch after batch in this transaction. After
        five runs PostgreSQL kept a generic plan of the look-up by code, made
        while the table was small: a scan of the whole table with a linear
        search in the batch's 500 codes for each row, 0.2 s a batch by the end
        of 50,000 rows (21 s of the import). Planned with the codes each time,
        it is a hashed or an index look-up. Only around the look-up: the
        foreign-key checks of the inserts are plans too, and planning them
        for each row cost more (6 s) than the look-up had."""
        if self.plan_cache_mode is None:
            yield
            return
        setting = text("SELECT set_config('plan_cache_mode', :mode, true)")
        db.session.execute(setting, {"mode": "force_custom_plan"})
        try:
            yield
        finally:
            db.session.execute(setting, {"mode": self.plan_cache_mode})

    def _department(self, row: SheetRow, rows: _Rows, task: Task | None) -> Department | None:
        text = row.values.get("department")
        if not text:
            if task is not None and "department" not in rows.row.cells:
                return task.department
            rows.add("department", N_("Enter the department's code."))
            return None
        department = self.departments.get(str(text).strip().casefold())
        if department is None:
            rows.add("department", N_(
                "No department has the code or name %(value)s. An administrator adds it under "
                "Administration → Departments, or enter an existing department's code.",
                value=str(text).strip()))
            return None
        if not self.scope.covers(department.id):
            rows.add("department", N_("Unknown department."))
            return None
        if not self.scope.can_edit_tasks(department.id) or (
                task is not None and not self.scope.can_edit_tasks(task.department_id)):
            rows.add("department", N_("You cannot manage the tasks of this department."))
            return None
        return department

    def _owner(self, row: SheetRow, rows: _Rows, department: Department | None) -> str:
        email = row.values.get("primary_owner")
        if not email:
            return ""
        person = self.people.get(str(email).strip().lower())
        if person is None or not person.active:
            rows.add("primary_owner", N_("No active person has this e-mail address."))
            return ""
        if department is not None and department.id not in person.department_ids:
            rows.add("primary_owner", N_("The primary owner must be an active member of the "
                                         "task's department."))
            return ""
        return str(person.id)

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        self._create([data for _, (task, data) in planned if task is None])
        updated = [(task, data) for _, (task, data) in planned if task is not None]
        if not updated:
            return
        changed_schedule: list[Task] = []
        changed_procedure: list[Task] = []
        for task, data in updated:
            before, procedure_before = task.schedule, task.procedure
            apply_task_data(task, data)
            if task.schedule != before:
                changed_schedule.append(task)
                self.replanned.append(task.id)
            if task.procedure != procedure_before:
                changed_procedure.append(task)
        db.session.flush()
        procedures.record_versions(changed_procedure, self.actor.id)
        occurrences.materialise(changed_schedule, dates=self._dates())

    def _create(self, new: list[TaskData]) -> None:
        """New tasks in bulk, with what creating each through the ORM writes:
        the task, its primary owner, their audit rows, the procedure's first
        version and the occurrences. The ORM's flush of 500 new tasks, its
        audit hook over each object and the procedures' flush were two
        thirds of an import's commit; here each table takes a batch's rows
        in one or two round trips."""
        if not new:
            return
        today = org_today()
        tasks = []
        for data in new:
            # A transient Task keeps apply_task_data the one place that says
            # how checked data becomes a task (and its primary owner).
            task = Task()
            apply_task_data(task, data)
            if task.procedure:
                task.procedure_reviewed_at = today  # saving a text counts as reviewing it
            readings.fill_derived(task)  # no flush here to do it
            tasks.append(task)
        # With the defaults filled in here, the audit rows see what is written.
        rows = bulk.with_defaults(Task.__table__, [_columns_of(task, "id") for task in tasks])
        for row, task_id in zip(rows, bulk.insert_returning_ids(Task, rows), strict=True):
            row["id"] = task_id
        # Only a task given a primary owner has its owners collection set up
        # (reading it on the others would make empty ones, for nothing).
        owners = bulk.with_defaults(TaskOwner.__table__, [
            {**_columns_of(owner, "id"), "task_id": row["id"]}
            for task, row in zip(tasks, rows, strict=True)
            for owner in inspect(task).dict.get("owners", ())])
        for owner, owner_id in zip(owners, bulk.insert_returning_ids(TaskOwner, owners),
                                   strict=True):
            owner["id"] = owner_id
        bulk.insert_rows(AuditEntry, audit.created_entries(Task, rows)
                         + audit.created_entries(TaskOwner, owners))
        # A new task's procedure is its first version (procedures.record_versions).
        bulk.insert_rows(ProcedureVersion, [
            {"task_id": row["id"], "number": 1, "text": row["procedure"],
             "author_id": self.actor.id} for row in rows if row["procedure"]])
        occurrences.materialise_new([(row["id"], task.schedule, occurrences.deadline_of(task))
                                     for row, task in zip(rows, tasks, strict=True)],
                                    self._dates())

    def _dates(self) -> occurrences.ScheduleDates:
        """One calendar and one set of computed dates for the whole file."""
        if self.dates is None:
            self.dates = occurrences.ScheduleDates()
        return self.dates

    def finish(self) -> None:
        if self.replanned:
            notifications.plan(task_ids=self.replanned)


# ------------------------------------------------------------------ owners --


class OwnerImporter(_Importer):
    """Owner rows add or change people on tasks; people not in the file stay.

    A task's rows may be spread over the file, so rows are grouped by task in
    check() of each batch against the owners as they will be after the earlier
    batches (kept in self.planned)."""

    columns = SHEETS["owners"]
    key_column = "task_code"

    def __init__(self, actor: User) -> None:
        super().__init__(actor)
        self.people = _people_by_email()
        self.seen: set[tuple[str, int]] = set()
        self.pending: dict[int, dict[int, coverage_service.OwnerEntry]] = {}

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        tasks = self.tasks_named(batch, selectinload(Task.owners))
        members = {d: coverage_service.members_of([d])
                   for d in {t.department_id for t in tasks.values()}}
        results = []
        for row in batch:
            rows = _Rows(row, self)
            code = str(row.values.get("task_code") or "").strip()
            task = self.managed_task(rows, tasks,
                                     N_("Only managers change the owners of a task."))
            person = self.people.get(str(row.values.get("person") or "").strip().lower())
            if person is None:
                rows.add("person", N_("No active person has this e-mail address."))
            rows.require("role", "level")
            if rows.problems or task is None or person is None:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            if (code, person.id) in self.seen:
                rows.add("person", N_("This person is listed twice for this task."))
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            self.seen.add((code, person.id))
            entry = coverage_service.OwnerEntry(person.id, row.values["role"],
                                                int(row.values["level"]))
            entries = self.pending.get(task.id) or {
                o.user_id: coverage_service.OwnerEntry(o.user_id, o.role, o.level)
                for o in task.owners}
            before = entries.get(person.id)
            if before == entry:
                results.append((self.report(row, [], UNCHANGED), None))
                continue
            updated = dict(entries)
            if entry.role == "primary":
                updated = {uid: replace(e, role="backup") if e.role == "primary" else e
                           for uid, e in updated.items()}
            updated[person.id] = entry
            errors = coverage_service.owner_errors(task, list(updated.values()),
                                                   members[task.department_id])
            for name, messages in errors.items():
                key = "role" if name == "owners" or name.endswith("role") else (
                    "level" if name.endswith("level") else "person")
                for message in messages:
                    rows.add(key, message)
            if rows.problems:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            self.pending[task.id] = updated
            changes = [str(self.by_key[k].label) for k in ("role", "level")
                       if before is None or getattr(before, k) != getattr(entry, k)]
            results.append((self.report(row, [], CREATE if before is None else UPDATE,
                                        changes), (task, members[task.department_id])))
        return results

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        for task, members in {id(t): (t, m) for _, (t, m) in planned}.values():
            coverage_service.set_owners(self.actor, task, list(self.pending[task.id].values()),
                                        members)


# ---------------------------------------------------------------- absences --


class AbsenceImporter(_Importer):
    columns = SHEETS["absences"]
    key_column = "person"

    def __init__(self, actor: User) -> None:
        super().__init__(actor)

        self.people = _people_by_email()
        self.seen: set[tuple[int, date]] = set()
        self.form = AbsenceForm(formdata=None, meta={"csrf": False})
        self.form.user_id.validate_choice = False

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        results = []
        for row in batch:
            rows = _Rows(row, self)
            person = self.people.get(str(row.values.get("person") or "").strip().lower())
            if person is None or not person.active:
                rows.add("person", N_("No active person has this e-mail address."))
            values = {name: _form_text(row.values.get(name))
                      for name in ("start_date", "end_date", "kind", "note")}
            values["user_id"] = str(person.id) if person else ""
            self.form.process(formdata=MultiDict(values))
            if not self.form.validate():
                rows.add_errors({k: v for k, v in self.form.errors.items() if k != "user_id"},
                                {})
            if rows.problems or person is None:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            data = absence_service.AbsenceData(person.id, self.form.start_date.data,
                                               self.form.end_date.data, self.form.kind.data,
                                               (self.form.note.data or "").strip())
            try:
                absence_service.check_absence(self.actor, data)
            except ValidationError as error:
                rows.add_errors(error.fields, {"user_id": "person"})
            if (person.id, data.start_date) in self.seen:
                rows.add("start_date", N_("This person's absence from this date is on an "
                                          "earlier row."))
            self.seen.add((person.id, data.start_date))
            if rows.problems:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            absence = db.session.scalar(select(Absence).where(
                Absence.user_id == person.id, Absence.start_date == data.start_date))
            if absence is None:
                results.append((self.report(row, [], CREATE), (None, data)))
                continue
            before = {"end_date": absence.end_date, "kind": absence.kind, "note": absence.note}
            after = {"end_date": data.end_date, "kind": data.kind, "note": data.note}
            changes = self.changed(before, after, {})
            action = UPDATE if changes else UNCHANGED
            results.append((self.report(row, [], action, changes),
                            (absence, data) if changes else None))
        return results

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        for _, (absence, data) in planned:
            if absence is None:
                absence_service.create_absence(self.actor, data)
            else:
                absence_service.update_absence(self.actor, absence, data)


# ----------------------------------------------------------- cost profiles --


class CostProfileImporter(_Importer):
    columns = SHEETS["cost_profiles"]
    key_column = "task_code"

    def __init__(self, actor: User) -> None:
        super().__init__(actor)

        self.form = CostProfileForm(formdata=None, meta={"csrf": False})
        self.seen: set[str] = set()

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        tasks = self.tasks_named(batch)
        results = []
        for row in batch:
            rows = _Rows(row, self)
            code = str(row.values.get("task_code") or "").strip()
            task = self.managed_task(rows, tasks, N_("Only managers change cost profiles."))
            if task is not None and code in self.seen:
                rows.add("task_code", N_("This code appears on an earlier row."))
            self.seen.add(code)
            names = [c.key for c in self.columns if c.key != "task_code"]
            current = costing.own_values(task) if task is not None else {}
            values = {name: _form_text(row.values.get(name) if name in present
                                       else current.get(name)) for name in names}
            self.form.process(formdata=MultiDict(values))
            if not self.form.validate():
                rows.add_errors(self.form.errors, {})
            if rows.problems or task is None:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            wanted = {name: self.form[name].data for name in names}
            try:
                costing.check({**costing.effective(task),
                               **{k: v for k, v in wanted.items() if v is not None}})
            except ValidationError as error:
                rows.add_errors(error.fields, {})
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            changes = self.changed(_comparable(current), _comparable(wanted), {})
            action = UPDATE if changes else UNCHANGED
            if not any(v is not None for v in current.values()) and changes:
                action = CREATE
            results.append((self.report(row, [], action, changes),
                            (task, wanted) if changes else None))
        return results

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        for _, (task, values) in planned:
            costing.save_task_profile(self.actor, task, values)


# ------------------------------------------------------------- completions --


@dataclass(frozen=True)
class _Completion:
    occurrence: Occurrence
    person: User
    completed_at: datetime
    minutes: int | None
    note: str


class CompletionImporter(_Importer):
    """Past completions: each row marks a task's occurrence of a due date done,
    by whom, when and in how many minutes, so that the measured effort starts
    from the history a back office kept elsewhere."""

    columns = SHEETS["completions"]
    key_column = "task_code"

    def __init__(self, actor: User) -> None:
        super().__init__(actor)
        self.people = _people_by_email()
        self.seen: set[tuple[int, date]] = set()
        self.today = org_today()

    def _occurrences(self, tasks: dict[str, Task], batch: list[SheetRow]
                     ) -> dict[tuple[int, date], Occurrence]:
        """The batch's occurrences by (task, due date), in one query."""
        dates = {r.values["due_date"] for r in batch if isinstance(r.values.get("due_date"), date)}
        if not tasks or not dates:
            return {}
        found: dict[tuple[int, date], Occurrence] = {}
        for occurrence in db.session.scalars(
                select(Occurrence).where(Occurrence.task_id.in_([t.id for t in tasks.values()]),
                                         Occurrence.due_date.in_(dates),
                                         Occurrence.status != "cancelled")
                .order_by(Occurrence.nominal_date)):
            found.setdefault((occurrence.task_id, occurrence.due_date), occurrence)
        return found

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        tasks = self.tasks_named(batch)
        occurrences_by_due = self._occurrences(tasks, batch)
        results = []
        for row in batch:
            rows = _Rows(row, self)
            task = self.managed_task(rows, tasks, N_("Only managers import completions."))
            email = str(row.values.get("completed_by") or "").strip().lower()
            person = self.people.get(email) if email else self.actor
            if person is None:
                rows.add("completed_by", N_("No person has this e-mail address."))
            rows.require("due_date", "completed_on")
            due, done_on = row.values.get("due_date"), row.values.get("completed_on")
            if isinstance(done_on, date) and done_on > self.today:
                rows.add("completed_on", N_("A completion cannot be in the future."))
            minutes = row.values.get("minutes")
            try:
                occurrences.check_minutes(minutes)
            except ValidationError as error:
                rows.add_errors(error.fields, {})
            note = str(row.values.get("note") or "").strip()
            if len(note) > 500:
                rows.add("note", N_("Use at most %(max)d characters.", max=500))
            occurrence = None
            if task is not None and isinstance(due, date):
                occurrence = occurrences_by_due.get((task.id, due))
                if occurrence is None:
                    rows.add("due_date", N_("This task has no occurrence due on this date."))
                elif (task.id, due) in self.seen:
                    rows.add("due_date", N_("This occurrence is on an earlier row."))
                elif (closed := occurrences.period_closed(occurrence)) is not None:
                    rows.add("due_date", closed)
                self.seen.add((task.id, due))
            if rows.problems or occurrence is None or person is None:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            wanted = _Completion(occurrence, person, _noon(done_on), minutes, note)
            before = {"completed_on": _day(occurrence.completed_at),
                      "completed_by": occurrence.completed_by_id,
                      "minutes": occurrence.minutes_taken, "note": occurrence.note}
            after = {"completed_on": done_on, "completed_by": person.id, "minutes": minutes,
                     "note": note}
            if occurrence.status == "done" and before == after:
                results.append((self.report(row, [], UNCHANGED), None))
                continue
            # An open occurrence done is new history; a done one corrected is changed.
            action = UPDATE if occurrence.status == "done" else CREATE
            changes = self.changed(before, after, {}) if action == UPDATE else []
            results.append((self.report(row, [], action, changes), wanted))
        return results

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        for _, completion in planned:
            occurrences.complete(self.actor, completion.occurrence, completion.note,
                                 completion.minutes, completed_by=completion.person,
                                 completed_at=completion.completed_at)


# --------------------------------------------------------------- employees --


class EmployeeImporter(_Importer):
    """The roster by 社員番号: a known number updates that employee with the
    file's columns (a column left out of the file keeps its values), a new one
    adds them; rows are checked by the roster's own rules."""
    columns = SHEETS["employees"]
    key_column = "number"
    # Empty in a cell: the default for someone new, unchanged for someone known.
    KEPT_WHEN_EMPTY = ("employment_type", "health_pension_insured",
                       "employment_insurance_insured", "name_kana")
    TEXT = ("number", "name", "name_kana", "division")

    def __init__(self, actor: User) -> None:
        super().__init__(actor)
        self.seen: set[str] = set()

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        numbers = {normalise_number(str(r.values.get("number") or "")) for r in batch}
        known = {e.number: e for e in db.session.scalars(
            select(Employee).where(Employee.number.in_(numbers)))}
        results = []
        for row in batch:
            rows = _Rows(row, self)
            number = normalise_number(str(row.values.get("number") or ""))
            if number and number in self.seen:
                rows.add("number", N_("This number appears on an earlier row."))
            self.seen.add(number)
            employee = known.get(number)
            values = (roster.current_data(employee) if employee
                      else roster.EmployeeData(number="", name="")).__dict__.copy()
            current = dict(values) if employee else {}
            for key in present:
                value = row.values.get(key)
                if value is None and key in self.KEPT_WHEN_EMPTY:
                    continue
                values[key] = "" if value is None and key in self.TEXT else value
            if not row.problems:
                try:
                    data = roster.check(roster.EmployeeData(**values), employee)
                except ValidationError as error:
                    rows.add_errors(error.fields, {})
            if rows.problems:
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            if employee is None:
                results.append((self.report(row, [], CREATE), (None, data)))
                continue
            changes = self.changed(current, data.__dict__, {})
            results.append((self.report(row, [], UPDATE if changes else UNCHANGED, changes),
                            (employee, data) if changes else None))
        return results

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        for _, (employee, data) in planned:
            if employee is None:
                roster.create_employee(self.actor, data)
            else:
                roster.update_employee(self.actor, employee, data.__dict__)


def _noon(day: date) -> datetime:
    """A day's completion as an instant: noon in the organisation's time zone,
    so the day reads the same in any zone a page shows it in."""
    return datetime.combine(day, time(12), org_timezone())


def _day(instant: datetime | None) -> date | None:
    return instant.astimezone(org_timezone()).date() if instant else None


def _comparable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: Decimal(v).normalize() if isinstance(v, (Decimal, float)) else v
            for k, v in values.items()}


# ------------------------------------------------------------------ events --


@dataclass(frozen=True)
class _PlannedEvent:
    type_key: str
    date: date
    number: str
    employee: Employee | None  # None: added from `data` on apply
    data: EmployeeData
    note: str


# The roster's field names, as the events sheet's columns
_EMPLOYEE_COLUMNS = {"number": "employee_number", "name": "employee_name",
                     "name_kana": "employee_kana", "hire_date": "date", "leave_date": "date"}


class EventImporter(_Importer):
    """A batch of events (hires, leavers, bonuses…): each row opens its event
    type's steps for the employee, who is added to the roster when their
    number is not in it yet (from the row's name, reading, division…)."""

    columns = SHEETS["events"]
    key_column = "employee_number"

    def __init__(self, actor: User) -> None:
        super().__init__(actor)
        self.types: dict[str, EventType] = {}
        for event_type in event_types():
            for name in (event_type.title_en, event_type.title_ja, event_type.key):
                self.types[header_key(name)] = event_type
        self.planner = StepPlanner()
        self.pending: dict[str, EmployeeData] = {}  # numbers added by an earlier row
        self.added: dict[str, Employee] = {}
        self.seen: set[tuple[str, date, str]] = set()

    def _employees(self, batch: list[SheetRow]) -> dict[str, Employee]:
        numbers = {normalise_number(str(r.values["employee_number"]))
                   for r in batch if r.values.get("employee_number")}
        return {e.number: e for e in db.session.scalars(
            select(Employee).where(Employee.number.in_(numbers)))}

    def _recorded(self, employees: dict[str, Employee]) -> set[tuple[str, date, int]]:
        """The open events of the batch's employees: the same row imported
        again is unchanged."""
        if not employees:
            return set()
        return {(e.type_key, e.date, e.employee_id) for e in db.session.scalars(
            select(Event).where(Event.employee_id.in_([e.id for e in employees.values()]),
                                Event.status == "open"))}

    def check(self, batch: list[SheetRow], present: set[str]) -> list[tuple[RowReport, Any]]:
        employees = self._employees(batch)
        recorded = self._recorded(employees)
        results = []
        for row in batch:
            rows = _Rows(row, self)
            values = row.values
            event_type = self.types.get(header_key(str(values.get("type") or "")))
            if event_type is None:
                rows.add("type", N_("No event type has this key or name."))
            event_date = values.get("date")
            rows.require("date")
            number = normalise_number(str(values.get("employee_number") or ""))
            employee = employees.get(number)
            data = self._employee_data(values, number, event_type, event_date)
            if employee is None and number and number not in self.pending:
                try:
                    data = roster.check(data, None)
                except ValidationError as error:
                    rows.add_errors(error.fields, _EMPLOYEE_COLUMNS)
            if not number:
                rows.require("employee_number")
            note = str(values.get("note") or "").strip()
            if len(note) > NOTE_CHARS:
                rows.add("note", N_("Use at most %(max)d characters.", max=NOTE_CHARS))
            if rows.problems or event_type is None or not isinstance(event_date, date):
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            if (event_type.key, event_date, number) in self.seen:
                rows.add("type", N_("This employee's event of this type and date is on an "
                                    "earlier row."))
                results.append((self.report(row, rows.problems, REJECT), None))
                continue
            self.seen.add((event_type.key, event_date, number))
            if employee is not None and (event_type.key, event_date, employee.id) in recorded:
                results.append((self.report(row, [], UNCHANGED), None))
                continue
            if employee is None:
                data = self.pending.setdefault(number, data)
            report = self.report(row, [], CREATE)
            report.event = EventLine(f"{number} {employee.name if employee else data.name}",
                                     event_type.key, event_date)
            report.opens = self._steps(event_type, event_date, employee or data)
            results.append((report, _PlannedEvent(event_type.key, event_date, number, employee,
                                                  data, note)))
        return results

    @staticmethod
    def _employee_data(values: dict[str, Any], number: str, event_type: EventType | None,
                       event_date: Any) -> EmployeeData:
        """A new employee as the row describes them; a hire's date is their
        hire date and a leaving's their leave date."""
        day = event_date if isinstance(event_date, date) else None
        key = event_type.key if event_type is not None else ""
        return EmployeeData(
            number=number, name=str(values.get("employee_name") or ""),
            name_kana=str(values.get("employee_kana") or ""),
            division=str(values.get("division") or ""),
            employment_type=values.get("employment_type") or "regular",
            hire_date=day if key == "hire" else None,
            leave_date=day if key == "leave" else None,
            health_pension_insured=values.get("health_pension_insured") is not False,
            employment_insurance_insured=values.get("employment_insurance_insured") is not False)

    def _steps(self, event_type: EventType, event_date: date,
               employee: Employee | EmployeeData) -> list[OpenedStep]:
        facts = EmployeeFacts(
            health_pension_insured=employee.health_pension_insured,
            employment_insurance_insured=employee.employment_insurance_insured)
        return [OpenedStep(p.step.title_ja, p.step.title_en, p.due_date, p.step.key,
                           p.proposed.name if p.proposed else None)
                for p in self.planner.plan(event_type, event_date, facts)]

    def apply(self, planned: list[tuple[RowReport, Any]]) -> None:
        for report, event in planned:
            try:
                employee = event.employee or self.added.get(event.number)
                if employee is None:
                    employee, _ = roster.find_or_create(self.actor, event.data)
                    self.added[event.number] = employee
                record_event(self.actor, event.type_key, event.date, employee,
                             source="import", note=event.note)
            except ValidationError as error:
                # A rule only the recording knows: the row is rejected, so the
                # report is not ok and the caller applies nothing.
                report.action = REJECT
                rows = _Rows(SheetRow(report.row, {}), self)
                rows.add_errors(error.fields, {**_EMPLOYEE_COLUMNS, "employee_id":
                                               "employee_number"})
                report.problems.extend(rows.problems)
                return


IMPORTERS: dict[str, type[_Importer]] = {
    "tasks": TaskImporter,
    "owners": OwnerImporter,
    "absences": AbsenceImporter,
    "cost_profiles": CostProfileImporter,
    "completions": CompletionImporter,
    "events": EventImporter,
    "employees": EmployeeImporter,
}


def may_import(actor: User, kind: str) -> bool:
    """Owners, cost profiles, others' completions, the employee roster and
    events (which add employees to it) are managers' work, as on the pages."""
    if kind in ("owners", "cost_profiles", "completions", "employees", "events"):
        return Role(actor.role).at_least(Role.MANAGER)
    return kind in IMPORTERS


def default_actor() -> User:
    """Who the command line acts as: the first active administrator."""
    person = db.session.scalar(select(User).where(User.role == "admin", User.active.is_(True))
                               .order_by(User.id).limit(1))
    if person is None:
        raise DomainError(N_("Create an administrator first (planner users create)."))
    return person


def row_count_hint(stream: IO[bytes]) -> int | None:
    """The sheet's row count as its file declares it, for a progress bar."""
    try:
        return declared_rows(stream, read_limits(current_app.config))
    finally:
        stream.seek(0)
