"""The period page (締め): a department's months with their state, the work
that blocks the month being closed, the close and reopen forms, the evidence pack."""
from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core.clock import org_today
from planner.core.errors import DomainError, ValidationError
from planner.core.i18n import month_label, translate
from planner.core.transaction import abandon
from planner.core.web_util import flash_field_errors
from planner.periods import domain, pack
from planner.periods import operations as periods
from planner.periods.api import pack_response
from planner.periods.forms import CloseForm, ReopenForm
from planner.tasks import operations as task_service

bp = Blueprint("periods", __name__)
MONTHS_SHOWN = 12


def _department_id() -> int:
    departments = task_service.departments_for(current_user)
    wanted = request.args.get("department_id", type=int)
    ids = [d.id for d in departments]
    if wanted is None and ids:
        return ids[0]
    if wanted not in ids:
        abort(404)
    return wanted


def _month(default: date) -> date:
    try:
        return domain.parse_month(request.args.get("month") or domain.label(default))
    except ValidationError:
        return default


@bp.route("/periods")
def index():  # noqa: ANN201
    department_id = _department_id()
    department = periods.visible_department(current_user, department_id)
    this_month = domain.month_of(org_today())
    chosen = _month(this_month - relativedelta(months=1))
    months = [this_month - relativedelta(months=n) for n in range(MONTHS_SHOWN)]
    history = periods.history(current_user, department_id)
    by_month: dict[date, list] = {}
    for period in history:
        by_month.setdefault(period.month, []).append(period)
    return render_template(
        "periods/index.html", department=department,
        departments=task_service.departments_for(current_user), months=months,
        by_month=by_month, chosen=chosen, label=domain.label,
        work_count=periods.month_count(department_id, chosen),
        blocking=periods.blocking(department_id, chosen),
        standing=periods.standing_close(department_id, chosen),
        may_close=periods.may_close(current_user, department_id),
        may_reopen=periods.may_reopen(current_user),
        may_download=pack.may_download(current_user, department_id),
        close_form=CloseForm(data={"month": domain.label(chosen)}),
        reopen_form=ReopenForm(data={"month": domain.label(chosen)}))


def _back(department_id: int, month: str | None):  # noqa: ANN202
    return redirect(url_for("periods.index", department_id=department_id, month=month))


def _refused(error: DomainError) -> None:
    """Said on the page (a field's message, else the error's), nothing saved."""
    abandon()
    flash(" ".join(translate(m) for ms in getattr(error, "fields", {}).values() for m in ms)
          or translate(error.message), "error")


@bp.route("/periods/<int:department_id>/close", methods=["POST"])
def close(department_id: int):  # noqa: ANN201
    periods.visible_department(current_user, department_id)  # another department's: 403
    form = CloseForm()
    if not form.validate_on_submit():
        flash_field_errors(form)
        return _back(department_id, None)
    try:
        result = periods.close(current_user, department_id, form.month.data)
    except DomainError as error:  # Blocked among them: the page lists what blocks it
        _refused(error)
    else:
        flash(_("Closed: %(month)s", month=month_label(domain.label(result.period.month))), "success")
    return _back(department_id, form.month.data)


@bp.route("/periods/<int:department_id>/reopen", methods=["POST"])
def reopen(department_id: int):  # noqa: ANN201
    periods.visible_department(current_user, department_id)  # another department's: 403
    form = ReopenForm()
    if not form.validate_on_submit():
        flash_field_errors(form)
        return _back(department_id, form.month.data or None)
    try:
        period = periods.reopen(current_user, department_id, form.month.data, form.reason.data)
    except DomainError as error:
        _refused(error)
        return _back(department_id, form.month.data)
    flash(_("Reopened: %(month)s", month=month_label(domain.label(period.month))), "success")
    return _back(department_id, form.month.data)


@bp.route("/periods/<int:department_id>/evidence-pack.zip")
def evidence_pack(department_id: int):  # noqa: ANN201
    return pack_response(*pack.build(current_user, department_id, request.args.get("month")))
