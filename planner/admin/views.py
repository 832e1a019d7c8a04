"""People and the audit log: administrators only."""
from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from planner.admin import personal_data as personal_data_service
from planner.admin.audit_export import audit_export_table
from planner.admin.audit_export import export_name as _export_name
from planner.admin.forms import AuditFilterForm
from planner.calendar import operations as calendar_service
from planner.calendar.forms import ClosedDayForm, WeekendForm
from planner.core import audit_log, labels
from planner.core.access import requires_role
from planner.core.clock import org_today
from planner.core.dates import in_range
from planner.core.downloads import download, json_download
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.core.forms import ConfirmForm
from planner.core.limits import storable
from planner.core.pagination import Page
from planner.core.roles import Role
from planner.core.web_util import flash_refusal, page_args, require_confirmation, show_errors
from planner.costing import operations as costing
from planner.costing.forms import CostProfileForm
from planner.coverage import operations as coverage_service
from planner.notifications import dev_mailbox
from planner.notifications import operations as notifications
from planner.people import operations as users
from planner.people import tokens
from planner.people.forms import DepartmentForm, PersonForm
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.people.operations import PersonData

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _person_form(person: User | None) -> PersonForm:
    form = PersonForm(obj=person)
    departments = db.session.scalars(select(Department).order_by(Department.id))
    form.department_ids.choices = labels.options((d.id, d.name) for d in departments)
    if person is not None and request.method == "GET":
        form.department_ids.data = sorted(person.department_ids)
    form.capacity_hours.description = _(
        "Registered recurring work this person can carry in a month, e.g. 20 for a "
        "part-timer. Empty: the organisation's figure, %(hours)d h.",
        hours=coverage_service.default_capacity())
    return form


def _person_data(form: PersonForm) -> PersonData:
    return PersonData(
        email=form.email.data or "",
        name=form.name.data or "",
        reading=form.reading.data or "",
        role=form.role.data,
        language=form.language.data,
        department_ids=list(form.department_ids.data or []),
        active=bool(form.active.data),
        access_until=form.access_until.data,
        capacity_hours=form.capacity_hours.data,
    )


@bp.route("/people")
@requires_role(Role.ADMIN)
def people():  # noqa: ANN201
    q = request.args.get("q", "")[:120]
    q = q if storable(q) else ""  # a search no database can run is dropped, as filters are
    return render_template("admin/people.html", people=users.list_people(q=q), q=q)


