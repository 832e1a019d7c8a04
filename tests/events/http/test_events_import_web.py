"""The events sheet on the import page: its template, a dry run that shows
under each row the procedures it would open, then the apply."""
from __future__ import annotations

import io
import re

from conftest import workbook_bytes
from openpyxl import load_workbook
from sqlalchemy import func, select

from planner.core.extensions import db
from planner.events.models import Event
from planner.people.models.department import Department


def _upload(client, auth, content: io.BytesIO):  # noqa: ANN001, ANN201
    token = auth.csrf_token("/import")
    return client.post("/import", data={"csrf_token": token, "kind": "events",
                                        "file": (content, "events.xlsx")},
                       content_type="multipart/form-data")


def test_the_import_page_shows_each_events_procedures_then_applies(app, client, auth, world):
    with app.app_context():
        db.session.add_all([Department(code="hr", name="人事"),
                            Department(code="general", name="総務")])
        db.session.commit()
    auth.login("manager@example.com")
    page = client.get("/import").get_data(as_text=True)
    assert "イベント（入社・退職など）" in page and "/import/template/events.xlsx" in page
    template = load_workbook(io.BytesIO(client.get("/import/template/events.xlsx").data))
    header = [c.value for c in template.worksheets[0][1]]
    assert header[:3] == ["イベント", "発生日", "社員番号"]
    rows = [["退職", "2026-12-15", "E0100", "田中　一郎", "タナカ　イチロウ", "営業部", "正社員",
             "加入", "加入", None]]
    dry = _upload(client, auth, workbook_bytes(header, rows)).get_data(as_text=True)
    assert "開始される手続き：" in dry
    assert "雇用保険被保険者離職証明書の提出" in dry and "2026年12月" in dry
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0
    action = re.search(r'action="(/import/events/[^"]+/commit)"', dry).group(1)
    applied = client.post(action, data={"csrf_token": auth.csrf_token("/import")})
    assert "取り込みました：新規 1件" in applied.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 1


def test_staff_are_not_offered_the_events_import(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/import").get_data(as_text=True)
    assert "イベント（入社・退職など）" not in page
