"""The reading (フリガナ) in the spreadsheets: the registry's export carries it,
its import takes it (optional: suggested when the cell is empty or the column
missing, kept when an existing task's cell is empty), the roster's export
carries the employees' readings."""
from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import World, workbook_bytes
from sqlalchemy import select

from planner.core.extensions import db
from planner.core.kana import gojuon_key
from planner.employees import operations as roster
from planner.employees.operations import EmployeeData
from planner.people.models.department import Department
from planner.tasks.models import Task
from planner.transfer import exports

HEAD = ["code", "title", "reading", "department", "category", "preset", "shift"]


def _import(client, auth, rows: list[list]) -> str:  # noqa: ANN001
    token = auth.csrf_token("/import")
    page = client.post("/import", data={"csrf_token": token, "kind": "tasks",
                                        "file": (workbook_bytes(rows[0], rows[1:]), "tasks.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    action = re.search(r'action="(/import/tasks/[0-9a-f]{32}/commit)"', page)
    if action is None:
        return page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(action.group(1), data={"csrf_token": token}).get_data(as_text=True)


def _readings(app) -> dict[str, str]:  # noqa: ANN001
    with app.app_context():
        return {code: reading for code, reading in db.session.execute(
            select(Task.code, Task.reading).where(Task.code.like("PAY-3%")))}


def test_the_import_takes_a_reading_or_suggests_one(app, client, auth, world):
    auth.login("staff@example.com")
    _import(client, auth, [HEAD,
                           ["PAY-300", "年末調整", "ねんちょう", "payroll", "tax", "month_end",
                            "none"],
                           ["PAY-301", "住民税の納入", None, "payroll", "tax", "month_end",
                            "none"]])
    assert _readings(app) == {"PAY-300": "ネンチョウ", "PAY-301": "ジュウミンゼイノノウニュウ"}
    # The same file with the cell emptied keeps the reading; a file without the
    # column too; a new code without it is suggested.
    _import(client, auth, [HEAD, ["PAY-300", "年末調整", None, "payroll", "tax", "month_end",
                                  "none"]])
    _import(client, auth, [[c for c in HEAD if c != "reading"],
                           ["PAY-300", "年末調整", "payroll", "tax", "month_end", "none"],
                           ["PAY-302", "勤怠の締め", "payroll", "tax", "month_end", "none"]])
    assert _readings(app) == {"PAY-300": "ネンチョウ", "PAY-301": "ジュウミンゼイノノウニュウ",
                              "PAY-302": "キンタイノシメ"}


def test_the_registry_export_carries_the_reading_in_its_own_column(client, auth, world):
    auth.login("admin@example.com")
    body = client.get("/export/registry.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    column = rows[0].index("フリガナ")
    assert column == rows[0].index("業務名") + 1
    assert {r[0]: r[column] for r in rows[1:]}["PAY-001"] == "ゲンセンショトクゼイノノウフ"


def test_the_roster_export_carries_the_readings_typed_or_suggested(app, client, auth, world):
    with app.app_context():
        for number, name, kana in (("1", "和田 光", "わだ ひかる"), ("2", "阿部 和也", "")):
            roster.create_employee(None, EmployeeData(number=number, name=name, name_kana=kana))
        db.session.commit()
    auth.login("manager@example.com")
    body = client.get("/export/employees.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    # In 五十音 order, as the roster page lists them.
    assert [(r[0], r[2]) for r in rows[1:]] == [("2", "アベ\u3000カズヤ"),
                                                 ("1", "ワダ\u3000ヒカル")]


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_the_registry_export_is_in_gojuon_order_across_its_chunks(app, client, auth, world,
                                                                 monkeypatch, chunk):
    """The export streams in chunks; each chunk resumes after the last row's
    reading (and id), so the sheet is in the page's 五十音 order whatever the
    chunk size. Added in an order that is not 五十音, two with one reading."""
    with app.app_context():
        payroll = db.session.get(Department, world.payroll)
        for title in ("住民税の納付", "年末調整", "勤怠の締め", "住民税の納付"):
            World.task(title, payroll)
        db.session.commit()
    monkeypatch.setattr(exports._streamed, "__defaults__", (chunk,))
    auth.login("admin@example.com")
    body = client.get("/export/registry.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    readings = [r[rows[0].index("フリガナ")] for r in rows[1:]]
    assert readings == sorted(readings, key=gojuon_key)
    assert readings[:3] == ["キンタイノシメ", "ゲツジケッサン", "ゲンセンショトクゼイノノウフ"]
    assert readings.count("ジュウミンゼイノノウフ") == 2 and len(readings) == 6