@bp.route("/people/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def new_person():  # noqa: ANN201
    form = _person_form(None)
    if form.validate_on_submit():
        try:
            person = users.create_person(_person_data(form), form.password.data or None)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Person added."), "success")
            return redirect(url_for("admin.person", person_id=person.id))
    return render_template("admin/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def person(person_id: int):  # noqa: ANN201
    person = db.session.get(User, person_id) or abort(404)
    form = _person_form(person)
    if form.validate_on_submit():
        try:
            users.update_person(person, _person_data(form))
            if form.password.data:
                users.set_password(person, form.password.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.person", person_id=person.id))
    return render_template("admin/person_form.html", form=form, person=person,
                           tokens=tokens.tokens_of(person), confirm=ConfirmForm())


@bp.route("/people/<int:person_id>/personal-data.json")
@requires_role(Role.ADMIN)
def personal_data(person_id: int):  # noqa: ANN201
    """Everything held about the person, as a download (a data-subject request)."""
    person = db.session.get(User, person_id) or abort(404)
    return json_download(personal_data_service.export(person), f"person-{person.id}")


@bp.route("/people/<int:person_id>/anonymise", methods=["POST"])
@requires_role(Role.ADMIN)
def anonymise(person_id: int):  # noqa: ANN201

    person = db.session.get(User, person_id) or abort(404)
    require_confirmation()
    try:
        personal_data_service.anonymise(current_user, person)
    except ValidationError as error:
        flash_refusal(error)
    else:
        flash(_("Personal data removed; the work this person did stays in the history."),
              "success")
    return redirect(url_for("admin.person", person_id=person.id))


@bp.route("/people/<int:person_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@requires_role(Role.ADMIN)
def revoke_token(person_id: int, token_id: int):  # noqa: ANN201
    person = db.session.get(User, person_id) or abort(404)
    require_confirmation()
    tokens.revoke_token(person, token_id)
    flash(_("Token revoked."), "success")
    return redirect(url_for("admin.person", person_id=person.id))


@bp.route("/audit")
@requires_role(Role.ADMIN, readers=(Role.AUDITOR,))
def audit():  # noqa: ANN201
    form = _audit_form()
    page, per_page = page_args(50)
    entries = audit_log.list_entries(page=page, per_page=per_page, filters=form.filters())
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("admin/audit.html", form=form, page=entries,
                           views=audit_log.describe(entries.items), args=args)


@bp.route("/audit/export.<fmt>")
@requires_role(Role.ADMIN, readers=(Role.AUDITOR,))
def audit_export(fmt: str):  # noqa: ANN201
    """The log as filtered on the page, for the period asked, to Excel or CSV."""
    form = _audit_form()
    return download([audit_export_table(form.filters())], _export_name(form.filters()), fmt)


def _audit_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.entity_type.choices = labels.options([("", _("All"))]
                                              + audit_log.entity_type_choices())
    form.validate()
    return form


@bp.route("/calendar", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def calendar():  # noqa: ANN201
    """Weekend days and company closures; due dates follow at once."""
    closed_form = ClosedDayForm(prefix="closed")
    weekend_form = WeekendForm(prefix="weekend")
    if request.method == "GET":
        weekend_form.weekend.data = sorted(calendar_service.weekend_days())
    changed = False
    if closed_form.submit.data and closed_form.validate_on_submit():
        try:
            calendar_service.add_closed_day(closed_form.name.data, closed_form.start_date.data,
                                            closed_form.end_date.data, closed_form.yearly.data)
            changed = True
        except ValidationError as error:
            show_errors(closed_form, error)
    elif weekend_form.submit.data and weekend_form.validate_on_submit():
        try:
            calendar_service.set_weekend_days(list(weekend_form.weekend.data or []))
            changed = True
        except ValidationError as error:
            show_errors(weekend_form, error)
    if changed:  # the calendar's operations moved the due dates
        flash(_("Saved. Due dates follow the new calendar."), "success")
        return redirect(url_for("admin.calendar"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/calendar.html", closed_form=closed_form,
                           weekend_form=weekend_form, confirm=ConfirmForm(),
                           closed_days=calendar_service.list_closed_days()), status


@bp.route("/calendar/closed-days/<int:closed_day_id>/delete", methods=["POST"])
@requires_role(Role.ADMIN)
def delete_closed_day(closed_day_id: int):  # noqa: ANN201
    require_confirmation()
    calendar_service.remove_closed_day(closed_day_id)
    flash(_("Saved. Due dates follow the new calendar."), "success")
    return redirect(url_for("admin.calendar"))


@bp.route("/outbox")
@requires_role(Role.ADMIN)
def outbox():  # noqa: ANN201
    """Reminders and notices of one month (the current one unless asked):
    pending, sent, failed (with what went wrong)."""
    status = request.args.get("status") or None
    if status not in (None, "pending", "sending", "sent", "failed", "cancelled"):
        status = None
    month = _month(request.args.get("month", "")) or org_today().replace(day=1)
    page, per_page = page_args(50)
    args = {"month": f"{month:%Y-%m}", **({"status": status} if status else {})}
    return render_template(
        "admin/outbox.html", page=notifications.outbox(status, page, per_page, month=month),
        status=status, month=month, previous_month=month - relativedelta(months=1),
        next_month=month + relativedelta(months=1), counts=notifications.outbox_counts(month),
        confirm=ConfirmForm(), args=args, dev_mailbox=dev_mailbox.enabled())


def _month(text: str) -> date | None:
    """The first day of a YYYY-MM month, or None for anything else."""
    try:
        month = datetime.strptime(text, "%Y-%m").date() if len(text) == 7 else None
    except ValueError:
        return None
    return month if month and in_range(month) else None


@bp.route("/dev-mailbox")
@requires_role(Role.ADMIN)
def dev_mailbox_index():  # noqa: ANN201
    """What `planner run` delivered to its development mailbox (no SMTP_HOST)."""
    if not dev_mailbox.enabled():
        abort(404)
    page, per_page = page_args(50)
    mails = dev_mailbox.messages()
    start = (page - 1) * per_page
    return render_template(
        "admin/dev_mailbox.html", args={},
        page=Page(mails[start:start + per_page], len(mails), page, per_page))


@bp.route("/dev-mailbox/<key>")
@requires_role(Role.ADMIN)
def dev_mailbox_message(key: str):  # noqa: ANN201
    mail = dev_mailbox.message(key) if dev_mailbox.enabled() else None
    if mail is None:
        abort(404)
    return render_template("admin/dev_mailbox_message.html", mail=mail)


@bp.route("/outbox/<int:notification_id>/retry", methods=["POST"])
@requires_role(Role.ADMIN)
def retry_notification(notification_id: int):  # noqa: ANN201
    require_confirmation()
    notifications.retry(notification_id)
    flash(_("It will be sent again at the next dispatch."), "success")
    return redirect(url_for("admin.outbox", status="failed"))


@bp.route("/departments")
@requires_role(Role.ADMIN)
def departments():  # noqa: ANN201
    return render_template("admin/departments.html", departments=users.list_departments())


@bp.route("/departments/new", methods=["GET", "POST"], defaults={"department_id": None})
@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def department(department_id: int | None):  # noqa: ANN201
    found = db.session.get(Department, department_id) if department_id else None
    if department_id and found is None:
        abort(404)
    form = DepartmentForm(obj=found)
    if form.validate_on_submit():
        try:
            users.save_department(found, form.code.data, form.name.data, form.webhook_url.data,
                                  form.active.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/department_form.html", form=form, department=found)


@bp.route("/departments/<int:department_id>/costs", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def department_costs(department_id: int):  # noqa: ANN201
    """The department's default cost inputs, which its tasks inherit."""
    found = db.session.get(Department, department_id) or abort(404)
    form = CostProfileForm(data=costing.department_values(department_id))
    if form.validate_on_submit():
        try:
            costing.save_department_defaults(
                {name: form[name].data for name in costing.PROFILE_FIELDS}, department_id)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.department_costs", department_id=department_id))
    return render_template("admin/department_costs.html", form=form, department=found)
