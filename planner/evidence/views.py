"""Pages: the occurrence page's checklist and evidence section, attaching,
downloading and withdrawing a file."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.checklists import operations as checklist_service
from planner.checklists.forms import TickForm
from planner.checklists.operations import Item
from planner.core.errors import DomainError
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.transaction import abandon
from planner.core.web_util import require_confirmation
from planner.evidence import operations as evidence_service
from planner.evidence.api import download, item_number
from planner.evidence.domain import size_label
from planner.evidence.forms import EvidenceForm
from planner.evidence.models import Evidence
from planner.evidence.operations import TooLarge, Upload
from planner.work import operations as occurrence_service
from planner.work.models import Occurrence

bp = Blueprint("evidence", __name__)


@dataclass
class Section:
    """What the occurrence page's checklist section shows."""

    items: list[Item]
    files_by_item: dict[int | None, list[Evidence]] = field(default_factory=dict)
    may_work: bool = False
    editable: bool = False
    tick_form: Any = None
    upload_form: Any = None
    confirm_form: Any = None
    max_size: str = ""


@bp.app_template_global()
def occurrence_record(occurrence: Occurrence) -> Section:
    """The checklist and evidence of an occurrence, for templates/evidence/_occurrence.html
    (included in the occurrence's page, which work/views.py renders)."""
    items = checklist_service.checklist(occurrence)
    numbers = {item.row_id: item.number for item in items if item.row_id}
    files: dict[int | None, list[Evidence]] = {}
    for evidence in evidence_service.of_occurrence(occurrence):
        files.setdefault(numbers.get(evidence.checklist_item_id), []).append(evidence)
    may_work = checklist_service.may_work_on(current_user, occurrence)
    return Section(items=items, files_by_item=files, may_work=may_work,
                   editable=may_work and occurrence.status == "open",
                   tick_form=TickForm(formdata=None), upload_form=EvidenceForm(formdata=None),
                   confirm_form=ConfirmForm(formdata=None),
                   max_size=size_label(evidence_service.max_bytes()))


def _back(occurrence_id: int) -> str:
    return url_for("work.done_link", occurrence_id=occurrence_id) + "#evidence"


@bp.route("/occurrences/<int:occurrence_id>/evidence", methods=["POST"])
def attach(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    form = EvidenceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        number = item_number(form.item_id.data)
        upload = form.file.data
        if upload is None or not upload.filename:
            flash(_("Choose a file to attach."), "error")
            return redirect(_back(occurrence.id))
        data = upload.stream.read(evidence_service.max_bytes() + 1)
        evidence = evidence_service.attach(current_user, occurrence,
                                           Upload(upload.filename, data), number)
    except TooLarge as error:
        abandon()
        flash(_("The file is larger than %(limit)s.", limit=size_label(error.limit)), "error")
        return redirect(_back(occurrence.id))
    except DomainError as error:
        abandon()
        fields = getattr(error, "fields", {})
        flash(" ".join(translate(m) for ms in fields.values() for m in ms)
              or translate(error.message), "error")
        return redirect(_back(occurrence.id))
    flash(_("Attached: %(name)s", name=evidence.file_name), "success")
    return redirect(_back(occurrence.id))


@bp.route("/evidence/<int:evidence_id>")
def get_file(evidence_id: int):  # noqa: ANN201
    return download(evidence_service.get_evidence(current_user, evidence_id))


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
def delete(evidence_id: int):  # noqa: ANN201
    evidence = evidence_service.get_evidence(current_user, evidence_id)
    require_confirmation()
    occurrence_id, name = evidence.occurrence_id, evidence.file_name
    try:
        evidence_service.withdraw(current_user, evidence)
    except DomainError as error:
        abandon()
        flash(translate(error.message), "error")
    else:
        flash(_("Deleted: %(name)s", name=name), "success")
    return redirect(_back(occurrence_id))
