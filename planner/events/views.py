"""The events pages: the list, recording an event (with its preview) and a run."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from planner.core import labels
from planner.core.access import requires_role
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.core.forms import ConfirmForm
from planner.core.i18n import translate
from planner.core.roles import Role
from planner.core.transaction import abandon
from planner.core.web_util import require_confirmation
from planner.employees.models import Employee
from planner.events import domain
from planner.events import operations as event_service
from planner.events.event_types import event_type, event_types, event_types_by_key
from planner.events.forms import EventFilterForm, EventForm

bp = Blueprint("events", __name__, url_prefix="/events")


def type_title(kind: domain.EventType | None, key: str = "") -> str:
    if kind is None:
        return key
    return kind.title_en if str(get_locale()) == "en" else kind.title_ja


def step_title(step: domain.StepTemplate) -> str:
    return step.title_en if str(get_locale()) == "en" else step.title_ja


def legal_basis(step: domain.StepTemplate) -> str:
    return step.legal_basis_en if str(get_locale()) == "en" else step.legal_basis_ja


def _type_choices() -> list:
    return labels.options((t.key, type_title(t)) for t in event_types())


def _status_labels() -> dict[str, str]:
    return {"open": _("In progress"), "cancelled": _("Cancelled")}


@bp.route("/")
def index():  # noqa: ANN201
    form = EventFilterForm(request.args)
    form.type.choices = [labels.options([("", _("All events"))])[0], *_type_choices()]
    form.status.choices = labels.options([("", _("All")), *_status_labels().items()])
    form.validate()
    page_number = request.args.get("page", 1, type=int) or 1
    try:
        page = event_service.list_events(current_user, max(page_number, 1), 20,
                                         type=form.type.data or None,
                                         status=form.status.data or None)
    except ValidationError:
        page = event_service.list_events(current_user, 1, 20)
    return render_template(
        "events/index.html", page=page, form=form, progress=event_service.progress(page.items),
        type_title=lambda key, kinds=event_types_by_key(): type_title(kinds.get(key), key),
        statuses=_status_labels(),
        may_record=event_service.may_record(current_user),
        args={k: v for k, v in request.args.items() if k != "page"})


def _employee(number: str | None) -> Employee | None:
    number = (number or "").strip()
    if not number:
        return None
    return db.session.scalar(select(Employee).where(Employee.number == number,
                                                    Employee.anonymised_at.is_(None)))


def _owner_choices(form_values: dict[str, str], planned: list[event_service.PlannedStep]
                   ) -> dict[str, int | None]:
    """The owner each step's select names (blank: nobody in particular)."""
    chosen: dict[str, int | None] = {}
    for item in planned:
        raw = form_values.get(f"owner-{item.step.key}")
        if raw is None:
            continue
        chosen[item.step.key] = int(raw) if raw.isdigit() else None
    return chosen


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.MANAGER)
def new():  # noqa: ANN201
    form = EventForm()
    form.type.choices = _type_choices()
    if not form.is_submitted() and event_type(request.args.get("type", "")) is not None:
        form.type.data = request.args["type"]  # from the catalogue's link to the event
    employees = list(db.session.scalars(
        select(Employee).where(Employee.anonymised_at.is_(None))
        .order_by(Employee.number).limit(500)))
    planned: list[event_service.PlannedStep] = []
    chosen: dict[str, int | None] = {}
    if form.validate_on_submit():
        employee = _employee(form.employee_number.data)
        try:
            planned = event_service.preview_event(current_user, form.type.data, form.date.data,
                                                  employee)
            chosen = _owner_choices(request.form, planned)
            if form.submit.data and any(f"owner-{p.step.key}" in request.form for p in planned):
                event = event_service.record_event(
                    current_user, form.type.data, form.date.data, employee,
                    note=form.note.data or "", owners=chosen)
                flash(_("Event recorded: its procedures are open."), "success")
                return redirect(url_for("events.show", event_id=event.id))
        except ValidationError as error:
            abandon()
            fields = {"type": form.type, "date": form.date, "employee_id": form.employee_number,
                      "note": form.note}
            for name, messages in error.fields.items():
                target = fields.get(name.split(".")[0])
                rendered = [translate(m) for m in messages]
                if target is not None:
                    target.errors = [*target.errors, *rendered]
                else:
                    form.form_errors.extend(rendered)
            if not error.fields:
                form.form_errors.append(translate(error.message))
    return render_template("events/new.html", form=form, planned=planned, chosen=chosen,
                           employees=employees, step_title=step_title, legal_basis=legal_basis)


@bp.route("/<int:event_id>")
def show(event_id: int):  # noqa: ANN201
    event = event_service.get_event(current_user, event_id)
    run = event_service.run_of(event)
    kind = event_type(event.type_key)
    return render_template("events/show.html", event=event, run=run,
                           title=type_title(kind, event.type_key), statuses=_status_labels(),
                           may_record=event_service.may_record(current_user))


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@requires_role(Role.MANAGER)
def cancel(event_id: int):  # noqa: ANN201
    event = event_service.get_event(current_user, event_id)
    if request.method == "POST":
        require_confirmation()
        event_service.cancel_event(current_user, event)
        flash(_("Event cancelled: its open procedures were cancelled."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/cancel.html", event=event, confirm=ConfirmForm(),
                           title=type_title(event_type(event.type_key), event.type_key),
                           run=event_service.run_of(event))


