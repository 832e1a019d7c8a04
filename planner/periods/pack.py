"""The evidence pack of a department's month: one ZIP with the sign-off
register (Excel) and every evidence file of the month's occurrences, for the
auditor. Built in a temporary file, one evidence file in memory at a time, so
a large month is never held whole."""
from __future__ import annotations

import shutil
import zipfile
from collections import defaultdict
from datetime import datetime
from tempfile import TemporaryFile
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.core.clock import org_timezone
from planner.core.errors import N_, Forbidden
from planner.core.extensions import db
from planner.core.i18n import lazy_gettext as _l
from planner.core.labels import OCCURRENCE_STATUS
from planner.core.sheets import DATE, INTEGER, TEXT, Column, Table, write_workbook
from planner.evidence.models import Evidence
from planner.evidence.storage import storage
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.periods import domain
from planner.periods.operations import existing_department, month_ids, month_work
from planner.signoff.models import OccurrenceReview

REGISTER = "sign-off-register.xlsx"

COLUMNS = [
    Column("occurrence_id", _l("Occurrence"), INTEGER, width=10),
    Column("task", _l("Task"), TEXT, width=30),
    Column("due_date", _l("Due date"), DATE, width=12),
    Column("status", _l("Status"), TEXT, width=14),
    Column("preparer", _l("Preparer"), TEXT, width=16),
    Column("prepared_at", _l("Prepared at"), TEXT, width=18),
    Column("reviewer", _l("Reviewer"), TEXT, width=16),
    Column("approved_at", _l("Approved at"), TEXT, width=18),
    Column("done_by", _l("Done by"), TEXT, width=16),
    Column("minutes", _l("Minutes"), INTEGER, width=10),
    Column("comments", _l("Review comments"), TEXT, width=40),
    Column("files", _l("Evidence files"), TEXT, width=40),
    Column("sha256", _l("SHA-256"), TEXT, width=70),
]
FILE_COLUMNS = [
    Column("occurrence_id", _l("Occurrence"), INTEGER, width=10),
    Column("task", _l("Task"), TEXT, width=30),
    Column("path", _l("File in the pack"), TEXT, width=50),
    Column("version", _l("Version"), INTEGER, width=8),
    Column("size", _l("Size (bytes)"), INTEGER, width=12),
    Column("sha256", _l("SHA-256"), TEXT, width=70),
    Column("uploaded_by", _l("Uploaded by"), TEXT, width=16),
    Column("uploaded_at", _l("Uploaded at"), TEXT, width=18),
]


def _local(moment: datetime | None) -> str | None:
    return moment.astimezone(org_timezone()).strftime("%Y-%m-%d %H:%M") if moment else None


def _name(person: User | None) -> str | None:
    return person.name if person is not None else None


def may_download(actor: User, department_id: int) -> bool:
    return domain.may_download_pack(actor.role) and scope_of(actor).covers(department_id)


def build(actor: User, department_id: object, month_text: object) -> tuple[IO[bytes], str]:
    """The pack as an open temporary file (at its start) and its download name."""
    department = existing_department(department_id)
    if not may_download(actor, department.id):
        raise Forbidden(N_("Only managers and auditors download the evidence pack."))
    month = domain.parse_month(month_text)
    work = month_work(department.id, month, with_people=True)
    ids = month_ids(department.id, month)
    files: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in db.session.scalars(
            select(Evidence).where(Evidence.occurrence_id.in_(ids))
            .options(joinedload(Evidence.uploaded_by).lazyload(User.departments))
            .order_by(Evidence.occurrence_id, Evidence.uploaded_at, Evidence.id)):
        files[evidence.occurrence_id].append(evidence)
    comments: dict[int, list[str]] = defaultdict(list)
    for review in db.session.scalars(
            select(OccurrenceReview).where(OccurrenceReview.occurrence_id.in_(ids))
            .order_by(OccurrenceReview.decided_at, OccurrenceReview.id)):
        if review.comment:
            comments[review.occurrence_id].append(
                f"{_local(review.decided_at)} {review.reviewer.name}: {review.comment}")
    ordered = [e for o in work for e in files[o.id]]
    paths = dict(zip((e.id for e in ordered), domain.pack_paths(
        (e.occurrence_id, e.file_name, e.version) for e in ordered), strict=True))

    def register_rows():  # noqa: ANN202
        for o in work:
            mine = files[o.id]
            approved = o.status == "done" and o.reviewed_by_id is not None
            yield [o.id, o.task.title, o.due_date, str(OCCURRENCE_STATUS.get(o.status, o.status)),
                   _name(o.prepared_by), _local(o.prepared_at),
                   _name(o.reviewed_by) if approved else None,
                   _local(o.reviewed_at) if approved else None,
                   _name(o.completed_by), o.minutes_taken,
                   "\n".join(comments[o.id]) or None,
                   "\n".join(paths[e.id].split("/", 2)[2] for e in mine) or None,
                   "\n".join(e.sha256 for e in mine) or None]

    titles = {o.id: o.task.title for o in work}

    def file_rows():  # noqa: ANN202
        for e in ordered:
            yield [e.occurrence_id, titles[e.occurrence_id],
                   paths[e.id], e.version, e.size, e.sha256, _name(e.uploaded_by),
                   _local(e.uploaded_at)]

    spool = TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as pack:
        with TemporaryFile() as register:
            write_workbook([Table(str(_l("Sign-off register")), COLUMNS, register_rows()),
                            Table(str(_l("Evidence files")), FILE_COLUMNS, file_rows())],
                           register)
            register.seek(0)
            with pack.open(REGISTER, "w") as entry:
                shutil.copyfileobj(register, entry)
        for evidence in ordered:
            pack.writestr(paths[evidence.id], storage().get(evidence.storage_key))
    spool.seek(0)
    return spool, f"evidence-pack-{department.code}-{domain.label(month)}.zip"
