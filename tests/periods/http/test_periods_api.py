"""The period lock through the API and the pages: close (201, 200 again, 409
listing what blocks it, 422 naming the field, 403), reopen (administrators,
with a reason), the list; and every occurrence, checklist and evidence
endpoint and form refusing a closed month's work (409 / a message on the page)."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from planner.core.extensions import db
from planner.periods import api as periods_api
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CLOSE = {"month": "2026-11"}


@pytest.fixture
def november(app, world) -> int:  # noqa: ANN001
    """The payroll task's November occurrence (made as if the planner ran since October)."""
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.procedure = "1. 納付書を作る\n2. 納付する\n"
        occurrences.materialise([task], today=date(2026, 10, 20))
        db.session.commit()
        return db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == task.id,
            Occurrence.due_date.between(date(2026, 11, 1), date(2026, 11, 30))))


def _done_and_closed(client, app, world, bearer, november) -> dict:  # noqa: ANN001
    staff = bearer(world.staff)
    assert client.post(f"/api/v1/occurrences/{november}/evidence", headers=staff,
                       data={"file": (io.BytesIO(PDF), "納付書.pdf")},
                       content_type="multipart/form-data").status_code == 201
    assert client.post(f"/api/v1/occurrences/{november}/complete", headers=staff,
                       json={"note": "納付済み"}).status_code == 200
    closed = client.post("/api/v1/periods/close", headers=bearer(world.manager),
                         json={"department_id": world.payroll, **CLOSE})
    assert closed.status_code == 201, closed.json
    return staff


def test_close_lists_the_blocking_occurrences_with_409(client, world, bearer, november):
    response = client.post("/api/v1/periods/close", headers=bearer(world.manager),
                           json={"department_id": world.payroll, **CLOSE})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "period_blocked"
    assert response.json["error"]["blocking"] == [
        {"id": november, "title": "源泉所得税の納付", "due_date": "2026-11-10", "status": "open"}]


def test_close_answers_the_period_then_200_when_closed_already(client, app, world, bearer,
                                                               november):
    _done_and_closed(client, app, world, bearer, november)
    again = client.post("/api/v1/periods/close", headers=bearer(world.manager),
                        json={"department_id": world.payroll, **CLOSE})
    assert again.status_code == 200
    body = again.json
    assert (body["department_id"], body["month"], body["closed"]) == (world.payroll, "2026-11",
                                                                      True)
    assert body["closed_by"] == {"id": world.manager, "name": "鈴木 一郎"}
    assert body["closed_at"].endswith("+00:00") and body["reopened_at"] is None
    listed = client.get(f"/api/v1/periods?department_id={world.payroll}",
                        headers=bearer(world.staff))
    assert listed.status_code == 200
    assert [(p["month"], p["closed"]) for p in listed.json["items"]] == [("2026-11", True)]
    assert listed.json["total"] == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"month": "2026-13"}, "month"), ({"month": "11/2026"}, "month"), ({"month": 5}, "month"),
    ({"department_id": 999_999, "month": "2026-11"}, "department_id"),
    ({"department_id": "x", "month": "2026-11"}, "department_id"),
])
def test_a_bad_month_or_department_is_422_naming_the_field(client, world, bearer, body, field):
    body = {"department_id": world.payroll, **body}
    response = client.post("/api/v1/periods/close", headers=bearer(world.manager), json=body)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


def test_staff_and_another_departments_manager_get_403(client, app, world, bearer, november):
    for person in (world.staff, world.other_staff):
        assert client.post("/api/v1/periods/close", headers=bearer(person),
                           json={"department_id": world.payroll, **CLOSE}).status_code == 403
    assert client.post("/api/v1/periods/close", headers=bearer(world.manager),
                       json={"department_id": world.accounting, **CLOSE}).status_code == 403
    assert client.get(f"/api/v1/periods?department_id={world.accounting}",
                      headers=bearer(world.manager)).status_code == 403


