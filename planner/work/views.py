"""My work, the team calendar, overdue work and ticking occurrences off."""
from __future__ import annotations

from calendar import Calendar
from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.calendar.operations import load_calendar
from planner.core import labels
from planner.core.access import requires_role
from planner.core.clock import org_today
from planner.core.dates import EARLIEST, LATEST
from planner.core.errors import Conflict, NotFound, ValidationError
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.roles import Role
from planner.core.signals import merged
from planner.core.transaction import abandon
from planner.core.web_util import flash_field_errors, require_confirmation, safe_next
from planner.tasks import operations as task_service
from planner.work import operations as occurrence_service
from planner.work.domain import UNDO_WINDOW, TickOff
from planner.work.forms import CalendarForm, CompleteForm, SkipForm
from planner.work.models import Occurrence
from planner.work.signals import my_work_page, occurrence_page, run_steps, team_calendar_shown

bp = Blueprint("work", __name__)


@bp.app_template_global()
def can_write(occurrence: Occurrence | None = None) -> bool:
    """Whether a page shows its write buttons and forms to the signed-in
    person: never to a read-only role (the auditor, whose writes are refused
    anyway), and for an occurrence not while its month is closed (締め).
    The one place templates ask, so a button is hidden wherever its POST
    would be refused."""
    if not current_user.is_authenticated or Role(current_user.role).read_only:
        return False
    if occurrence is None:
        return True
    # A page lists many occurrences of few departments: one query each.
    department_id = occurrence.task.department_id
    closed = g.setdefault("closed_months", {})
    if department_id not in closed:
        closed[department_id] = occurrence_service.closed_months_of([department_id])
    return (department_id, occurrence.due_date.replace(day=1)) not in closed[department_id]


