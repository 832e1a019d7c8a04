"""The signed-in person's own page: language, password, API tokens."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash

from planner.core.clock import org_today
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.core.forms import ConfirmForm
from planner.core.web_util import require_confirmation, show_errors
from planner.coverage import operations as coverage
from planner.notifications.operations import plan
from planner.people import operations as users
from planner.people import second_factor, sessions, tokens
from planner.people.forms import CodeForm, PasswordForm, ReminderSettingsForm, TokenForm
from planner.tasks.models import TaskOwner

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(password_form: PasswordForm | None = None, token_form: TokenForm | None = None,
          new_token: str | None = None, feed_url: str | None = None,
          reminder_form: ReminderSettingsForm | None = None,
          code_form: CodeForm | None = None):  # noqa: ANN202
    if reminder_form is None:
        reminder_form = ReminderSettingsForm(data={
            "reminder_days": current_user.reminder_days or [],
            "digest": not current_user.digest_opt_out})
    feeds = [t for t in tokens.tokens_of(current_user, tokens.CALENDAR) if t.revoked_at is None]
    return render_template(
        "account/index.html",
        password_form=password_form or PasswordForm(),
        token_form=token_form or TokenForm(),
        tokens=tokens.tokens_of(current_user, tokens.API),
        feed=feeds[0] if feeds else None,
        new_token=new_token,
        feed_url=feed_url,
        confirm=ConfirmForm(),
        workload=coverage.workload_grid([current_user], org_today()),
        reminder_form=reminder_form,
        two_step_offered=second_factor.offered_to(current_user),
        code_form=code_form or CodeForm(formdata=None),
    )


@bp.route("/")
def index():  # noqa: ANN201
    return _page()


@bp.route("/password", methods=["POST"])
def change_password():  # noqa: ANN201
    form = PasswordForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash or "", form.current_password.data):
            form.current_password.errors.append(_("The current password is not correct."))
        else:
            try:
                users.set_password(current_user, form.password.data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                # set_password ended every session, this one too: this browser
                # goes on in a new one.
                session.clear()
                sessions.sign_in(current_user._get_current_object())
                flash(_("Password changed."), "success")
                return redirect(url_for("account.index"))
    return _page(password_form=form), 400


@bp.route("/tokens", methods=["POST"])
def create_token():  # noqa: ANN201
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(token_form=form), 400
    _, plaintext = tokens.create_token(current_user, form.name.data or "")
    return _page(new_token=plaintext)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):  # noqa: ANN201
    require_confirmation()
    tokens.revoke_token(current_user, token_id)
    flash(_("Token revoked."), "success")
    return redirect(url_for("account.index"))


@bp.route("/calendar-feed", methods=["POST"])
def create_feed():  # noqa: ANN201
    """A new secret feed URL; the previous one stops working."""
    require_confirmation()
    for token in tokens.tokens_of(current_user, tokens.CALENDAR):
        tokens.revoke_token(current_user, token.id)
    _, plaintext = tokens.create_token(current_user, "calendar", kind=tokens.CALENDAR)
    return _page(feed_url=url_for("feeds.calendar_feed", token=plaintext, _external=True))


@bp.route("/calendar-feed/revoke", methods=["POST"])
def revoke_feed():  # noqa: ANN201
    require_confirmation()
    for token in tokens.tokens_of(current_user, tokens.CALENDAR):
        tokens.revoke_token(current_user, token.id)
    flash(_("The calendar feed URL no longer works."), "success")
    return redirect(url_for("account.index"))


@bp.route("/reminders", methods=["POST"])
def reminder_settings():  # noqa: ANN201
    form = ReminderSettingsForm()
    if not form.validate_on_submit():
        return _page(reminder_form=form), 400
    current_user.reminder_days = sorted(set(form.reminder_days.data or []), reverse=True)
    current_user.digest_opt_out = not form.digest.data


    owned = list(db.session.scalars(select(TaskOwner.task_id).where(
        TaskOwner.user_id == current_user.id)))
    plan(task_ids=owned)  # the person's reminders follow their new lead times at once
    flash(_("Saved."), "success")
    return redirect(url_for("account.index"))


@bp.route("/sign-out-everywhere", methods=["POST"])
def sign_out_everywhere():  # noqa: ANN201
    """Every session of this person ends, on every device, this one included."""
    require_confirmation()
    sessions.end_sessions(current_user)
    logout_user()
    flash(_("You have been signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/two-step", methods=["POST"])
def start_second_factor():  # noqa: ANN201
    """A new secret to add to an authenticator app; on only once a code from
    the app confirms it."""
    if not second_factor.offered_to(current_user) or not ConfirmForm().validate_on_submit():
        abort(403 if not second_factor.offered_to(current_user) else 400)
    session["totp_pending"] = second_factor.new_secret()
    return _two_step_page(CodeForm(formdata=None))


def _two_step_page(form: CodeForm, status: int = 200):  # noqa: ANN202
    secret = session["totp_pending"]
    return render_template("account/two_step.html", form=form, secret=secret,
                           uri=second_factor.provisioning_uri(current_user, secret)), status


@bp.route("/two-step/confirm", methods=["POST"])
def confirm_second_factor():  # noqa: ANN201
    if "totp_pending" not in session:
        return redirect(url_for("account.index"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            second_factor.enable(current_user, session["totp_pending"], form.code.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            session.pop("totp_pending", None)
            flash(_("Two-step sign-in is on."), "success")
            return redirect(url_for("account.index"))
    return _two_step_page(form, 400)


@bp.route("/two-step/off", methods=["POST"])
def disable_second_factor():  # noqa: ANN201
    form = CodeForm()
    if form.validate_on_submit():
        try:
            second_factor.disable(current_user, form.code.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Two-step sign-in is off."), "info")
            return redirect(url_for("account.index"))
    return _page(code_form=form), 400
