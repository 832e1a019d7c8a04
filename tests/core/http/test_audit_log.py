"""The audit log as an auditor reads it: entries in words (names, labels,
display values, local time to the second), the scheduler's recalculations and
a person's own preferences hidden unless asked for, every record type in the
filter, and the period exported to Excel and CSV from the page and the API."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from planner.core import audit
from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.costing.models.cost_profile import CostProfile
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.models import Occurrence


@pytest.fixture
def changes(app, world) -> dict[str, int]:  # noqa: ANN001
    """An administrator's edits of a task and a cost profile, a person's
    language switch, and a due date the calendar moved (no actor)."""
    with app.app_context():
        audit.set_actor(world.admin)
        task = db.session.get(Task, world.payroll_task)
        task.title = "源泉所得税の納付（納期の特例）"
        task.criticality = "critical"
        task.review_required = True
        task.procedure_reviewed_at = date(2026, 12, 10)
        db.session.add(CostProfile(task_id=task.id, hourly_cost=3500))
        db.session.flush()
        audit.set_actor(world.staff)
        db.session.get(User, world.staff).language = "en"
        db.session.flush()
        audit.set_actor(None)
        occurrence = db.session.scalars(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task).order_by(Occurrence.id)).first()
        occurrence.due_date = date(2027, 1, 12)
        db.session.commit()
        return {"occurrence": occurrence.id}


def _table(response) -> str:  # noqa: ANN001
    """The log's rows, without the header's language switch."""
    return response.get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]


def _login_admin(auth, app, world, language: str = "ja") -> None:  # noqa: ANN001
    with app.app_context():
        db.session.get(User, world.admin).language = language
        db.session.commit()
    auth.login("admin@example.com")


def test_the_page_tells_each_change_in_japanese_words(client, auth, app, world, changes):  # noqa: ANN001
    _login_admin(auth, app, world)
    page = client.get("/admin/audit").get_data(as_text=True)
    # Who by name, the record by its title with a link, the field by its label.
    assert "高橋 管理" in page
    assert f'href="/tasks/{world.payroll_task}"' in page
    assert "源泉所得税の納付（納期の特例）" in page
    assert "業務名" in page and "重要度" in page
    # Old → new as the pages show them: labels, はい/いいえ, dates, yen, —.
    assert "高</span> → <span class=\"new\">最重要" in page
    assert "いいえ</span> → <span class=\"new\">はい" in page
    assert "—</span> → <span class=\"new\">2026年12月10日" in page
    assert "¥3,500" in page
    # When: the organisation's time (10:00 in Tokyo) to the second, no microseconds.
    assert "2026年12月1日 10:00:" in page
    # No model or column names.
    for raw in ("criticality</dt>", "review_required", "CostProfile #", "None"):
        assert raw not in page


def test_the_page_in_english(client, auth, app, world, changes):  # noqa: ANN001
    _login_admin(auth, app, world, "en")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Criticality" in page and "High</span> → <span class=\"new\">Critical" in page
    assert "No</span> → <span class=\"new\">Yes" in page
    assert "Dec 10, 2026" in page
    assert "Dec 1, 2026 10:00:" in page
    assert "Cost profile" in page and "Hourly cost" in page


def test_recalculations_and_preferences_are_hidden_unless_asked_for(client, auth, app, world,  # noqa: ANN001
                                                                     changes):
    _login_admin(auth, app, world)
    shown = _table(client.get("/admin/audit"))
    # The due date the calendar moved and the language switch are not changes.
    assert "2027年1月12日" not in shown
    assert "日本語</span> → " not in shown
    automatic = _table(client.get("/admin/audit?automatic=y"))
    assert "2027年1月12日" in automatic and "システム" in automatic
    preferences = _table(client.get("/admin/audit?preferences=y"))
    assert "日本語</span> → <span class=\"new\">English" in preferences
    assert "佐藤 花子" in preferences
    with app.app_context():
        switch = db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "User", AuditEntry.actor_id == world.staff)).one()
        assert switch.kind == "preference"


def test_the_filter_offers_every_audited_record_type_by_its_name(client, auth, app, world,  # noqa: ANN001
                                                                 changes):
    _login_admin(auth, app, world)
    page = client.get("/admin/audit").get_data(as_text=True)
    for value, label in (("Suggestion", "提案"), ("Task", "業務"), ("CostProfile", "コスト設定"),
                         ("Occurrence", "業務の実施回")):
        assert f'<option value="{value}">{label}</option>' in page
    only = client.get("/admin/audit?entity_type=CostProfile").get_data(as_text=True)
    assert "¥3,500" in only and "業務名" not in only
    # A creation lists what was set, not every empty column.
    assert "<dd>—</dd>" not in only


def test_a_period_the_wrong_way_round_is_told_next_to_the_field(client, auth, app, world):  # noqa: ANN001
    _login_admin(auth, app, world)
    response = client.get("/admin/audit?from=2026-12-01&to=2026-11-01")
    assert response.status_code == 200
    assert "終了日は開始日以降の日付を指定してください。" in response.get_data(as_text=True)


def test_the_page_exports_the_period_to_excel_as_filtered(client, auth, app, world, changes):  # noqa: ANN001
    _login_admin(auth, app, world)
    response = client.get("/admin/audit/export.xlsx?from=2026-12-01&to=2026-12-01"
                          "&entity_type=Task")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:9] == ["日時", "実行者", "操作", "レコード種別", "レコード", "レコードID",
                          "項目", "変更前", "変更後"]
    criticality = next(row for row in rows if row[6] == "重要度" and row[2] == "変更")
    assert criticality[1] == "高橋 管理" and criticality[3] == "業務"
    assert criticality[4] == "源泉所得税の納付（納期の特例）"
    assert (criticality[7], criticality[8]) == ("高", "最重要")
    assert criticality[0].startswith("2026年12月1日 10:00:")
    assert {row[3] for row in rows[1:]} == {"業務"}
    # A day with nothing in it exports the header alone.
    empty = client.get("/admin/audit/export.xlsx?from=2026-11-01&to=2026-11-30")
    assert load_workbook(io.BytesIO(empty.data)).active.max_row == 1


def test_the_api_exports_csv_with_a_bom_for_excel(client, app, world, changes, bearer):  # noqa: ANN001
    response = client.get("/api/v1/audit/export?from=2026-12-01&to=2026-12-31&format=csv"
                          "&kind=change&kind=automatic", headers=bearer(world.admin))
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert any(row[6] == "期限" and row[8] == "2027年1月12日" for row in rows)
    # Preferences were not asked for: the language switch is not there.
    assert not any(row[6] == "言語" and row[2] == "変更" for row in rows)


def test_the_api_export_refuses_a_bad_format_or_period_naming_the_field(client, world, bearer):  # noqa: ANN001
    headers = bearer(world.admin)
    bad = client.get("/api/v1/audit/export?format=pdf", headers=headers)
    assert bad.status_code == 422 and "format" in bad.get_json()["error"]["fields"]
    wrong_way = client.get("/api/v1/audit/export?from=2026-12-02&to=2026-12-01",
                           headers=headers)
    assert wrong_way.status_code == 422 and "to" in wrong_way.get_json()["error"]["fields"]
    typo = client.get("/api/v1/audit?from=2026-13-01&kind=everything", headers=headers)
    assert typo.status_code == 422
    assert set(typo.get_json()["error"]["fields"]) == {"from", "kind"}


def test_the_api_keeps_its_fields_and_adds_the_words(client, world, changes, bearer):  # noqa: ANN001
    body = client.get("/api/v1/audit?entity_type=Task", headers=bearer(world.admin)).get_json()
    update = next(item for item in body["items"] if item["action"] == "update")
    assert update["changes"]["criticality"] == ["high", "critical"]  # as recorded
    assert update["actor"]["name"] == "高橋 管理" and update["kind"] == "change"
    assert update["record_label"] == "源泉所得税の納付（納期の特例）"
    assert update["record_url"] == f"/tasks/{world.payroll_task}"
    words = {change["field"]: change for change in update["changes_in_words"]}
    assert (words["criticality"]["old"], words["criticality"]["new"]) == ("高", "最重要")
    # Every kind unless narrowed: the contract the API had.
    assert client.get("/api/v1/audit?entity_type=Occurrence",
                      headers=bearer(world.admin)).get_json()["total"] >= 1


def test_an_auditor_exports_and_a_manager_cannot(client, auth, app, world, changes):  # noqa: ANN001
    auth.login("manager@example.com")
    assert client.get("/admin/audit/export.csv").status_code == 403
    auth.logout()
    with app.app_context():
        world.person("auditor@example.com", "監査 太郎", "auditor", [])
        db.session.commit()
    auth.login("auditor@example.com")
    response = client.get("/admin/audit/export.csv")
    assert response.status_code == 200 and "監査ログ" not in response.get_data(as_text=True)[:1]


def test_a_deleted_record_keeps_its_name(client, auth, app, world, changes):  # noqa: ANN001
    with app.app_context():
        audit.set_actor(world.admin)
        db.session.delete(db.session.scalars(select(CostProfile)).one())
        db.session.commit()
        audit.set_actor(None)
    _login_admin(auth, app, world)
    rows = _table(client.get("/admin/audit?entity_type=CostProfile"))
    deleted = next(row for row in rows.split("<tr>") if "<td>削除</td>" in row)
    assert "源泉所得税の納付（納期の特例）" in deleted  # named from its creation
    assert 'href="/tasks/' not in rows  # nothing left to link to
