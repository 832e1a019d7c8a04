"""Importing spreadsheets: the dry run, the commit (all rows or none), re-import
that changes nothing, and broken files of every kind the issue lists."""
from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import workbook_bytes
from dateutil.relativedelta import relativedelta
from flask_babel import force_locale
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from planner.core.audit_entry import AuditEntry
from planner.core.clock import org_today
from planner.core.extensions import db
from planner.core.sheets import write_workbook
from planner.costing.models.cost_profile import CostProfile
from planner.coverage.models.absence import Absence
from planner.demo import loader as demo
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.transfer import exports, imports
from planner.transfer.columns import TASKS
from planner.work.models import Occurrence

HEADERS_EN = [str(c.label) for c in TASKS]


def _workbook(rows: list[list], header: list[str] | None = None) -> io.BytesIO:
    return workbook_bytes(header or ["code", "title", "department", "category", "preset",
                                     "day", "shift", "effort_minutes"], rows)


def _snapshot() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Task, TaskOwner, Occurrence, AuditEntry, Absence, CostProfile))


@pytest.fixture(autouse=True)
def english(ctx):  # noqa: ANN001, ANN201
    """Headers and messages in English, so the assertions can name them."""
    with force_locale("en"):
        yield


GOOD = [["PAY-100", "住民税の納付", "payroll", "tax", "monthly_day", 10, "next", 30],
        ["PAY-101", "給与計算", "給与", "payroll", "monthly_day", 25, "previous", 240]]


def test_dry_run_reports_each_row_and_saves_nothing(ctx, world):
    admin = db.session.get(User, world.admin)
    before = _snapshot()
    report = imports.run_import(admin, "tasks", _workbook([*GOOD, ["PAY-001", "源泉所得税の納付", "payroll", "tax", "monthly_day", 10, "next", 45]]))
    assert [(r.row, r.key, r.action) for r in report.rows] == [
        (2, "PAY-100", "create"), (3, "PAY-101", "create"), (4, "PAY-001", "update")]
    assert report.ok and not report.committed
    db.session.rollback()
    assert _snapshot() == before


def test_commit_applies_every_row_and_reimport_changes_nothing(ctx, world):
    admin = db.session.get(User, world.admin)
    report = imports.run_import(admin, "tasks", _workbook(GOOD), commit=True)
    assert report.committed
    db.session.commit()
    tasks = {t.code: t for t in db.session.scalars(select(Task).where(Task.code.like("PAY-1%")))}
    assert tasks["PAY-101"].department_id == world.payroll  # matched by name (給与) too
    assert tasks["PAY-101"].rrule == "FREQ=MONTHLY;BYMONTHDAY=25"
    assert tasks["PAY-101"].shift == "previous"
    assert db.session.scalar(select(func.count(Occurrence.id)).where(
        Occurrence.task_id == tasks["PAY-100"].id)) >= 12  # materialised
    before = _snapshot()
    again = imports.run_import(admin, "tasks", _workbook(GOOD), commit=True)
    db.session.commit()
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "reject": 0}
    assert _snapshot() == before  # not even an audit row


def test_one_bad_row_means_nothing_is_committed(ctx, world):
    admin = db.session.get(User, world.admin)
    before = _snapshot()
    rows = [*GOOD, ["PAY-102", "", "payroll", "tax", "monthly_day", 40, "next", -5]]
    report = imports.run_import(admin, "tasks", _workbook(rows), commit=True)
    assert not report.committed
    db.session.rollback()
    assert _snapshot() == before
    rejected = report.rows[2]
    assert rejected.action == "reject"
    where = {(p.cell, p.column) for p in rejected.problems}
    assert ("B4", "Title") in where
    assert ("F4", "Day of the month") in where
    assert ("H4", "Effort per occurrence (minutes)") in where


def test_a_large_file_is_applied_in_batches_in_one_transaction(ctx, world, monkeypatch):
    """The last batch holds the bad row: the batches before it were flushed,
    and the rollback still leaves nothing."""
    monkeypatch.setattr(imports, "BATCH", 3)
    admin = db.session.get(User, world.admin)
    before = _snapshot()
    rows = [[f"GEN-{n:03}", f"業務 {n}", "payroll", "other", "month_end", None, "none", 10]
            for n in range(10)]
    rows.append(["GEN-999", "業務", "payroll", "nonsense", "month_end", None, "none", 10])
    report = imports.run_import(admin, "tasks", _workbook(rows), commit=True)
    assert not report.committed and report.counts["create"] == 10
    db.session.rollback()
    assert _snapshot() == before


