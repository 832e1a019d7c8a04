from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from planner.core.access import public
from planner.core.extensions import db
from planner.core.forms import ConfirmForm, LanguageForm
from planner.core.roles import Role
from planner.core.web_util import safe_next
from planner.people import operations as users
from planner.people import second_factor as second_factor_service
from planner.people import sessions
from planner.people.forms import CodeForm, LoginForm
from planner.people.models.user import User
from planner.people.throttling import limit_sign_in, remember_device, wait_minutes

bp = Blueprint("auth", __name__)


@bp.route("/")
@public
def index():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(landing())
    return redirect(url_for("auth.login"))


def landing(person: User | None = None) -> str:
    """Where a person starts: managers and administrators (and the auditor,
    who reads what a manager reads) on the overview of their departments,
    staff on their own work."""
    if Role((person or current_user).role).may_read(Role.MANAGER):
        return url_for("overview.index")
    return url_for("work.my_work")


@bp.route("/login", methods=["GET", "POST"])
@public
@limit_sign_in
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(landing())
    form = LoginForm()
    submitted = form.validate_on_submit()
    if submitted and not passwords_allowed(form.email.data):
        form.form_errors.append(_("Passwords are turned off: sign in with %(provider)s.",
                                  provider=oidc_provider_name()))
    elif submitted:
        person = users.authenticate(form.email.data, form.password.data)
        if person is not None:
            fresh_session()
            if person.totp_secret:
                # The password was right; the code comes next, within five minutes.
                session["pending_sign_in"] = {"id": person.id, "version": person.session_version,
                                              "at": int(time.time()),
                                              "next": safe_next(landing(person))}
                return redirect(url_for("auth.second_factor"))
            sessions.sign_in(person)
            return remember_device(redirect(safe_next(landing(person))), person)
        # One message for a wrong address, a wrong password and a deactivated
        # account, so the form does not reveal who has an account.
        form.form_errors.append(_("The e-mail address or password is not correct."))
    return render_template("auth/login.html", form=form)


def passwords_allowed(email: str) -> bool:
    """With OIDC_ONLY the identity provider signs everyone in, except the one
    break-glass administrator, who keeps a password for when it is down."""
    config = current_app.config
    if not (config.get("OIDC_ONLY") and config.get("OIDC_ISSUER")):
        return True
    glass = config.get("OIDC_BREAK_GLASS_EMAIL", "")
    return bool(glass) and users.normalise_email(email) == users.normalise_email(glass)


def oidc_provider_name() -> str:
    return current_app.config.get("OIDC_PROVIDER_NAME") or _("your organisation's account")


def fresh_session() -> None:
    """A fresh session on sign-in: nothing set before it carries over."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


PENDING_SECONDS = 300


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limit_sign_in
def second_factor():  # noqa: ANN201
    """The second step of signing in, for people who turned it on."""
    pending = session.get("pending_sign_in")
    person = db.session.get(User, pending["id"]) if pending else None
    if (person is None or not person.active or person.session_version != pending["version"]
            or time.time() - pending["at"] > PENDING_SECONDS):
        session.pop("pending_sign_in", None)
        flash(_("Sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor_service.verify(person, form.code.data):
            target = pending["next"]
            fresh_session()
            sessions.sign_in(person)
            return remember_device(redirect(target), person)
        form.code.errors = [*form.code.errors, _("This code is not correct.")]
    status = 400 if request.method == "POST" else 200
    return render_template("auth/code.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():  # noqa: ANN201

    if ConfirmForm().validate_on_submit():
        # Signed in through an identity provider: its end-session endpoint
        # next (planner/identity/oidc.py), which sends the browser back here.
        provider_sign_out = session.get("sign_out_url")
        sessions.end_session(current_user.session_key)
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
        if provider_sign_out:
            return redirect(provider_sign_out)
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@public
def set_language():  # noqa: ANN201
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.language = form.language.data
        else:
            session["language"] = form.language.data
    return redirect(safe_next(url_for("auth.index")))


@bp.errorhandler(429)  # only sign-in is rate limited
def too_many_attempts(error: Exception):  # noqa: ANN201
    """The sign-in page again, saying to wait; the same for every account, so
    it does not reveal which addresses exist."""
    form = LoginForm(formdata=None)
    form.form_errors.append(_("Too many failed sign-in attempts. Wait %(minutes)d minutes and "
                              "try again.", minutes=wait_minutes()))
    return render_template("auth/login.html", form=form), 429
