"""The administrators' identity page: the sign-in settings as the environment
sets them (never a secret's value), the directory groups that give roles,
the SCIM tokens, the last SCIM calls."""
from __future__ import annotations

import os

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from planner.core import labels
from planner.core.access import requires_role
from planner.core.errors import Conflict, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.forms import ConfirmForm
from planner.core.roles import Role
from planner.core.web_util import show_errors
from planner.identity import provisioning, tokens
from planner.identity.forms import ScimTokenForm
from planner.identity.models import ScimRequest, ScimToken

bp = Blueprint("identity", __name__, url_prefix="/admin/identity")

LAST_REQUESTS = 50
# Shown as "set" or "not set", whatever they hold.
SECRET_SETTINGS = frozenset({"OIDC_CLIENT_SECRET"})


def settings() -> list[tuple[str, str | None]]:
    """Every OIDC_* variable of the environment with its value, a secret's
    only as "set" (None)."""
    names = sorted(n for n in os.environ if n.startswith("OIDC_"))
    return [(n, None if n in SECRET_SETTINGS or "SECRET" in n else os.environ[n])
            for n in names]


def _page(form: ScimTokenForm, created: str | None = None, status: int = 200):  # noqa: ANN202
    last = list(db.session.scalars(select(ScimRequest).order_by(ScimRequest.id.desc())
                                    .limit(LAST_REQUESTS)))
    return render_template("identity/admin.html", form=form, created=created,
                           settings=settings(), role_groups=provisioning.role_groups(),
                           role_labels=labels.ROLE, tokens=tokens.listed(), requests=last,
                           confirm=ConfirmForm()), status


@bp.route("", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def index():  # noqa: ANN201
    form = ScimTokenForm()
    if form.validate_on_submit():
        try:
            token, plaintext = tokens.create(form.name.data or "")
        except ValidationError as error:
            show_errors(form, error)
            return _page(form, status=400)
        flash(_("SCIM token %(name)s created. Copy it now: it is not shown again.",
                name=token.name), "success")
        return _page(ScimTokenForm(formdata=None), created=plaintext)
    return _page(form, status=400 if form.errors else 200)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@requires_role(Role.ADMIN)
def revoke(token_id: int):  # noqa: ANN201
    form = ConfirmForm()
    token = db.session.get(ScimToken, token_id)
    if token is None:
        raise NotFound()
    if form.validate_on_submit():
        try:
            tokens.revoke(token.name)
        except Conflict:
            flash(_("This token is already revoked."), "info")
        else:
            flash(_("SCIM token %(name)s revoked.", name=token.name), "success")
    return redirect(url_for("identity.index"))
