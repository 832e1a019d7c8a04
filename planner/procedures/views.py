"""A task's procedure: its versions side by side, and marking it reviewed
(pages under the task's address, on the tasks blueprint)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.web_util import require_confirmation
from planner.procedures import operations as procedure_service
from planner.tasks import operations as task_service
from planner.tasks.views import bp


@bp.route("/<int:task_id>/procedure/versions")
def procedure_versions(task_id: int):  # noqa: ANN201
    """Every saved text of the procedure, with a diff between two of them
    (by default the latest against the one before)."""
    task = task_service.get_task(current_user, task_id)
    versions = procedure_service.versions(current_user, task)
    by_number = {v.number: v for v in versions}
    newer = by_number.get(request.args.get("to", type=int)) or (versions[0] if versions else None)
    older = by_number.get(request.args.get("from", type=int)) or (
        by_number.get(newer.number - 1) if newer else None)
    changes = procedure_service.diff(older.text if older else "", newer.text) if newer else []
    return render_template("tasks/procedure_versions.html", task=task, versions=versions,
                           older=older, newer=newer, changes=changes)


@bp.route("/<int:task_id>/procedure/reviewed", methods=["POST"])
def procedure_reviewed(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    require_confirmation()
    procedure_service.mark_reviewed(current_user, task)
    flash(_("Procedure marked as reviewed."), "success")
    return redirect(url_for("tasks.show", task_id=task.id) + "#procedure")
