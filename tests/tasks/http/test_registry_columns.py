"""The registry's list: the schedule in words, the next due date, effort in
hours and minutes."""
from __future__ import annotations

import re

from planner.core.extensions import db
from planner.tasks.models import Task


def _row(page: str, title: str) -> str:
    start = page.index(f">{title}</a>")
    return page[page.rindex("<tr", 0, start):page.index("</tr>", start)]


def test_each_task_shows_its_schedule_next_due_date_and_effort(app, client, auth, world):
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 2400
        # Added without its occurrences: no next due date yet.
        world.task("賞与計算", db.session.get(Task, world.payroll_task).department,
                   effort_minutes=90, code="PAY-002")
        db.session.commit()
    auth.login("staff@example.com")
    page = client.get("/tasks/").get_data(as_text=True)
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", page.split("<thead>")[1].split("</thead>")[0])
    assert headers == ["コード", "業務名", "部署", "分類", "重要度", "スケジュール", "次回期限",
                       "主担当者", "工数"]
    row = _row(page, "源泉所得税の納付")
    assert "毎月10日" in row
    # Thursday 10 December 2026, the next open occurrence.
    assert '<time datetime="2026-12-10">' in row
    assert ">40時間</td>" in row
    assert ">1時間30分</td>" in _row(page, "賞与計算")
    assert re.search(r'<td class="nowrap">—</td>', _row(page, "賞与計算"))
