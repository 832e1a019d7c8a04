"""The event types' pages: everyone reads what each event opens and when it
is due; administrators add their own types and steps and change the shipped
ones (or take a shipped step back)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.core import labels
from planner.core.access import requires_role
from planner.core.errors import ValidationError
from planner.core.forms import ConfirmForm
from planner.core.roles import Role
from planner.core.web_util import require_confirmation, show_errors
from planner.events import domain
from planner.events import event_types as types
from planner.events.forms import EventStepForm, EventTypeForm, EventTypeTitlesForm
from planner.events.shipped import shipped_type
from planner.events.views import legal_basis, step_title, type_title

bp = Blueprint("event_types", __name__, url_prefix="/events/types")


def describe_deadline(rule: domain.RelativeDeadline) -> str:
    """The rule in the words of the law's counting."""
    if rule.kind == "within_days":
        if rule.counts_event_day:
            return _("Within %(n)d days, counting the event's day", n=rule.n)
        return _("Within %(n)d days of the event (from the next day)", n=rule.n)
    if rule.kind == "day_of_next_month":
        if rule.n > 1:
            return _("By day %(day)d of the month %(n)d months after the event",
                     day=rule.day or 0, n=rule.n)
        return _("By day %(day)d of the month after the event", day=rule.day or 0)
    if rule.kind == "within_months":
        return _("Within %(n)d months of the event", n=rule.n)
    return _("%(n)d business days before the event", n=rule.n)


def _step_form(data: dict | None = None, editing: bool = False) -> EventStepForm:
    form = EventStepForm(data=data) if data is not None else EventStepForm()
    return form.prepare(types.department_names(), editing)


def _known(key: str) -> domain.EventType:
    found = types.event_type(key)
    if found is None:
        abort(404)
    return found


def _origin_labels() -> dict[str, str]:
    return {"shipped": _("Shipped"), "edited": _("Changed by the company"),
            "own": _("The company's own")}


@bp.get("/")
def index():  # noqa: ANN201
    return render_template("events/types.html", kinds=types.all_event_types(),
                           title_of=type_title, origins=_origin_labels(),
                           may_edit=types.may_edit(current_user))


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def new():  # noqa: ANN201
    form = EventTypeForm()
    if form.validate_on_submit():
        try:
            kind = types.add_event_type(current_user, form.key.data, form.title_ja.data,
                                        form.title_en.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Event type added: now add its steps."), "success")
            return redirect(url_for("event_types.show", key=kind.key))
    return render_template("events/type_new.html", form=form), 400 if form.errors else 200


def _show(kind: domain.EventType, titles_form: EventTypeTitlesForm | None = None
          ) -> tuple[str, int]:
    admin = types.may_edit(current_user)
    if admin and titles_form is None:
        titles_form = EventTypeTitlesForm(data={"title_ja": kind.title_ja,
                                                "title_en": kind.title_en,
                                                "archived": kind.archived})
    return render_template(
        "events/type.html", kind=kind, title=type_title(kind), may_edit=admin,
        titles_form=titles_form, confirm=ConfirmForm(), origins=_origin_labels(),
        removed=types.removed_steps(kind.key) if admin else [],
        shipped=shipped_type(kind.key) is not None, departments=types.department_names(),
        describe=describe_deadline, step_title=step_title, legal_basis=legal_basis,
        applies_to=labels.APPLIES_TO,
    ), 400 if titles_form is not None and titles_form.errors else 200


@bp.get("/<key>")
def show(key: str):  # noqa: ANN201
    return _show(_known(key))


@bp.post("/<key>")
@requires_role(Role.ADMIN)
def save_titles(key: str):  # noqa: ANN201
    kind = _known(key)
    form = EventTypeTitlesForm()
    if form.validate_on_submit():
        try:
            types.change_event_type(current_user, key, title_ja=form.title_ja.data,
                                    title_en=form.title_en.data, archived=form.archived.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("event_types.show", key=key))
    return _show(kind, form)


@bp.post("/<key>/reset")
@requires_role(Role.ADMIN)
def reset(key: str):  # noqa: ANN201
    _known(key)
    require_confirmation()
    types.reset_event_type(current_user, key)
    flash(_("Back to the shipped titles."), "success")
    return redirect(url_for("event_types.show", key=key))


@bp.route("/<key>/steps/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def new_step(key: str):  # noqa: ANN201
    kind = _known(key)
    form = _step_form()
    if form.validate_on_submit():
        try:
            types.add_step(current_user, key, form.template())
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Step added: the events recorded from now on open it."), "success")
            return redirect(url_for("event_types.show", key=key))
    return render_template("events/step_form.html", form=form, kind=kind,
                           title=type_title(kind), step=None), 400 if form.errors else 200


@bp.route("/<key>/steps/<step_key>", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit_step(key: str, step_key: str):  # noqa: ANN201
    kind = _known(key)
    step = kind.step(step_key)
    if step is None:
        abort(404)
    form = _step_form(None if request.method == "POST" else EventStepForm.data_of(step),
                      editing=True)
    if form.validate_on_submit():
        try:
            types.change_step(current_user, key, step_key, form.template(step_key))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Step saved: the events recorded from now on follow it."), "success")
            return redirect(url_for("event_types.show", key=key))
    return render_template("events/step_form.html", form=form, kind=kind,
                           title=type_title(kind), step=step), 400 if form.errors else 200


@bp.post("/<key>/steps/<step_key>/remove")
@requires_role(Role.ADMIN)
def remove_step(key: str, step_key: str):  # noqa: ANN201
    _known(key)
    require_confirmation()
    types.remove_step(current_user, key, step_key)
    flash(_("Step removed: events recorded from now on no longer open it."), "success")
    return redirect(url_for("event_types.show", key=key))


@bp.post("/<key>/steps/<step_key>/reset")
@requires_role(Role.ADMIN)
def reset_step(key: str, step_key: str):  # noqa: ANN201
    _known(key)
    require_confirmation()
    types.reset_step(current_user, key, step_key)
    flash(_("Back to the shipped step."), "success")
    return redirect(url_for("event_types.show", key=key))
