"""My work: a note with "done", and "undo" (元に戻す) for a while after it."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work.models import Occurrence


def _first_open(app, task_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalars(select(Occurrence.id).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date)).first()


def _undo_bar(client) -> str:  # noqa: ANN001
    page = client.get("/my-work").get_data(as_text=True)
    return page.split('id="undo"')[1].split("</section>")[0] if 'id="undo"' in page else ""


def test_done_with_a_note_then_undo_reopens_it_once(app, client, auth, world):
    occurrence_id = _first_open(app, world.payroll_task)
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    assert 'name="note"' in page and "メモ（任意）" in page
    assert _undo_bar(client) == ""
    token = auth.csrf_token("/my-work")
    client.post(f"/occurrences/{occurrence_id}/complete",
                data={"csrf_token": token, "next": "/my-work", "note": "振込済み（みずほ）"})
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        assert (occurrence.status, occurrence.note) == ("done", "振込済み（みずほ）")
    bar = _undo_bar(client)
    assert "源泉所得税の納付" in bar and "元に戻す" in bar
    assert f"/occurrences/{occurrence_id}/undo" in bar
    response = client.post(f"/occurrences/{occurrence_id}/undo", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/my-work"
    page = client.get("/my-work").get_data(as_text=True)
    assert "元に戻しました" in page and 'id="undo"' not in page
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        assert (occurrence.status, occurrence.completed_by_id, occurrence.note) == (
            "open", None, "")
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "Occurrence", AuditEntry.entity_id == str(occurrence_id))
            .order_by(AuditEntry.id.desc())).first()
        assert entry.actor_id == world.staff and entry.changes["status"] == ["done", "open"]
    # A second undo finds nothing to take back, and changes nothing.
    client.post(f"/occurrences/{occurrence_id}/undo", data={"csrf_token": token})
    assert "取り消せる操作はありません" in client.get("/my-work").get_data(as_text=True)


def test_review_required_work_goes_to_prepared_and_undo_returns_it_to_open(
        app, client, auth, world):
    with app.app_context():
        db.session.get(Task, world.payroll_task).review_required = True
        db.session.commit()
    occurrence_id = _first_open(app, world.payroll_task)
    auth.login("staff@example.com")
    token = auth.csrf_token("/my-work")
    client.post(f"/occurrences/{occurrence_id}/complete",
                data={"csrf_token": token, "next": "/my-work"})
    with app.app_context():
        assert db.session.get(Occurrence, occurrence_id).status == "prepared"
    assert "ダブルチェック" in _undo_bar(client) or "確認待ち" in _undo_bar(client)
    client.post(f"/occurrences/{occurrence_id}/undo", data={"csrf_token": token})
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        assert (occurrence.status, occurrence.prepared_by_id) == ("open", None)


def test_the_next_action_ends_the_offer(app, client, auth, world):
    with app.app_context():
        first, second = db.session.scalars(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(2)).all()
    auth.login("staff@example.com")
    token = auth.csrf_token("/my-work")
    client.post(f"/occurrences/{first}/complete", data={"csrf_token": token})
    client.post(f"/occurrences/{second}/skip", data={"csrf_token": token, "reason": "対象者なし"})
    assert _undo_bar(client) == ""
    client.post(f"/occurrences/{first}/undo", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(Occurrence, first).status == "done"


def test_undo_needs_its_form_token(app, client, auth, world):
    occurrence_id = _first_open(app, world.payroll_task)
    auth.login("staff@example.com")
    token = auth.csrf_token("/my-work")
    client.post(f"/occurrences/{occurrence_id}/complete", data={"csrf_token": token})
    assert client.post(f"/occurrences/{occurrence_id}/undo").status_code == 400
    with app.app_context():
        assert db.session.get(Occurrence, occurrence_id).status == "done"