def test_every_occurrence_checklist_and_evidence_endpoint_answers_409(client, app, world,
                                                                      bearer, november):
    staff = _done_and_closed(client, app, world, bearer, november)
    manager = bearer(world.manager)
    evidence = client.get(f"/api/v1/occurrences/{november}/evidence",
                          headers=staff).json["items"][0]["id"]
    refused = [
        client.post(f"/api/v1/occurrences/{november}/reopen", headers=manager),
        client.post(f"/api/v1/occurrences/{november}/complete", headers=staff,
                    json={"note": "訂正", "minutes": 30}),
        client.post(f"/api/v1/occurrences/{november}/skip", headers=staff,
                    json={"reason": "取消"}),
        client.post(f"/api/v1/occurrences/{november}/review", headers=manager,
                    json={"decision": "return", "comment": "やり直し"}),
        client.post(f"/api/v1/occurrences/{november}/checklist/1/tick", headers=staff),
        client.post(f"/api/v1/occurrences/{november}/evidence", headers=staff,
                    data={"file": (io.BytesIO(PDF), "追加.pdf")},
                    content_type="multipart/form-data"),
        client.delete(f"/api/v1/evidence/{evidence}", headers=staff),
    ]
    assert [r.status_code for r in refused] == [409] * len(refused)
    assert all(r.json["error"]["message"].startswith("2026年11月は締め済みです") for r in refused)
    with app.app_context():
        occurrence = db.session.get(Occurrence, november)
        assert (occurrence.status, occurrence.note) == ("done", "納付済み")


def test_reopen_needs_an_administrator_a_reason_and_a_closed_month(client, app, world, bearer,
                                                                   november):
    _done_and_closed(client, app, world, bearer, november)
    admin = bearer(world.admin)
    body = {"department_id": world.payroll, **CLOSE, "reason": "源泉税額の訂正"}
    assert client.post("/api/v1/periods/reopen", headers=bearer(world.manager),
                       json=body).status_code == 403
    no_reason = client.post("/api/v1/periods/reopen", headers=admin,
                            json={**body, "reason": " "})
    assert no_reason.status_code == 422 and list(no_reason.json["error"]["fields"]) == ["reason"]
    assert client.post("/api/v1/periods/reopen", headers=admin,
                       json={**body, "month": "2026-10"}).status_code == 409
    reopened = client.post("/api/v1/periods/reopen", headers=admin, json=body)
    assert reopened.status_code == 200
    assert (reopened.json["closed"], reopened.json["reopen_reason"],
            reopened.json["reopened_by"]["id"]) == (False, "源泉税額の訂正", world.admin)
    assert client.post(f"/api/v1/occurrences/{november}/reopen",
                       headers=bearer(world.manager)).status_code == 200
    assert client.post("/api/v1/periods/reopen", headers=admin, json=body).status_code == 409


def test_the_pages_say_the_month_is_closed_and_change_nothing(client, app, auth, world, bearer,
                                                              november):
    _done_and_closed(client, app, world, bearer, november)
    auth.login("manager@example.com")
    page = f"/occurrences/{november}/done"
    posts = [
        (f"/occurrences/{november}/reopen", {}),
        (f"/occurrences/{november}/complete", {"note": "訂正"}),
        (f"/occurrences/{november}/skip", {"reason": "取消"}),
        (f"/occurrences/{november}/review", {"decision": "return", "comment": "やり直し"}),
        (f"/occurrences/{november}/checklist/1/tick", {"ticked": "1"}),
        (f"/occurrences/{november}/evidence", {"file": (io.BytesIO(PDF), "追加.pdf")}),
    ]
    for path, data in posts:
        response = client.post(path, data={"csrf_token": auth.csrf_token(page), **data},
                               follow_redirects=True)
        assert response.status_code == 200, path
        assert "2026年11月は締め済みです" in response.get_data(as_text=True), path
    with app.app_context():
        occurrence = db.session.get(Occurrence, november)
        assert (occurrence.status, occurrence.note) == ("done", "納付済み")


@pytest.mark.parametrize("in_memory_max", [8 * 1024 * 1024, 0], ids=["in memory", "streamed"])
def test_the_evidence_pack_is_a_zip_for_managers_and_refused_to_staff(
        client, app, world, bearer, november, monkeypatch, in_memory_max):
    # 0: the pack streamed from its temporary file, as a large one is.
    monkeypatch.setattr(periods_api, "PACK_IN_MEMORY_MAX", in_memory_max)
    _done_and_closed(client, app, world, bearer, november)
    url = f"/api/v1/evidence-pack?department_id={world.payroll}&month=2026-11"
    response = client.get(url, headers=bearer(world.manager))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "evidence-pack-payroll-2026-11.zip" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert sorted(archive.namelist()) == [f"evidence/{november}/納付書.pdf",
                                              "sign-off-register.xlsx"]
        assert archive.read(f"evidence/{november}/納付書.pdf") == PDF
    response.close()
    assert client.get(url, headers=bearer(world.staff)).status_code == 403
    bad = client.get(f"/api/v1/evidence-pack?department_id={world.payroll}&month=11",
                     headers=bearer(world.manager))
    assert bad.status_code == 422 and list(bad.json["error"]["fields"]) == ["month"]