@bp.route("/my-work")
def my_work():  # noqa: ANN201
    work = occurrence_service.my_work(current_user)
    # Training, improvements, handover, inventory and reviews are other features'
    # sections of this page: each adds its own (work/signals.py).
    undo = _undo_offer()
    return render_template("work/my_work.html", work=work, complete_form=CompleteForm(),
                           skip_form=SkipForm(), undo=undo, undo_form=ConfirmForm(),
                           undo_minutes=int(UNDO_WINDOW.total_seconds() // 60),
                           **merged(my_work_page.send(current_user._get_current_object())))


@bp.route("/overdue")
@requires_role(Role.MANAGER)
def overdue():  # noqa: ANN201
    today = org_today()
    items = occurrence_service.overdue(current_user, today)
    return render_template("work/overdue.html", items=items, today=today,
                           past_work_by=occurrence_service.past_work_by(current_user, today))


@bp.route("/calendar")
def team_calendar():  # noqa: ANN201
    form = CalendarForm(request.args)
    departments = task_service.departments_for(current_user)
    form.department_id.choices = labels.options((d.id, d.name) for d in departments)
    form.validate()
    today = org_today()
    year, month = today.year, today.month
    # Blank (Optional() lets " " through unchecked) or out of range: this month.
    text = (form.month.data or "").strip()
    if text and not form.month.errors:
        first = int(text[:4])
        if EARLIEST.year <= first <= LATEST.year:
            year, month = first, int(text[5:])
    department_id = (form.department_id.data if not form.department_id.errors else None) or (
        departments[0].id if departments else None)
    if department_id is None:
        abort(404)
    items = occurrence_service.in_department_month(current_user, department_id, year, month)
    # A run's step says whose event it is and who was given it.
    runs = merged(run_steps.send(None, occurrences=[o for o in items if o.event_id]))
    by_day: dict[date, list] = {}
    for occurrence in items:
        by_day.setdefault(occurrence.due_date, []).append(occurrence)
    calendar = load_calendar()
    weeks = Calendar(firstweekday=0).monthdatescalendar(year, month)
    # Who is away is coverage's to say (absences): asked for, not imported.
    away = merged(team_calendar_shown.send(current_user._get_current_object(),
                                           department_id=department_id,
                                           first=weeks[0][0], last=weeks[-1][-1]))
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return render_template(
        "work/calendar.html", form=form, weeks=weeks, by_day=by_day, month=month, year=year,
        calendar=calendar, today=today, department_id=department_id, runs=runs,
        away=away.get("away", {}),
        previous=previous.strftime("%Y-%m"), following=following.strftime("%Y-%m"),
    )


def _back() -> str:
    return safe_next(url_for("work.my_work"))


# The last tick-off made in this browser, which "my work" offers to undo: one
# at a time, so the next done or skip replaces it (and the cookie stays small).
_UNDO_KEY = "undo_tick_off"


def _remember_tick_off(occurrence: Any) -> None:
    tick = occurrence_service.tick_off_of(occurrence)
    session[_UNDO_KEY] = {"id": occurrence.id, "status": tick.status, "by": tick.by_id,
                          "at": tick.at.isoformat() if tick.at else None}


def _remembered(occurrence_id: int | None = None) -> TickOff | None:
    kept = session.get(_UNDO_KEY)
    if not isinstance(kept, dict) or not kept.get("at") or (
            occurrence_id is not None and kept.get("id") != occurrence_id):
        return None
    try:
        return TickOff(str(kept["status"]), kept.get("by"), datetime.fromisoformat(kept["at"]))
    except (KeyError, TypeError, ValueError):
        return None


def _undo_offer() -> Any:
    """The occurrence whose tick-off can still be undone, or None."""
    remembered = _remembered()
    if remembered is None:
        return None
    try:
        occurrence = occurrence_service.get_occurrence(current_user, session[_UNDO_KEY]["id"])
    except NotFound:
        return None
    return occurrence if occurrence_service.may_undo(current_user, occurrence,
                                                     remembered) else None


@bp.route("/occurrences/<int:occurrence_id>/complete", methods=["POST"])
def complete(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    form = CompleteForm()
    if not form.validate_on_submit():
        flash_field_errors(form)  # the forms sit in rows of lists
        return redirect(_back())
    try:
        occurrence_service.complete(current_user, occurrence, form.note.data or "",
                                    minutes=form.minutes.data)
    except ValidationError as error:
        abandon()
        flash(translate(error.message), "error")
        # What stopped it (a checklist step…), each said.
        for message in error.fields.get("preparing", ()):
            flash(translate(message), "error")
        return redirect(_back())
    except Conflict as error:
        abandon()
        flash(translate(error.message), "error")
        return redirect(_back())
    _remember_tick_off(occurrence)
    if occurrence.status == "prepared":
        flash(_("Handed over for review: %(title)s", title=occurrence.task.title), "success")
        return redirect(_back())
    flash(_("Marked as done: %(title)s", title=occurrence.task.title), "success")
    return redirect(_back())


@bp.route("/occurrences/<int:occurrence_id>/skip", methods=["POST"])
def skip(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    form = SkipForm()
    if not form.validate_on_submit():
        flash(_("Say why this occurrence is skipped."), "error")
        return redirect(_back())
    try:
        occurrence_service.skip(current_user, occurrence, form.reason.data)
    except (ValidationError, Conflict) as error:  # Conflict: its month is closed (締め)
        abandon()
        flash(translate(error.message), "error")
        return redirect(_back())
    session.pop(_UNDO_KEY, None)
    flash(_("Skipped: %(title)s", title=occurrence.task.title), "success")
    return redirect(_back())


@bp.route("/occurrences/<int:occurrence_id>/undo", methods=["POST"])
def undo_tick_off(occurrence_id: int):  # noqa: ANN201
    """"Undo" on my work: the tick-off this browser just made, back to open."""
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    require_confirmation()
    remembered = _remembered(occurrence.id)
    if remembered is None:
        flash(_("There is nothing to undo for %(title)s.", title=occurrence.task.title), "error")
        return redirect(url_for("work.my_work"))
    try:
        occurrence_service.undo_tick_off(current_user, occurrence, remembered)
    except Conflict as error:  # changed since, too long ago, or its month is closed
        abandon()
        session.pop(_UNDO_KEY, None)
        flash(translate(error.message), "error")
        return redirect(url_for("work.my_work"))
    session.pop(_UNDO_KEY, None)
    flash(_("Undone: %(title)s is open again.", title=occurrence.task.title), "success")
    return redirect(url_for("work.my_work"))


@bp.route("/occurrences/<int:occurrence_id>/reopen", methods=["POST"])
def reopen(occurrence_id: int):  # noqa: ANN201
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    require_confirmation()
    try:
        occurrence_service.reopen(current_user, occurrence)
    except Conflict as error:  # its month is closed (締め): said on the page, nothing saved
        abandon()
        flash(translate(error.message), "error")
        return redirect(safe_next(url_for("work.done_link", occurrence_id=occurrence.id)))
    flash(_("Reopened: %(title)s", title=occurrence.task.title), "success")
    return redirect(safe_next(url_for("tasks.show", task_id=occurrence.task_id)))


@bp.route("/tasks/<int:task_id>/adopt-measured-effort", methods=["POST"])
@requires_role(Role.MANAGER)
def adopt_measured_effort(task_id: int):  # noqa: ANN201
    task = task_service.get_task(current_user, task_id)
    require_confirmation()
    back = url_for("tasks.show", task_id=task.id)
    try:
        occurrence_service.adopt_measured_effort(current_user, task)
    except ValidationError as error:
        abandon()
        flash(translate(next(iter(error.fields.values()))[0] if error.fields
                        else error.message), "error")
        return redirect(back)
    flash(_("The effort per occurrence is now the measured %(minutes)d min.",
            minutes=task.effort_minutes), "success")
    return redirect(back)


@bp.route("/occurrences/<int:occurrence_id>/done")
def done_link(occurrence_id: int):  # noqa: ANN201
    """The occurrence's page, and the "done" link in reminder e-mails: one
    button, behind the sign-in; the sign-off adds its state and forms."""
    occurrence = occurrence_service.get_occurrence(current_user, occurrence_id)
    sections = merged(occurrence_page.send(occurrence, viewer=current_user._get_current_object()))
    return render_template("work/done.html", occurrence=occurrence, form=CompleteForm(),
                           **sections)
