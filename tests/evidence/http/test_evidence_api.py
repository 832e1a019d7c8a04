"""The checklist and evidence through the API: tick a step, attach a file
(refused by content, size and name as a user would meet it), list, download
with the stored type, and no download for whoever may not see the task."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from sqlalchemy import select

from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work.models import Occurrence

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _first_open(app, task_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))


def _procedure(app, task_id: int, text: str) -> None:  # noqa: ANN001
    with app.app_context():
        db.session.get(Task, task_id).procedure = text
        db.session.commit()


def _upload(client, occurrence_id: int, headers: dict, data: bytes, name: str,  # noqa: ANN001
            **fields):  # noqa: ANN003, ANN201
    return client.post(f"/api/v1/occurrences/{occurrence_id}/evidence", headers=headers,
                       data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def test_the_checklist_is_read_and_ticked_by_step_number(client, app, world, bearer):
    _procedure(app, world.payroll_task, "1. 勤怠を締める\n2. 給与を計算する\n")
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    body = client.get(f"/api/v1/occurrences/{occurrence}/checklist", headers=staff).json
    assert body["frozen"] is False
    assert [(i["id"], i["text"], i["ticked"]) for i in body["items"]] == [
        (1, "勤怠を締める", False), (2, "給与を計算する", False)]
    ticked = client.post(f"/api/v1/occurrences/{occurrence}/checklist/2/tick", headers=staff)
    assert ticked.status_code == 200
    item = ticked.json["items"][1]
    assert ticked.json["frozen"] is True
    assert item["ticked"] is True and item["ticked_by"]["id"] == world.staff
    assert item["ticked_at"].endswith("+00:00")
    unticked = client.post(f"/api/v1/occurrences/{occurrence}/checklist/2/tick",
                           headers=staff, json={"ticked": False})
    assert unticked.json["items"][1]["ticked"] is False


def test_a_bad_tick_names_the_field_and_a_missing_step_is_404(client, app, world, bearer):
    _procedure(app, world.payroll_task, "1. 一\n")
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    bad = client.post(f"/api/v1/occurrences/{occurrence}/checklist/1/tick", headers=staff,
                      json={"ticked": "yes"})
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"ticked"}
    assert client.post(f"/api/v1/occurrences/{occurrence}/checklist/1/tick", headers=staff,
                       json=[1]).status_code == 422
    assert client.post(f"/api/v1/occurrences/{occurrence}/checklist/9/tick",
                       headers=staff).status_code == 404


def test_a_pdf_is_attached_with_its_hash_and_downloaded_as_stored(client, app, world, bearer,
                                                                  evidence_folder):
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    response = _upload(client, occurrence, staff, PDF, "給与台帳 11月.pdf")
    assert response.status_code == 201, response.json
    body = response.json
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (body["file_name"], body["content_type"], body["size"], body["version"],
            body["item_id"]) == ("給与台帳 11月.pdf", "application/pdf", len(PDF), 1, None)
    listed = client.get(f"/api/v1/occurrences/{occurrence}/evidence", headers=staff).json
    assert [e["id"] for e in listed["items"]] == [body["id"]]
    download = client.get(f"/api/v1/evidence/{body['id']}", headers=staff)
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E7%B5%A6%E4%B8%8E%E5%8F%B0%E5%B8%B3%2011%E6%9C%88.pdf" in disposition


def test_a_file_renamed_pdf_that_is_not_one_is_refused_naming_file(client, app, world, bearer,
                                                                   evidence_folder):
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    for data in (b"MZ\x90\x00 a windows program", b"a,b\n1,2\n"):
        response = _upload(client, occurrence, staff, data, "請求書.pdf")
        assert response.status_code == 422
        assert set(response.json["error"]["fields"]) == {"file"}
    assert [p for p in Path(evidence_folder).rglob("*") if p.is_file()] == []
    assert client.get(f"/api/v1/occurrences/{occurrence}/evidence",
                      headers=staff).json["items"] == []


def test_an_oversize_file_gets_413_and_nothing_is_kept(client, app, world, bearer,
                                                      evidence_folder):
    app.config["EVIDENCE_MAX_BYTES"] = 1024
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    response = _upload(client, occurrence, staff, PDF + b"0" * 1024, "big.pdf")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    assert set(response.json["error"]["fields"]) == {"file"}
    assert client.get(f"/api/v1/occurrences/{occurrence}/evidence",
                      headers=staff).json["items"] == []
    assert _upload(client, occurrence, staff, PDF, "small.pdf").status_code == 201


def test_a_path_traversal_name_is_stored_safely(client, app, world, bearer, evidence_folder):
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    response = _upload(client, occurrence, staff, PDF, "../../../../tmp/evil.pdf")
    assert response.status_code == 201
    assert response.json["file_name"] == "evil.pdf"
    stored = [p for p in Path(evidence_folder).rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == PDF
    assert Path(evidence_folder) in stored[0].parents and "evil" not in stored[0].name


def test_no_file_or_a_bad_step_names_the_field(client, app, world, bearer):
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    none = client.post(f"/api/v1/occurrences/{occurrence}/evidence", headers=staff,
                       data={}, content_type="multipart/form-data")
    assert none.status_code == 422 and set(none.json["error"]["fields"]) == {"file"}
    step = _upload(client, occurrence, staff, PDF, "a.pdf", item_id="abc")
    assert step.status_code == 422 and set(step.json["error"]["fields"]) == {"item_id"}
    missing = _upload(client, occurrence, staff, PDF, "a.pdf", item_id="3")
    assert missing.status_code == 422 and set(missing.json["error"]["fields"]) == {"item_id"}


def test_a_file_for_a_step_names_its_number(client, app, world, bearer):
    _procedure(app, world.payroll_task, "1. 一\n2. 二\n")
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    response = _upload(client, occurrence, staff, PDF, "二.pdf", item_id="2")
    assert response.status_code == 201 and response.json["item_id"] == 2
    assert client.get(f"/api/v1/occurrences/{occurrence}/checklist",
                      headers=staff).json["frozen"] is True


def test_a_download_is_refused_to_whoever_may_not_see_the_task(client, app, world, bearer):
    occurrence = _first_open(app, world.payroll_task)
    evidence_id = _upload(client, occurrence, bearer(world.staff), PDF, "a.pdf").json["id"]
    other = bearer(world.other_staff)
    assert client.get(f"/api/v1/evidence/{evidence_id}", headers=other).status_code == 404
    assert client.get(f"/api/v1/occurrences/{occurrence}/evidence",
                      headers=other).status_code == 404
    assert client.get(f"/api/v1/evidence/{evidence_id}").status_code == 401
    assert client.get(f"/api/v1/evidence/{evidence_id}",
                      headers=bearer(world.manager)).status_code == 200


def test_evidence_of_a_done_occurrence_cannot_be_deleted(client, app, world, bearer):
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    evidence_id = _upload(client, occurrence, staff, PDF, "a.pdf").json["id"]
    assert client.post(f"/api/v1/occurrences/{occurrence}/complete",
                       headers=staff).status_code == 200
    refused = client.delete(f"/api/v1/evidence/{evidence_id}", headers=staff)
    assert refused.status_code == 403
    assert client.get(f"/api/v1/evidence/{evidence_id}", headers=staff).data == PDF
    late = _upload(client, occurrence, staff, PDF, "b.pdf")
    assert late.status_code == 409


def test_the_uploader_deletes_a_file_while_the_occurrence_is_open(client, app, world, bearer):
    staff = bearer(world.staff)
    occurrence = _first_open(app, world.payroll_task)
    evidence_id = _upload(client, occurrence, staff, PDF, "a.pdf").json["id"]
    assert client.delete(f"/api/v1/evidence/{evidence_id}",
                         headers=bearer(world.manager)).status_code == 403
    assert client.delete(f"/api/v1/evidence/{evidence_id}", headers=staff).status_code == 204
    assert client.get(f"/api/v1/evidence/{evidence_id}", headers=staff).status_code == 404
