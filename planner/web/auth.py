from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from planner.extensions import db
from planner.ratelimit import limit_sign_in, lockout_minutes
from planner.services import demo, users
from planner.web.access import public
from planner.web.forms import LanguageForm, LoginForm
from planner.web.util import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/")
@public
def index():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("work.my_work"))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@public
@limit_sign_in
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("work.my_work"))
    form = LoginForm()
    if form.validate_on_submit():
        person = users.authenticate(form.email.data, form.password.data)
        if person is not None:
            # A fresh session on sign-in: nothing set before it carries over.
            language = session.get("language")
            session.clear()
            if language:
                session["language"] = language
            session.permanent = True  # PERMANENT_SESSION_LIFETIME bounds it
            login_user(person)
            return redirect(safe_next(url_for("work.my_work")))
        # One message for a wrong address, a wrong password and a deactivated
        # account, so the form does not reveal who has an account.
        form.form_errors.append(_("The e-mail address or password is not correct."))
    return render_template(
        "auth/login.html", form=form, demo_accounts=demo.demo_accounts()
    )


@bp.route("/logout", methods=["POST"])
def logout():  # noqa: ANN201
    from planner.web.forms import ConfirmForm

    if ConfirmForm().validate_on_submit():
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@public
def set_language():  # noqa: ANN201
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.language = form.language.data
            db.session.commit()
        else:
            session["language"] = form.language.data
    return redirect(safe_next(url_for("auth.index")))


def too_many_attempts(error: Exception):  # noqa: ANN201
    """The sign-in page again, saying to wait; the same for every account, so
    it does not reveal which addresses exist."""
    form = LoginForm(formdata=None)
    form.form_errors.append(_("Too many failed sign-in attempts. Wait %(minutes)d minutes and "
                              "try again.", minutes=lockout_minutes()))
    return render_template("auth/login.html", form=form,
                           demo_accounts=demo.demo_accounts()), 429
