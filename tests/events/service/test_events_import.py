"""The Excel import of events: a dry run that shows, row by row, the event and
the steps it would open (or the cell at fault), then an apply that records
every event and adds the employees not yet on the roster, or nothing."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events.models import Event
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.transfer import imports
from planner.work.models import Occurrence

HEADER = ["type", "date", "employee_number", "employee_name", "employee_kana", "division",
          "employment_type", "health_pension_insured", "employment_insurance_insured", "note"]
JAPANESE = ["イベント", "発生日", "社員番号", "従業員の氏名", "フリガナ", "所属", "雇用区分",
            "健康保険・厚生年金 加入", "雇用保険 加入", "メモ"]
KANA = ["ヤマダ　タロウ", "スズキ　ハナコ", "タナカ　ジロウ", "サトウ　ミカ"]


def _hires(count: int) -> list[list]:
    """`count` hires on the first business days of December: half by the event
    type's key, half by its Japanese name; every tenth part-timer without
    employment insurance."""
    rows = []
    for n in range(count):
        part_time = n % 10 == 9
        rows.append(["hire" if n % 2 else "入社", date(2026, 12, 1) + timedelta(days=n % 3),
                     f"H{n:04d}", f"新入　社員{n}", KANA[n % 4], "営業部" if n % 3 else "工場",
                     "part_time" if part_time else "regular", "Enrolled",
                     "Not enrolled" if part_time else "Enrolled", ""])
    return rows


@pytest.fixture
def manager(ctx, world) -> User:  # noqa: ANN001
    """A manager, with 人事 and 総務 beside the world's departments (where the
    event types' steps go)."""
    db.session.add_all([Department(code="hr", name="人事"), Department(code="general", name="総務")])
    db.session.commit()
    with force_locale("en"):  # the report's headers and messages, outside a request
        yield db.session.get(User, world.manager)


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_five_hundred_hires_dry_run_then_apply(manager):
    rows = _hires(500)
    dry = imports.run_import(manager, "events", workbook_bytes(HEADER, rows))
    db.session.rollback()
    assert dry.ok and not dry.committed, [r.problems for r in dry.rows if r.problems][:3]
    assert dry.counts["create"] == 500
    assert (_count(Event), _count(Employee)) == (0, 0)
    # The steps each hire would open, with their due dates; none for employment
    # insurance for a part-timer who is not enrolled.
    assert all(row.opens for row in dry.rows)
    enrolled, not_enrolled = dry.rows[0], dry.rows[9]
    assert len(not_enrolled.opens) < len(enrolled.opens)
    assert all(date(2026, 11, 1) <= step.due <= date(2027, 1, 31) for step in enrolled.opens)
    assert any("雇用保険" in step.title_ja for step in enrolled.opens)
    assert not any("雇用保険" in step.title_ja for step in not_enrolled.opens)

    applied = imports.run_import(manager, "events", workbook_bytes(HEADER, rows), commit=True)
    assert applied.committed
    db.session.commit()
    assert (_count(Event), _count(Employee)) == (500, 500)
    steps = db.session.scalar(select(func.count()).select_from(Occurrence)
                              .where(Occurrence.event_id.is_not(None)))
    assert steps == sum(len(row.opens) for row in dry.rows)
    events = db.session.scalars(select(Event)).all()
    assert {e.source for e in events} == {"import"} and {e.type_key for e in events} == {"hire"}
    part_timer = db.session.scalar(select(Employee).where(Employee.number == "H0009"))
    assert (part_timer.employment_type, part_timer.employment_insurance_insured,
            part_timer.hire_date) == ("part_time", False, date(2026, 12, 1))


def test_one_bad_row_applies_nothing_and_names_its_cell(manager):
    rows = _hires(40)
    rows[20][0] = "昇進"  # no such event type
    rows[30][1] = "2026-13-01"  # no such date
    rows[35][4] = "yamada"  # not katakana
    report = imports.run_import(manager, "events", workbook_bytes(HEADER, rows), commit=True)
    assert not report.committed
    db.session.rollback()
    assert (_count(Event), _count(Employee)) == (0, 0)
    problems = {r.row: [p.cell for p in r.problems] for r in report.rows if r.problems}
    assert problems == {22: ["A22"], 32: ["B32"], 37: ["E37"]}


def test_japanese_headers_and_an_employee_already_on_the_roster(manager):
    employee = Employee(number="E0001", name="既存　社員", name_kana="キソン　シャイン")
    db.session.add(employee)
    db.session.commit()
    rows = [["退職", "2026-11-30", "E0001", None, None, None, None, None, None, "自己都合"],
            ["hire", "2026-12-01", "N0001", "新規　太郎", "シンキ　タロウ", "総務部", "正社員",
             "加入", "未加入", None],
            ["bonus", "2026-12-10", "N0001", None, None, None, None, None, None, None]]
    with force_locale("ja"):
        report = imports.run_import(manager, "events", workbook_bytes(JAPANESE, rows),
                                    commit=True)
    assert report.committed and not report.notes, (report.notes, report.rows)
    db.session.commit()
    assert _count(Employee) == 2
    leave = db.session.scalar(select(Event).where(Event.type_key == "leave"))
    assert (leave.employee_id, leave.note) == (employee.id, "自己都合")
    assert db.session.scalar(select(func.count()).select_from(Event).where(
        Event.employee.has(number="N0001"))) == 2
    added = db.session.scalar(select(Employee).where(Employee.number == "N0001"))
    assert (added.employment_type, added.health_pension_insured,
            added.employment_insurance_insured) == ("regular", True, False)
    with force_locale("ja"):  # the same file again changes nothing
        again = imports.run_import(manager, "events", workbook_bytes(JAPANESE, rows),
                                   commit=True)
    assert again.counts["unchanged"] == 3
    db.session.commit()
    assert _count(Event) == 3


def test_staff_may_not_import_events(ctx, world):
    staff = db.session.get(User, world.staff)
    assert not imports.may_import(staff, "events")


def test_the_command_imports_a_file_of_events(app, runner, world, tmp_path):
    with app.app_context():
        db.session.add_all([Department(code="hr", name="人事"),
                            Department(code="general", name="総務")])
        db.session.commit()
    path = tmp_path / "events.xlsx"
    path.write_bytes(workbook_bytes(HEADER, _hires(3)).getvalue())
    dry = runner.invoke(args=["import", "events", str(path)])
    assert dry.exit_code == 0 and "3 new" in dry.output, dry.output
    applied = runner.invoke(args=["import", "events", str(path), "--commit"])
    assert applied.exit_code == 0 and "committed" in applied.output, applied.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 3
