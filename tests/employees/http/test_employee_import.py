"""The roster from Excel: a dry run that says, row by row, what is new,
changed, unchanged or refused; then the file applied whole, or not at all."""
from __future__ import annotations

import io
import re
from datetime import date

from conftest import workbook_bytes
from openpyxl import load_workbook
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.employees import operations as roster
from planner.employees.demo import roster as demo_roster
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData

JA = ["社員番号", "氏名", "フリガナ", "所属", "雇用区分", "入社日", "退職日",
      "健康保険・厚生年金 加入", "雇用保険 加入"]
EN = ["Employee number", "Name", "Name in katakana", "Division", "Employment type",
      "Hire date", "Leave date", "Enrolled in health insurance and pension",
      "Enrolled in employment insurance"]
TYPES = {"regular": "正社員", "contract": "契約社員", "part_time": "パート・アルバイト",
         "officer": "役員"}


def _rows(count: int) -> list[list]:
    return [[e["number"], e["name"], e["name_kana"], e["division"], TYPES[e["employment_type"]],
             e["hire_date"], e["leave_date"], "加入" if e["health_pension_insured"] else "未加入",
             "加入" if e["employment_insurance_insured"] else "未加入"]
            for e in demo_roster(date(2026, 12, 1), count)]


def _count(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Employee.id)))


def _upload(client, auth, content: io.BytesIO):  # noqa: ANN001, ANN201
    token = auth.csrf_token("/import")
    return client.post("/import", data={"csrf_token": token, "kind": "employees",
                                        "file": (content, "roster.xlsx")},
                       content_type="multipart/form-data")


def test_five_hundred_employees_dry_run_then_apply(app, client, auth, world):
    with app.app_context():  # one known already: the file changes their division
        roster.create_employee(None, EmployeeData(number="00002", name="旧姓 花子",
                                                  division="旧部署"))
        roster.create_employee(None, EmployeeData(**{
            **demo_roster(date(2026, 12, 1), 3)[2]}))
        db.session.commit()
    rows = _rows(500)
    rows[10][2] = "ｶﾀｶﾅ ﾊﾝｶｸ"  # half-width: converted, not refused
    auth.login("manager@example.com")
    page = client.get("/import").get_data(as_text=True)
    assert "/import/template/employees.xlsx" in page
    template = load_workbook(io.BytesIO(client.get("/import/template/employees.xlsx").data))
    assert [c.value for c in template.worksheets[0][1]] == JA
    report = _upload(client, auth, workbook_bytes(JA, rows)).get_data(as_text=True)
    assert "新規 498件、変更 1件、変更なし 1件" in report, report[-3000:]
    assert _count(app) == 2  # a dry run saves nothing
    action = re.search(r'action="(/import/employees/[0-9a-f]{32}/commit)"', report).group(1)
    applied = client.post(action, data={"csrf_token": auth.csrf_token("/import")})
    assert "取り込みました：新規 498件、変更 1件、変更なし 1件。" in applied.get_data(as_text=True)
    assert _count(app) == 500
    with app.app_context():
        changed = roster.find_by_number("00002")
        assert changed.name == rows[1][1] and changed.division == rows[1][3]
        assert roster.find_by_number("00011").name_kana == "カタカナ\u3000ハンカク"
        officer = roster.find_by_number("00001")
        assert officer.employment_type == "officer" and not officer.employment_insurance_insured
    # The same file again: nothing to do.
    again = _upload(client, auth, workbook_bytes(JA, _rows(500))).get_data(as_text=True)
    assert "新規 0件、変更 1件、変更なし 499件" in again  # row 11's reading, as typed


def test_a_bad_row_is_reported_by_cell_and_nothing_is_saved(app, client, auth, world):
    rows = _rows(5)
    rows[1][2] = "Yamada"  # not kana (hiragana would be folded to katakana)
    rows[2][6] = date(1990, 1, 1)  # leaves before joining
    rows[3][0] = rows[0][0]  # a number twice
    rows[4][4] = "インターン"
    auth.login("manager@example.com")
    report = _upload(client, auth, workbook_bytes(JA, rows)).get_data(as_text=True)
    for cell in ("C3", "G4", "A5", "E6"):
        assert cell in report, cell
    assert "/commit" not in report and _count(app) == 0


def test_the_command_applies_all_or_nothing_across_batches(app, runner, world, tmp_path):
    """600 rows: the first batch of 500 is checked and applied, then row 551 is
    refused; the whole file is undone (English headers read as well)."""
    rows = _rows(600)
    rows[549][5], rows[549][6] = date(2020, 4, 1), date(2019, 4, 1)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes(EN, rows).getvalue())
    result = runner.invoke(args=["import", "employees", str(path), "--commit", "--quiet",
                                 "--language", "en"])
    assert result.exit_code == 1, result.output
    assert "row 551" in result.output and "G551" in result.output
    assert _count(app) == 0
    rows[549][6] = None
    path.write_bytes(workbook_bytes(EN, rows).getvalue())
    result = runner.invoke(args=["import", "employees", str(path), "--commit", "--quiet"])
    assert result.exit_code == 0, result.output
    assert _count(app) == 600


def test_the_export_imports_again_unchanged(app, client, auth, world, runner, tmp_path):
    with app.app_context():
        for spec in demo_roster(date(2026, 12, 1), 30):
            roster.create_employee(None, EmployeeData(**spec))
        db.session.commit()
    auth.login("staff@example.com")
    assert client.get("/export/employees.xlsx").status_code == 403  # the clerk's, not staff's
    auth.logout()
    auth.login("manager@example.com")
    exported = client.get("/export/employees.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data)).worksheets[0]
    assert [c.value for c in sheet[1]] == JA and sheet.max_row == 31
    report = _upload(client, auth, io.BytesIO(exported.data)).get_data(as_text=True)
    assert "新規 0件、変更 0件、変更なし 30件" in report
    path = tmp_path / "roster.csv"
    result = runner.invoke(args=["export", "employees", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8-sig").count("\n") == 31
