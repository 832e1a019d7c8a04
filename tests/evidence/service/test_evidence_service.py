"""Evidence files: kept in the store under a generated key with their hash,
a replacement a new version, withdrawn only by the uploader while the
occurrence is open, and gone from the store only if the deletion is saved."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from planner.core.errors import Conflict, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.evidence import operations as evidence
from planner.evidence.operations import TooLarge, Upload
from planner.evidence.storage import LocalStorage, StorageError
from planner.people.models.user import User
from planner.tasks.models import TaskOwner
from planner.work.models import Occurrence

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _first(task_id: int) -> Occurrence:
    return db.session.scalars(select(Occurrence).where(Occurrence.task_id == task_id)
                              .order_by(Occurrence.due_date).limit(1)).one()


def _files(folder: str) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def _no_owners(task_id: int) -> None:
    db.session.execute(delete(TaskOwner).where(TaskOwner.task_id == task_id))
    db.session.expire_all()


def test_the_file_is_stored_with_its_hash_under_a_key_nobody_chose(ctx, world, evidence_folder):
    staff = db.session.get(User, world.staff)
    occurrence = _first(world.payroll_task)
    row = evidence.attach(staff, occurrence, Upload("../../給与台帳.pdf", PDF))
    db.session.commit()
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (row.file_name, row.content_type, row.size, row.version) == (
        "給与台帳.pdf", "application/pdf", len(PDF), 1)
    assert row.uploaded_by_id == world.staff
    [stored] = _files(evidence_folder)
    assert stored.read_bytes() == PDF
    assert stored.relative_to(evidence_folder).as_posix() == row.storage_key
    assert "給与台帳" not in str(stored)
    assert hashlib.sha256(evidence.content(row)).hexdigest() == row.sha256


def test_the_same_name_again_is_the_next_version_and_the_first_stays(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = _first(world.payroll_task)
    first = evidence.attach(staff, occurrence, Upload("台帳.pdf", PDF))
    second = evidence.attach(staff, occurrence, Upload("台帳.pdf", PDF + b"\n"))
    other = evidence.attach(staff, occurrence, Upload("別紙.pdf", PDF))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert [e.id for e in evidence.of_occurrence(occurrence)] == [first.id, second.id, other.id]


def test_a_file_for_a_step_that_does_not_exist_is_refused_naming_item_id(ctx, world):
    staff = db.session.get(User, world.staff)
    with pytest.raises(ValidationError) as refused:
        evidence.attach(staff, _first(world.payroll_task), Upload("a.pdf", PDF), item_number=1)
    assert set(refused.value.fields) == {"item_id"}


def test_a_file_over_the_limit_is_refused_before_it_is_stored(ctx, world, evidence_folder):
    ctx.config["EVIDENCE_MAX_BYTES"] = 10
    staff = db.session.get(User, world.staff)
    with pytest.raises(TooLarge):
        evidence.attach(staff, _first(world.payroll_task), Upload("a.pdf", PDF))
    assert _files(evidence_folder) == []


def test_someone_who_does_not_own_the_task_may_not_attach(ctx, world):
    _no_owners(world.payroll_task)
    with pytest.raises(Forbidden):
        evidence.attach(db.session.get(User, world.staff), _first(world.payroll_task),
                        Upload("a.pdf", PDF))


def test_a_refused_request_leaves_no_file_behind(ctx, world, evidence_folder):
    staff = db.session.get(User, world.staff)
    evidence.attach(staff, _first(world.payroll_task), Upload("a.pdf", PDF))
    assert len(_files(evidence_folder)) == 1
    db.session.rollback()
    assert _files(evidence_folder) == []


def test_the_uploader_withdraws_a_file_while_open_and_the_store_follows_on_commit(
        ctx, world, evidence_folder):
    staff = db.session.get(User, world.staff)
    row = evidence.attach(staff, _first(world.payroll_task), Upload("a.pdf", PDF))
    db.session.commit()
    evidence.withdraw(staff, row)
    assert len(_files(evidence_folder)) == 1  # not before the commit
    db.session.commit()
    assert _files(evidence_folder) == []


def test_a_withdrawal_rolled_back_keeps_the_file(ctx, world, evidence_folder):
    staff = db.session.get(User, world.staff)
    row = evidence.attach(staff, _first(world.payroll_task), Upload("a.pdf", PDF))
    db.session.commit()
    evidence.withdraw(staff, row)
    db.session.rollback()
    assert len(_files(evidence_folder)) == 1
    assert evidence.content(db.session.get(type(row), row.id)) == PDF


def test_evidence_of_a_done_occurrence_cannot_be_deleted_nor_added(ctx, world):
    staff = db.session.get(User, world.staff)
    occurrence = _first(world.payroll_task)
    row = evidence.attach(staff, occurrence, Upload("a.pdf", PDF))
    occurrence.status = "done"
    db.session.flush()
    with pytest.raises(Forbidden):
        evidence.withdraw(staff, row)
    with pytest.raises(Conflict):
        evidence.attach(staff, occurrence, Upload("b.pdf", PDF))


def test_only_the_uploader_may_delete(ctx, world):
    row = evidence.attach(db.session.get(User, world.staff), _first(world.payroll_task),
                          Upload("a.pdf", PDF))
    with pytest.raises(Forbidden):
        evidence.withdraw(db.session.get(User, world.manager), row)


def test_a_file_of_another_department_is_not_found(ctx, world):
    row = evidence.attach(db.session.get(User, world.other_staff),
                          _first(world.accounting_task), Upload("a.pdf", PDF))
    with pytest.raises(NotFound):
        evidence.get_evidence(db.session.get(User, world.staff), row.id)
    assert evidence.get_evidence(db.session.get(User, world.admin), row.id) == row


def test_the_local_store_takes_only_keys_it_generated(tmp_path):
    store = LocalStorage(tmp_path)
    for key in ("../outside", "ab/../../x", "/etc/passwd", "ab/cd", "AB/" + "0" * 32):
        with pytest.raises(StorageError):
            store.put(key, b"x", "text/csv")
    key = evidence.new_key()
    store.put(key, b"x", "text/csv")
    assert store.get(key) == b"x"
    store.delete(key)
    with pytest.raises(StorageError):
        store.get(key)
