"""Spreadsheets in the reader's Japanese (issue 23): sheets named after the
department rather than its code, months as 2026年12月, enumeration labels and
the help sheet's list of choices translated, and a file headed with the owner
role's former header (権限) still read."""
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook


def _book(client, path: str):  # noqa: ANN001, ANN201
    response = client.get(path)
    assert response.status_code == 200, path
    return load_workbook(io.BytesIO(response.data))


def test_matrix_and_workload_sheets_are_named_after_the_department(client, auth, world):
    auth.login("manager@example.com")
    matrix = _book(client, f"/export/matrix.xlsx?department_id={world.payroll}")
    assert matrix.sheetnames == ["給与 スキルマトリクス", "担当者"]
    listing = matrix["担当者"]
    assert [cell.value for cell in listing[1]][3] == "担当区分"
    workload = _book(client, f"/export/workload.xlsx?department_id={world.payroll}")
    assert workload.sheetnames == ["給与 業務量"]
    months = [cell.value for cell in workload.worksheets[0][1]][2:]
    assert months[:2] == ["2026年12月", "2027年1月"]


def test_the_help_sheet_lists_the_choices_in_japanese(client, auth, world):
    auth.login("manager@example.com")
    help_sheet = _book(client, "/import/template/owners.xlsx")["記入方法"]
    rows = {row[0]: row[2] for row in help_sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["担当区分"].endswith("次のいずれか：主担当 / 副担当 / 育成中")
    assert "独力でできる" in rows["レベル"]
    assert not any("One of" in (text or "") for text in rows.values())


def test_an_owners_file_with_the_former_role_header_still_reads(client, auth, world):
    auth.login("manager@example.com")
    book = Workbook()
    book.active.append(["業務コード", "業務名", "担当者（メールアドレス）", "権限", "レベル"])
    book.active.append(["PAY-001", "", "staff@example.com", "主担当", "独力でできる"])
    content = io.BytesIO()
    book.save(content)
    token = auth.csrf_token("/import")
    page = client.post("/import", data={"csrf_token": token, "kind": "owners",
                                        "file": (io.BytesIO(content.getvalue()), "o.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert '<tr class="import-unchanged">' in page
    assert '<tr class="import-reject">' not in page
