"""The import page (upload → dry run → apply), the exports, and the same from
the command line."""
from __future__ import annotations

import codecs
import csv
import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.tasks.models import Task

ROWS = [["code", "title", "department", "category", "preset", "day", "shift"],
        ["PAY-200", "社会保険料の納付", "payroll", "social_insurance", "month_end", None, "none"],
        ["PAY-201", "給与計算", "payroll", "payroll", "monthly_day", 25, "previous"]]


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _tasks(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Task.id)))


def _upload(client, auth, content: bytes, kind: str = "tasks", name: str = "tasks.xlsx"):  # noqa: ANN001, ANN201
    token = auth.csrf_token("/import")
    return client.post("/import", data={"csrf_token": token, "kind": kind,
                                        "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_upload_shows_the_dry_run_then_apply_saves_it(app, client, auth, world):
    auth.login("staff@example.com")
    before = _tasks(app)
    rows = [r[:] for r in ROWS]
    rows[2][4:6] = ["monthly_day", None]  # monthly without a day: rejected
    page = _upload(client, auth, _xlsx(rows)).get_data(as_text=True)
    assert "PAY-200" in page and "F3" in page
    assert "commit" not in page  # no apply button while a row is rejected
    assert _tasks(app) == before

    page = _upload(client, auth, _xlsx(ROWS)).get_data(as_text=True)
    assert _tasks(app) == before  # a dry run saves nothing
    action = re.search(r'action="(/import/tasks/[0-9a-f]{32}/commit)"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post(action, data={"csrf_token": token})
    assert done.status_code == 200
    assert _tasks(app) == before + 2
    assert client.post(action, data={"csrf_token": token}).status_code == 404  # used up


def test_an_upload_can_be_applied_only_by_its_uploader(app, client, auth, world):
    auth.login("staff@example.com")
    page = _upload(client, auth, _xlsx(ROWS)).get_data(as_text=True)
    action = re.search(r'action="(/import/tasks/[0-9a-f]{32}/commit)"', page).group(1)
    auth.logout()
    auth.login("manager@example.com")
    token = auth.csrf_token("/import")
    assert client.post(action, data={"csrf_token": token}).status_code == 404


def test_a_file_that_is_not_a_workbook_is_refused_next_to_the_field(client, auth, world):
    auth.login("staff@example.com")
    response = _upload(client, auth, b"code,title\n", name="tasks.csv")
    assert response.status_code == 400
    assert "field-error" in response.get_data(as_text=True)
    renamed = _upload(client, auth, b"code,title\n", name="tasks.xlsx")
    assert "file-problem" in renamed.get_data(as_text=True)


def test_an_upload_larger_than_the_limit_is_refused_with_413(app, client, auth, world):
    auth.login("staff@example.com")
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = _upload(client, auth, b"PK\x03\x04" + b"\0" * 5000)
    assert response.status_code == 413


def test_staff_see_only_the_kinds_they_may_import(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/import").get_data(as_text=True)
    assert "/import/template/tasks.xlsx" in page and "/import/template/owners.xlsx" not in page
    token = auth.csrf_token("/import")
    response = client.post("/import", data={"csrf_token": token, "kind": "owners",
                                            "file": (io.BytesIO(_xlsx(ROWS)), "o.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 400  # not a choice for staff


def test_templates_follow_the_language(client, auth, world):
    auth.login("staff@example.com")
    japanese = load_workbook(io.BytesIO(client.get("/import/template/tasks.xlsx").data))
    assert japanese.worksheets[0]["B1"].value == "業務名"
    with client.application.app_context():
        db.session.get(User, world.staff).language = "en"
        db.session.commit()
    english = load_workbook(io.BytesIO(client.get("/import/template/tasks.xlsx").data))
    assert english.worksheets[0]["B1"].value == "Title"
    assert english.sheetnames[1] == "How to fill in"


def test_registry_csv_has_a_bom_and_follows_the_filter(client, auth, world):
    auth.login("admin@example.com")
    response = client.get("/export/registry.csv?q=決算")
    assert response.mimetype == "text/csv"
    body = response.data
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["ACC-001"]


def test_staff_export_only_their_departments(client, auth, world):
    auth.login("staff@example.com")
    book = load_workbook(io.BytesIO(client.get("/export/registry.xlsx").data))
    codes = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert codes == ["PAY-001"]
    calendar = client.get("/export/calendar.csv").data.decode("utf-8-sig")
    assert "PAY-001" in calendar and "ACC-001" not in calendar
    assert client.get(f"/export/calendar.csv?department_id={world.accounting}").status_code == 404


def test_matrix_export_is_colour_coded_and_imports_back(app, client, auth, world):
    auth.login("manager@example.com")
    data = client.get(f"/export/matrix.xlsx?department_id={world.payroll}").data
    book = load_workbook(io.BytesIO(data))
    grid = book.worksheets[0]
    level_cell = grid.cell(2, 3)
    assert level_cell.value == 3 and level_cell.fill.fgColor.rgb.endswith("DFF0E5")
    listing = book.worksheets[-1]
    assert [c.value for c in listing[2]][0] == "PAY-001"
    page = _upload(client, auth, data, kind="owners").get_data(as_text=True)
    assert '<tr class="import-unchanged">' in page and '<tr class="import-reject">' not in page


def test_workload_and_portfolio_exports(client, auth, world):
    auth.login("manager@example.com")
    workload = load_workbook(io.BytesIO(client.get("/export/workload.xlsx").data))
    assert workload.worksheets[0]["A1"].value
    assert client.get("/export/workload.csv").data.startswith(codecs.BOM_UTF8)
    assert client.get("/portfolio.csv").data.startswith(codecs.BOM_UTF8)
    assert client.get("/portfolio.xlsx").status_code == 200
    assert client.get("/portfolio.pdf").status_code == 404


def test_cli_import_dry_run_commit_and_exit_status(app, runner, world, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx(ROWS))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx([ROWS[0], ["PAY-300", "", "payroll", "tax", "month_end", None,
                                     "sideways"]]))
    before = _tasks(app)
    dry = runner.invoke(args=["import", "tasks", str(good), "--language", "en"])
    assert dry.exit_code == 0, dry.output
    assert "row 2\tPAY-200\tcreate" in dry.output and "dry run" in dry.output
    assert _tasks(app) == before
    rejected = runner.invoke(args=["import", "tasks", str(bad), "--commit", "--language", "en"])
    assert rejected.exit_code == 1
    assert "B2 Title" in rejected.output and "G2 When the date" in rejected.output
    assert _tasks(app) == before
    done = runner.invoke(args=["import", "tasks", str(good), "--commit"])
    assert done.exit_code == 0 and "committed" in done.output
    assert _tasks(app) == before + 2
    again = runner.invoke(args=["import", "tasks", str(good), "--commit"])
    assert "0 new, 0 changed, 2 unchanged, 0 rejected" in again.output


def test_cli_export_writes_excel_and_csv(app, runner, world, tmp_path):
    for kind in ("registry", "matrix", "workload", "calendar", "portfolio"):
        xlsx, text = tmp_path / f"{kind}.xlsx", tmp_path / f"{kind}.csv"
        assert runner.invoke(args=["export", kind, str(xlsx)]).exit_code == 0
        assert load_workbook(xlsx).worksheets
        assert runner.invoke(args=["export", kind, str(text)]).exit_code == 0
        assert text.read_bytes().startswith(codecs.BOM_UTF8)
    registry = load_workbook(tmp_path / "registry.xlsx").worksheets[0]
    assert {row[0] for row in registry.iter_rows(min_row=2, values_only=True)} == {
        "PAY-001", "ACC-001"}
    template = tmp_path / "t.xlsx"
    result = runner.invoke(args=["export", "template", str(template), "--template", "owners"])
    assert result.exit_code == 0 and load_workbook(template).worksheets[0]["A1"].value
