"""The evidence pack: a ZIP holding exactly the month's evidence of one
department, with matching hashes, and a register with a row per occurrence
(opened and checked here, as an auditor would)."""
from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.evidence import operations as evidence
from planner.evidence.operations import Upload
from planner.people.models.user import User
from planner.periods import pack
from planner.signoff import operations as sign_off
from planner.tasks.models import Task, TaskOwner
from planner.work import operations as occurrences
from planner.work.models import Occurrence

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
CSV = "社員番号,氏名,差引支給額\n1001,佐藤 花子,250000\n".encode()


def _in(task_id: int, month: int) -> Occurrence:
    return db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task_id,
        Occurrence.due_date.between(date(2026, month, 1), date(2026, month, 28)))).one()


@pytest.fixture
def month(ctx, world):  # noqa: ANN001, ANN201
    """November's payroll work prepared, returned with a comment, prepared again
    and approved, with three files (one of them twice); accounting's and
    December's files, which the pack must leave out."""
    task = db.session.get(Task, world.payroll_task)
    task.review_required = True
    task.owners.append(TaskOwner(user_id=world.manager, role="backup", level=3))
    occurrences.materialise([task, db.session.get(Task, world.accounting_task)],
                            today=date(2026, 10, 20))
    staff, manager, other = (db.session.get(User, i) for i in (world.staff, world.manager,
                                                               world.other_staff))
    november = _in(world.payroll_task, 11)
    evidence.attach(staff, november, Upload("納付書.pdf", PDF))
    evidence.attach(staff, november, Upload("../../etc/給与台帳.csv", CSV))
    occurrences.complete(staff, november, "計算済み", minutes=80)
    sign_off.review(manager, november, "return", "住民税の額を確認してください")
    evidence.attach(staff, november, Upload("納付書.pdf", PDF + b"\n% fixed\n"))
    occurrences.complete(staff, november, "訂正済み", minutes=30)
    sign_off.review(manager, november, "approve", "")
    evidence.attach(other, _in(world.accounting_task, 11), Upload("試算表.pdf", PDF + b"%a\n"))
    evidence.attach(staff, _in(world.payroll_task, 12), Upload("12月.pdf", PDF + b"%d\n"))
    db.session.commit()
    return november


def test_the_pack_holds_exactly_the_months_evidence_with_matching_hashes(ctx, world, month):
    manager = db.session.get(User, world.manager)
    with force_locale("ja"):
        spool, name = pack.build(manager, world.payroll, "2026-11")
    assert name == "evidence-pack-payroll-2026-11.zip"
    with spool, zipfile.ZipFile(spool) as archive:
        names = sorted(archive.namelist())
        assert names == sorted([
            "sign-off-register.xlsx", f"evidence/{month.id}/納付書.pdf",
            f"evidence/{month.id}/給与台帳.csv", f"evidence/{month.id}/納付書 (v2).pdf"])
        stored = {e.sha256 for e in evidence.of_occurrence(month)}
        packed = {hashlib.sha256(archive.read(n)).hexdigest() for n in names
                  if n.startswith("evidence/")}
        assert packed == stored == {hashlib.sha256(PDF).hexdigest(),
                                    hashlib.sha256(CSV).hexdigest(),
                                    hashlib.sha256(PDF + b"\n% fixed\n").hexdigest()}
        book = load_workbook(io.BytesIO(archive.read("sign-off-register.xlsx")))
    register = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(register) == 2  # the header and November's one occurrence
    values = register[1]
    assert values[0] == month.id and values[1] == "源泉所得税の納付"
    assert values[2].date() == date(2026, 11, 10)
    assert (values[4], values[6], values[9]) == ("佐藤 花子", "鈴木 一郎", 30)
    assert values[5] and values[7]  # prepared at, approved at
    assert "住民税の額を確認してください" in values[10]
    assert values[11].split("\n") == ["納付書.pdf", "給与台帳.csv", "納付書 (v2).pdf"]
    assert set(values[12].split("\n")) == stored
    files = list(book.worksheets[1].iter_rows(values_only=True))[1:]
    assert {(r[2], r[5]) for r in files} == {
        (f"evidence/{month.id}/{n}", hashlib.sha256(archive_bytes).hexdigest())
        for n, archive_bytes in (("納付書.pdf", PDF), ("給与台帳.csv", CSV),
                                 ("納付書 (v2).pdf", PDF + b"\n% fixed\n"))}


def test_only_managers_of_the_department_and_above_download_it(ctx, world, month):
    for person in (world.staff, world.other_staff):
        with pytest.raises(Forbidden):
            pack.build(db.session.get(User, person), world.payroll, "2026-11")
    with pytest.raises(Forbidden):
        pack.build(db.session.get(User, world.manager), world.accounting, "2026-11")
    with force_locale("ja"):
        spool, _ = pack.build(db.session.get(User, world.admin), world.accounting, "2026-11")
    with spool, zipfile.ZipFile(spool) as archive:
        assert [n for n in archive.namelist() if n.startswith("evidence/")] == [
            f"evidence/{_in(world.accounting_task, 11).id}/試算表.pdf"]
    with pytest.raises(ValidationError) as refused:
        pack.build(db.session.get(User, world.admin), world.payroll, "2026-1")
    assert set(refused.value.fields) == {"month"}
