"""The period page (締め): the months with their state, what blocks the close
(linked), the close and reopen forms with who, when and why shown, the pack button."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence


@pytest.fixture
def november(app, world) -> int:  # noqa: ANN001
    with app.app_context():
        occurrences.materialise([db.session.get(Task, world.payroll_task)],
                                today=date(2026, 10, 20))
        db.session.commit()
        return db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task,
            Occurrence.due_date.between(date(2026, 11, 1), date(2026, 11, 30))))


def _page(client, world) -> str:  # noqa: ANN001
    response = client.get(f"/periods?department_id={world.payroll}&month=2026-11")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _post(client, auth, world, action: str, **data):  # noqa: ANN001, ANN003, ANN202
    csrf = auth.csrf_token(f"/periods?department_id={world.payroll}")
    return client.post(f"/periods/{world.payroll}/{action}",
                       data={"csrf_token": csrf, "month": "2026-11", **data},
                       follow_redirects=True)


def test_the_manager_sees_what_blocks_the_close_then_closes(client, auth, app, world,
                                                            november):
    auth.login("manager@example.com")
    page = _page(client, world)
    assert "締め" in page and 'id="close-form"' in page
    assert f'href="/occurrences/{november}/done"' in page and "源泉所得税の納付" in page
    refused = _post(client, auth, world, "close").get_data(as_text=True)
    assert "2026年11月はまだ締められません" in refused
    with app.app_context():
        occurrence = db.session.get(Occurrence, november)
        occurrences.skip(occurrence.task.owners[0].user, occurrence, "対象者なし")
        db.session.commit()
    closed = _post(client, auth, world, "close").get_data(as_text=True)
    assert "締めました：2026年11月" in closed
    assert "鈴木 一郎" in closed and 'id="close-form"' not in closed
    assert 'id="reopen-form"' not in closed  # managers do not reopen
    pack = client.get(f"/periods/{world.payroll}/evidence-pack.zip?month=2026-11")
    assert pack.status_code == 200 and pack.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(pack.data)) as archive:
        assert archive.namelist() == ["sign-off-register.xlsx"]
    pack.close()


def test_an_administrator_reopens_with_a_reason_shown_on_the_page(client, auth, app, world,
                                                                  november):
    auth.login("manager@example.com")
    with app.app_context():
        occurrence = db.session.get(Occurrence, november)
        occurrences.skip(occurrence.task.owners[0].user, occurrence, "対象者なし")
        db.session.commit()
    _post(client, auth, world, "close")
    auth.logout()
    auth.login("admin@example.com")
    assert 'id="reopen-form"' in _page(client, world)
    refused = _post(client, auth, world, "reopen", reason=" ").get_data(as_text=True)
    assert "締めを解除する理由を入力してください" in refused
    reopened = _post(client, auth, world, "reopen", reason="源泉税額の訂正のため")
    page = reopened.get_data(as_text=True)
    assert "締めを解除しました：2026年11月" in page
    assert "源泉税額の訂正のため" in page and "高橋 管理" in page and "鈴木 一郎" in page
    assert 'id="close-form"' in page


def test_staff_see_the_state_but_no_forms_and_no_pack(client, auth, world, november):
    auth.login("staff@example.com")
    page = _page(client, world)
    assert 'id="close-form"' not in page and 'id="evidence-pack"' not in page
    pack = f"/periods/{world.payroll}/evidence-pack.zip?month=2026-11"
    assert client.get(pack).status_code == 403
    refused = _post(client, auth, world, "close").get_data(as_text=True)
    assert "締めを行えるのは" in refused
    assert client.get(f"/periods?department_id={world.accounting}").status_code == 404
