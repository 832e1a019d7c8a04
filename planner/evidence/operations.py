"""Use cases of evidence: attach a file, list, fetch one to download, withdraw.

The bytes go to the store (storage.py) under a generated key before the row
is flushed, and are removed again if the transaction rolls back; a file
withdrawn is removed from the store only once the transaction that deleted
its row has committed, so a rolled-back request never leaves a row without
its file (nor, short of a crash in between, a file without its row). Operations flush and never commit."""
from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, joinedload

from planner.checklists import operations as checklist_service
from planner.core.errors import N_, Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.evidence import domain
from planner.evidence.models import Evidence
from planner.evidence.storage import StorageError, storage
from planner.people.access import get_visible
from planner.people.models.user import User
from planner.work import operations as occurrence_service
from planner.work.models import Occurrence

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_DOOMED = "evidence_keys_to_delete"
_WRITTEN = "evidence_keys_written"

log = logging.getLogger(__name__)


class TooLarge(Exception):
    """The file is over EVIDENCE_MAX_BYTES (the caller answers 413)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"over {limit} bytes")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def max_bytes() -> int:
    return int(current_app.config.get("EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def new_key() -> str:
    """A storage key nobody chooses: 128 random bits, spread over 256 folders."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}"


def attach(actor: User, occurrence: Occurrence, upload: Upload,
           item_number: int | None = None) -> Evidence:
    """Attach a file to the occurrence, or to one step of its checklist. The
    same name again on the same step is the next version of that file."""
    if not checklist_service.may_work_on(actor, occurrence):
        raise Forbidden(N_("Only the task's owners and managers can change this occurrence."))
    if len(upload.data) > max_bytes():
        raise TooLarge(max_bytes())
    checklist_service.require_open(occurrence)
    item_id = None
    if item_number is not None:
        try:
            item_id = checklist_service.item_for(occurrence, item_number).id
        except NotFound as error:
            raise ValidationError.single("item_id", error.message)
    else:
        checklist_service.freeze(occurrence)  # the evidence belongs to this checklist
    kind, problem = domain.check_upload(upload.data, upload.name, max_bytes())
    if problem is not None:
        raise ValidationError.single("file", problem)
    name = domain.stored_name(domain.safe_name(upload.name), kind)
    previous = db.session.scalar(
        select(func.max(Evidence.version)).where(
            Evidence.occurrence_id == occurrence.id, Evidence.file_name == name,
            Evidence.checklist_item_id.is_(None) if item_id is None
            else Evidence.checklist_item_id == item_id))
    evidence = Evidence(occurrence_id=occurrence.id, checklist_item_id=item_id,
                        file_name=name, content_type=kind.content_type,
                        size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
                        storage_key=new_key(), uploaded_by_id=actor.id,
                        version=(previous or 0) + 1)
    storage().put(evidence.storage_key, upload.data, kind.content_type)
    db.session.info.setdefault(_WRITTEN, []).append(evidence.storage_key)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def of_occurrence(occurrence: Occurrence) -> list[Evidence]:
    return list(db.session.scalars(
        select(Evidence).where(Evidence.occurrence_id == occurrence.id)
        # Their names only: not each uploader's departments as well.
        .options(joinedload(Evidence.uploaded_by).lazyload(User.departments))
        .order_by(Evidence.uploaded_at, Evidence.id)))


def counts_by_item(occurrence: Occurrence) -> dict[int, int]:
    """How many files each checklist item (by row id) has."""
    rows = db.session.execute(
        select(Evidence.checklist_item_id, func.count())
        .where(Evidence.occurrence_id == occurrence.id,
               Evidence.checklist_item_id.is_not(None))
        .group_by(Evidence.checklist_item_id))
    return {item_id: count for item_id, count in rows}


def get_evidence(actor: User, evidence_id: int) -> Evidence:
    """A file whose task the actor may see (another department's: not found)."""
    def department_of(evidence: Evidence) -> int:
        return db.session.get(Occurrence, evidence.occurrence_id).task.department_id

    return get_visible(actor, Evidence, evidence_id, department_of)


def content(evidence: Evidence) -> bytes:
    """The stored bytes. A file the store no longer has (or cannot read) is
    a 404 naming it for the user and an error in the log for the operator,
    not a 500."""
    try:
        return storage().get(evidence.storage_key)
    except StorageError as error:
        log.error("evidence %s (%s) cannot be read from the store: %s", evidence.id,
                  evidence.storage_key, error)
        raise NotFound(N_("The file %(name)s is missing from the evidence store.",
                          name=evidence.file_name)) from error


def withdraw(actor: User, evidence: Evidence) -> None:
    """Delete a file: its uploader, while the occurrence is still open."""
    occurrence = occurrence_service.get_occurrence(actor, evidence.occurrence_id)
    occurrence_service.ensure_open_period(occurrence)
    problem = domain.may_delete(occurrence.status, evidence.uploaded_by_id, actor.id)
    if problem is not None:
        raise Forbidden(problem)
    db.session.info.setdefault(_DOOMED, []).append(evidence.storage_key)
    db.session.delete(evidence)
    db.session.flush()


@event.listens_for(Session, "after_commit")
def _delete_withdrawn_files(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    _delete(session.info.pop(_DOOMED, []))


@event.listens_for(Session, "after_rollback")
def _forget_what_was_not_saved(session: Session) -> None:
    session.info.pop(_DOOMED, None)
    _delete(session.info.pop(_WRITTEN, []))


def _delete(keys: list[str]) -> None:
    for key in keys:
        try:
            storage().delete(key)
        except Exception:  # noqa: BLE001 - an orphan file is harmless; the row is gone
            current_app.logger.warning("evidence file %s could not be deleted", key)