def test_japanese_headers_and_labels_dates_as_text_and_full_width_digits(ctx, world):
    admin = db.session.get(User, world.admin)
    header = ["コード", "業務名", "部署", "分類", "繰り返し", "日付", "開始日",
              "1回あたりの工数（分）", "リマインド（何日前）"]
    rows = [["ONE-1", "年末調整の書類回収", "payroll", "給与", "1回のみ", "令和8年12月10日",
             "2026/11/01", "１２０", "７、１"],
            ["ONE-2", "法定調書の提出", "payroll", "税務", "1回のみ", "2027年1月29日(金)",
             "R8.11.1", "60", "3"]]
    report = imports.run_import(admin, "tasks", _workbook(rows, header), commit=True)
    assert report.committed, [(r.row, r.problems) for r in report.rows]
    db.session.commit()
    one = db.session.scalar(select(Task).where(Task.code == "ONE-1"))
    assert (one.once_date, one.dtstart, one.effort_minutes, one.category) == (
        date(2026, 12, 10), date(2026, 11, 1), 120, "payroll")
    assert one.lead_days == [7, 1]
    two = db.session.scalar(select(Task).where(Task.code == "ONE-2"))
    assert (two.once_date, two.dtstart) == (date(2027, 1, 29), date(2026, 11, 1))


def test_unreadable_dates_and_unknown_people_are_named_by_cell(ctx, world):
    admin = db.session.get(User, world.admin)
    header = ["code", "title", "department", "category", "preset", "once_date",
              "primary_owner"]
    rows = [["X-1", "t", "payroll", "tax", "once", "来週の水曜", "nobody@example.com"],
            ["X-2", "t", "payroll", "tax", "once", "2026/13/40", "other@example.com"],
            ["X-1", "t", "accounting", "tax", "once", "2026/12/1", None]]
    report = imports.run_import(admin, "tasks", _workbook(rows, header))
    problems = {r.row: {(p.cell, p.column) for p in r.problems} for r in report.rows}
    assert problems[2] == {("F2", "Date"), ("G2", "Primary owner (e-mail)")}
    # other@ is in accounting, not payroll
    assert problems[3] == {("F3", "Date"), ("G3", "Primary owner (e-mail)")}
    assert problems[4] == {("A4", "Code")}  # the same code twice in one file


def test_staff_cannot_import_into_another_department(ctx, world):
    staff = db.session.get(User, world.staff)
    report = imports.run_import(staff, "tasks", _workbook(
        [["ACC-9", "仕訳", "accounting", "accounting", "month_end", None, "none", 5]]))
    assert report.rows[0].action == "reject"
    assert report.rows[0].problems[0].cell == "C2"


def _encrypted() -> io.BytesIO:
    plain = _workbook(GOOD)
    office = OOXMLFile(plain)
    out = io.BytesIO()
    office.encrypt("secret", out)
    out.seek(0)
    return out


def _merged() -> io.BytesIO:
    book = load_workbook(_workbook(GOOD))
    book.active.merge_cells("C2:C3")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _with_formula() -> io.BytesIO:
    return _workbook([["F-1", "t", "payroll", "tax", "monthly_day", "=5*2", "none", 10]])


