"""Past completions through the import page: the report, then the commit."""
from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

HEADER = ["業務コード", "期限", "完了日", "完了者（メール）", "所要時間（分）", "メモ"]


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, auth, content: bytes):  # noqa: ANN001, ANN201
    token = auth.csrf_token("/import")
    return client.post("/import", data={"csrf_token": token, "kind": "completions",
                                        "file": (io.BytesIO(content), "done.xlsx")},
                       content_type="multipart/form-data")


def _history(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        occurrences.materialise([db.session.get(Task, world.payroll_task)],
                                today=date(2026, 1, 5))
        db.session.commit()


def _minutes(app, world) -> list[int | None]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(select(Occurrence.minutes_taken).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "done")
            .order_by(Occurrence.due_date)))


def test_the_import_page_reports_then_applies_completions(app, client, auth, world):
    _history(app, world)
    auth.login("manager@example.com")
    page = client.get("/import").get_data(as_text=True)
    assert "過去の完了実績（所要時間）" in page and "/import/template/completions.xlsx" in page
    template = load_workbook(io.BytesIO(client.get("/import/template/completions.xlsx").data))
    assert [c.value for c in template.worksheets[0][1]] == HEADER
    bad = _upload(client, auth, _xlsx([
        ["PAY-001", "2026-08-10", "2026-08-07", "staff@example.com", 50, ""],
        ["PAY-001", "2026-08-11", "2026-08-11", "", 0, ""]])).get_data(as_text=True)
    assert "この業務には、この日が期限の回がありません。" in bad
    assert "B3" in bad and "E3" in bad and "所要時間（分）" in bad
    assert _minutes(app, world) == []
    good = _upload(client, auth, _xlsx([
        ["PAY-001", "2026-08-10", "2026-08-07", "staff@example.com", 50, ""],
        ["PAY-001", "2026-09-10", "2026-09-09", "staff@example.com", 70, "照合に時間"]]))
    action = re.search(r'action="(/import/completions/[^"]+/commit)"',
                       good.get_data(as_text=True)).group(1)
    token = auth.csrf_token("/import")
    applied = client.post(action, data={"csrf_token": token}).get_data(as_text=True)
    assert "取り込みました：新規 2件、変更 0件、変更なし 0件。" in applied
    assert _minutes(app, world) == [50, 70]


def test_staff_are_not_offered_the_completions_import(client, auth, world):
    auth.login("staff@example.com")
    assert "過去の完了実績" not in client.get("/import").get_data(as_text=True)
