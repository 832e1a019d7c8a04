"""Import from and export to spreadsheets. The pages are thin: the dry run and
the commit are transfer.imports, the files transfer.exports."""
from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from planner.core import labels
from planner.core.access import requires_role
from planner.core.downloads import download, xlsx_response
from planner.core.forms import ConfirmForm
from planner.core.roles import Role
from planner.core.transaction import abandon
from planner.core.web_util import require_confirmation
from planner.people.access import scope_of
from planner.tasks.operations import departments_for
from planner.tasks.views import filters_from_args
from planner.transfer import exports, imports
from planner.transfer.forms import ImportForm

bp = Blueprint("transfer", __name__)
_UPLOAD = re.compile(r"[0-9a-f]{32}")
_KEEP_UPLOADS_SECONDS = 24 * 3600






# ------------------------------------------------------------------ import --


def _kinds() -> list[str]:
    return [kind for kind in imports.IMPORTERS if imports.may_import(current_user, kind)]


def _import_form() -> ImportForm:
    form = ImportForm()
    form.kind.choices = labels.options((k, labels.IMPORT_KIND[k]) for k in _kinds())
    return form


def _uploads() -> Path:
    """The uploads waiting for their commit: under the instance folder
    (PLANNER_INSTANCE), beside the database, never under the code."""
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):  # files of dry runs never applied
        if old.stat().st_mtime < time.time() - _KEEP_UPLOADS_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _upload_path(kind: str, upload: str) -> Path:
    if kind not in imports.IMPORTERS or not _UPLOAD.fullmatch(upload):
        abort(404)
    path = _uploads() / f"{current_user.id}-{kind}-{upload}.xlsx"
    if not path.exists():
        abort(404)
    return path


@bp.route("/import", methods=["GET", "POST"])
def import_file():  # noqa: ANN201
    """Upload → dry run. The file is kept for the commit, under a token only
    its uploader's commit can name."""
    form = _import_form()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("transfer/import.html", form=form, kinds=_kinds()), status
    upload = secrets.token_hex(16)
    path = _uploads() / f"{current_user.id}-{form.kind.data}-{upload}.xlsx"
    form.file.data.save(path)
    report = None
    try:
        with path.open("rb") as stream:
            report = imports.run_import(current_user, form.kind.data, stream)
    finally:
        abandon()
        if report is None or not report.ok:  # kept only for its commit
            path.unlink(missing_ok=True)
    return render_template("transfer/report.html", report=report, upload=upload,
                           confirm=ConfirmForm(), filename=form.file.data.filename)


@bp.route("/import/<kind>/<upload>/commit", methods=["POST"])
def commit_import(kind: str, upload: str):  # noqa: ANN201
    if not imports.may_import(current_user, kind):
        abort(403)
    path = _upload_path(kind, upload)
    require_confirmation()
    with path.open("rb") as stream:
        report = imports.run_import(current_user, kind, stream, commit=True)
    if report.committed or report.file_problems:  # done, or never readable again
        path.unlink(missing_ok=True)
    if not report.committed:
        abandon()
    return render_template("transfer/report.html", report=report, upload=upload,
                           confirm=ConfirmForm(), filename=None)


@bp.route("/import/template/<kind>.xlsx")
def template(kind: str):  # noqa: ANN201
    if kind not in imports.IMPORTERS:
        abort(404)
    name = {"tasks": "tasks", "owners": "owners", "absences": "absences",
            "cost_profiles": "cost-profiles", "completions": "completions",
            "events": "events", "employees": "employees"}[kind]
    return xlsx_response(exports.template(kind).save, f"{name}-template")


# ------------------------------------------------------------------ export --


@bp.route("/export/registry.<fmt>")
def export_registry(fmt: str):  # noqa: ANN201

    _, filters = filters_from_args()
    return download(exports.registry(current_user, filters), "registry", fmt)


def _departments_arg() -> list[int]:
    """?department_id= (one) or every department the user sees."""
    wanted = request.args.get("department_id", type=int)
    visible = [d.id for d in departments_for(current_user)]
    if wanted is None:
        return visible
    if not scope_of(current_user).covers(wanted) or wanted not in visible:
        abort(404)
    return [wanted]


@bp.route("/export/matrix.<fmt>")
@requires_role(Role.MANAGER)
def export_matrix(fmt: str):  # noqa: ANN201
    tables = exports.matrix(current_user, _departments_arg())
    # The CSV is the owners list (one row per person and task), the one sheet
    # a grid cannot be flattened into without losing the role.
    return download(tables if fmt == "xlsx" else tables[-1:], "skills-matrix", fmt)


@bp.route("/export/workload.<fmt>")
@requires_role(Role.MANAGER)
def export_workload(fmt: str):  # noqa: ANN201
    return download(exports.workload(current_user, _departments_arg()), "workload", fmt)


@bp.route("/export/employees.<fmt>")
@requires_role(Role.MANAGER)
def export_employees(fmt: str):  # noqa: ANN201
    """The roster in the import's columns, for the personnel clerk (managers)."""
    return download(exports.employees(), "employees", fmt)


@bp.route("/export/calendar.<fmt>")
def export_calendar(fmt: str):  # noqa: ANN201
    return download(exports.calendar(current_user, _departments_arg()), "calendar", fmt)