BROKEN = {
    "not excel": (lambda: io.BytesIO("code,title\nPAY-1,x\n".encode()), "not an Excel"),
    "empty bytes": (lambda: io.BytesIO(b""), "not an Excel"),
    "damaged zip": (lambda: io.BytesIO(b"PK\x03\x04" + b"\0" * 100), "could not be read"),
    "old xls": (lambda: io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
                "97–2003"),
    "password": (_encrypted, "password"),
    "merged cells": (_merged, "merged cells"),
    "missing header": (lambda: _workbook(GOOD, ["code", "title", "department", "category"]),
                       "This column is missing"),
    "renamed header": (lambda: _workbook(GOOD, ["code", "name", "department", "category",
                                                "preset", "day", "shift", "effort_minutes"]),
                       "This column is missing"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_files_get_a_clear_report_and_change_nothing(ctx, world, case):
    make, expected = BROKEN[case]
    admin = db.session.get(User, world.admin)
    before = _snapshot()
    report = imports.run_import(admin, "tasks", make(), commit=True)
    db.session.rollback()
    assert not report.committed and not report.ok
    assert any(expected in p.message.render() for p in report.file_problems), report
    assert _snapshot() == before


def test_a_renamed_header_names_the_missing_and_the_ignored_column(ctx, world):
    admin = db.session.get(User, world.admin)
    report = imports.run_import(admin, "tasks", BROKEN["renamed header"][0]())
    assert [p.column for p in report.file_problems] == ["Title"]
    assert [(n.cell, n.column) for n in report.notes] == [("B1", "name")]


def test_a_formula_is_rejected_by_cell(ctx, world):
    admin = db.session.get(User, world.admin)
    report = imports.run_import(admin, "tasks", _with_formula(), commit=True)
    assert not report.committed
    problem = report.rows[0].problems[0]
    assert problem.cell == "F2" and "formula" in problem.message.render()


def test_too_many_rows_is_a_file_problem(ctx, world):
    admin = db.session.get(User, world.admin)
    rows = [[f"N-{n}", "t", "payroll", "tax", "month_end", None, "none", 1] for n in range(6)]
    before = _snapshot()
    report = imports.run_import(admin, "tasks", _workbook(rows), commit=True, max_rows=5)
    db.session.rollback()
    assert "more than 5 rows" in report.file_problems[0].message.render()
    assert _snapshot() == before


def _registry_values(actor: User) -> list[list]:
    out = io.BytesIO()
    write_workbook(exports.registry(actor), out)
    out.seek(0)
    return [list(row) for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)]


def test_round_trip_of_the_demo_registry(ctx):
    """Export the demo registry, import it into an empty registry, export again:
    the same data. (People and departments stay: tasks refer to them.)"""
    demo.seed_demo()
    db.session.commit()
    admin = db.session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    first = _registry_values(admin)
    out = io.BytesIO()
    write_workbook(exports.registry(admin), out)
    keep = {"users", "departments", "user_departments", "settings", "closed_days",
            "alembic_version"}
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in keep:
            db.session.execute(delete(table))
    db.session.commit()
    assert db.session.scalar(select(func.count(Task.id))) == 0
    out.seek(0)
    report = imports.run_import(admin, "tasks", out, commit=True)
    assert report.committed, [r for r in report.rows if r.problems][:3]
    db.session.commit()
    assert report.counts["create"] == len(first) - 1
    assert _registry_values(admin) == first


def test_owner_rows_add_people_and_a_new_primary_demotes_the_old(ctx, world):
    manager = db.session.get(User, world.manager)
    header = ["task_code", "person", "role", "level"]
    rows = [["PAY-001", "manager@example.com", "primary", 4],
            ["PAY-001", "staff@example.com", "Backup", "2"]]
    report = imports.run_import(manager, "owners", _workbook(rows, header), commit=True)
    assert report.committed, report.rows
    db.session.commit()
    task = db.session.get(Task, world.payroll_task)
    assert {(o.user.email, o.role, o.level) for o in task.owners} == {
        ("manager@example.com", "primary", 4), ("staff@example.com", "backup", 2)}
    again = imports.run_import(manager, "owners", _workbook(rows, header))
    assert again.counts["unchanged"] == 2
    outsider = imports.run_import(manager, "owners", _workbook(
        [["PAY-001", "other@example.com", "backup", 3], ["ACC-001", "staff@example.com",
                                                        "backup", 3]], header))
    assert [p.cell for r in outsider.rows for p in r.problems] == ["B2", "A3"]


def test_staff_may_not_import_owners(ctx, world):
    staff = db.session.get(User, world.staff)
    assert not imports.may_import(staff, "owners")
    report = imports.run_import(staff, "owners", _workbook(
        [["PAY-001", "staff@example.com", "primary", 3]], ["task_code", "person", "role",
                                                           "level"]))
    assert report.rows[0].action == "reject"


def test_absences_match_on_person_and_start_date(ctx, world):
    staff = db.session.get(User, world.staff)
    header = ["person", "start_date", "end_date", "kind", "note"]
    rows = [["staff@example.com", "2026/12/24", "2026/12/25", "annual_leave", "年末"]]
    assert imports.run_import(staff, "absences", _workbook(rows, header), commit=True).committed
    db.session.commit()
    rows[0][2] = "2026/12/28"
    report = imports.run_import(staff, "absences", _workbook(rows, header), commit=True)
    assert report.counts["update"] == 1 and report.rows[0].changes == ["To"]
    db.session.commit()
    absence = db.session.scalar(select(Absence))
    assert (absence.start_date, absence.end_date) == (date(2026, 12, 24), date(2026, 12, 28))
    others = imports.run_import(staff, "absences", _workbook(
        [["manager@example.com", "2026/12/1", "2026/11/1", "sick", ""]], header))
    assert {p.cell for p in others.rows[0].problems} >= {"A2"}


def test_cost_profiles_keep_absent_columns_and_reject_bad_shares(ctx, world):
    manager = db.session.get(User, world.manager)
    header = ["task_code", "hourly_cost", "rework_rate"]
    report = imports.run_import(manager, "cost_profiles", _workbook(
        [["PAY-001", "３，０００", "10%"]], header), commit=True)
    assert report.committed, report.rows
    db.session.commit()
    profile = db.session.scalar(select(CostProfile).where(
        CostProfile.task_id == world.payroll_task))
    assert profile.hourly_cost == 3000 and float(profile.rework_rate) == 0.1
    same = imports.run_import(manager, "cost_profiles", _workbook(
        [["PAY-001", 3000, 0.1]], header))
    assert same.counts["unchanged"] == 1
    bad = imports.run_import(manager, "cost_profiles", _workbook(
        [["PAY-001", 3000, 1.5]], header))
    assert [p.cell for p in bad.rows[0].problems] == ["C2"]


def test_the_template_reads_back_with_its_example_row(ctx, world):
    admin = db.session.get(User, world.admin)
    for kind in ("tasks", "owners", "absences", "cost_profiles"):
        out = io.BytesIO()
        exports.template(kind).save(out)
        out.seek(0)
        book = load_workbook(out)
        assert len(book.sheetnames) == 2  # the rows and the help sheet
        if kind == "tasks":
            sheet = book.worksheets[0]
            assert [c.value for c in sheet[1]] == HEADERS_EN
            assert sheet.data_validations.dataValidation  # drop-downs
            out.seek(0)
            report = imports.run_import(admin, kind, out)
            # A new task in the payroll department (the demo's code, as here).
            assert report.ok and report.counts["create"] == 1, report.rows


def test_exports_read_in_chunks_miss_no_row(ctx, world, monkeypatch):
    """Exports page through the rows by key (a chunk at a time); with tiny
    chunks every task and occurrence still comes out exactly once."""
    admin = db.session.get(User, world.admin)
    assert imports.run_import(admin, "tasks", _workbook(
        [[f"C-{n}", f"業務 {n}", "payroll", "tax", "monthly_day", 1 + n, "next", 5]
         for n in range(7)]), commit=True).committed
    db.session.commit()
    monkeypatch.setattr(exports, "STREAM_CHUNK", 2)
    codes = [row[0] for row in exports.registry(admin)[0].rows]
    assert sorted(codes) == sorted(db.session.scalars(select(Task.code)))
    assert len(codes) == len(set(codes)) == 9
    departments = [world.payroll, world.accounting]
    calendar = list(exports.calendar(admin, departments)[0].rows)
    today = org_today()
    expected = db.session.scalar(select(func.count(Occurrence.id)).where(
        Occurrence.status != "cancelled", Occurrence.due_date >= today,
        Occurrence.due_date < today + relativedelta(months=12)))
    assert len(calendar) == expected > 9 * 11
    assert [row[0] for row in calendar] == sorted(row[0] for row in calendar)
    keys = [(row[0], row[2]) for row in calendar]
    assert len(keys) == len(set(keys))
