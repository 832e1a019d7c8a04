"""Sign-in with OpenID Connect: the authorization code flow with PKCE, the
provider found by discovery from OIDC_ISSUER.

Authlib's Flask client does the protocol: state, nonce and PKCE verifier are
kept in the session under the state and removed when the callback reads them
(so each is single-use), the code is exchanged at the token endpoint, and the
ID token is checked (signature against the provider's JWKS, issuer, audience,
expiry, nonce). What is ours is who the identity is: a person linked to the
subject, else the person with the verified e-mail address (then linked), else,
when OIDC_JIT allows, a new person with the role and departments the group map
gives. Anything else is refused with a page that says why, and nothing is saved.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, redirect, render_template, session
from flask_babel import force_locale
from flask_babel import gettext as _
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError
from sqlalchemy import select

from planner.core import labels
from planner.core.access import public
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.core.i18n import translate
from planner.core.roles import Role
from planner.core.transaction import commits_on_get
from planner.core.urls import base_url
from planner.identity import domain
from planner.identity.oidc_models import OidcLink
from planner.notifications import operations as notifications
from planner.people import operations as people
from planner.people import sessions
from planner.people.auth_views import fresh_session, landing, oidc_provider_name
from planner.people.models.user import User

log = logging.getLogger("planner.oidc")
bp = Blueprint("oidc", __name__)
_EXTENSION = "planner.oidc"
# What people/auth_views.logout sends the browser to after ending the local
# session (people knows nothing of OpenID Connect; it follows this if set).
SIGN_OUT_URL = "sign_out_url"


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(lambda: {"oidc_provider_name": provider_name(app)})
    if not app.config.get("OIDC_ISSUER"):
        return
    mapping = domain.parse_group_map(app.config.get("OIDC_GROUP_MAP", ""))
    oauth = OAuth(app)
    oauth.register(
        "oidc",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{app.config['OIDC_ISSUER']}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPES"], "code_challenge_method": "S256",
                       "timeout": 10},
    )
    app.extensions[_EXTENSION] = (oauth.oidc, mapping)


def provider_name(app: Flask) -> str | None:
    """The name on the login page's button, or None when OIDC is off."""
    if not app.config.get("OIDC_ISSUER"):
        return None
    return oidc_provider_name()


def _client() -> Any:  # noqa: ANN401 - Authlib's registered client
    if _EXTENSION not in current_app.extensions:
        abort(404)
    return current_app.extensions[_EXTENSION][0]


def _redirect_uri() -> str:
    return f"{base_url()}/login/oidc/callback"


@bp.route("/login/oidc")
@public
def login():  # noqa: ANN201
    """Off to the provider; the state, nonce and PKCE verifier wait in this
    browser's session for the callback."""
    try:
        return _client().authorize_redirect(_redirect_uri())
    except requests.RequestException:
        log.warning("OIDC discovery failed", exc_info=True)
        return _unreachable()


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@bp.route("/login/oidc/callback")
@public
@commits_on_get  # the provider sends the browser back with a GET
def callback():  # noqa: ANN201
    client = _client()
    try:
        token = client.authorize_access_token()
    except (AuthlibBaseError, JoseError) as error:
        log.warning("OIDC sign-in refused: %r", error)
        return _refused(_why(error))
    except requests.RequestException:
        log.warning("OIDC token exchange failed", exc_info=True)
        return _unreachable()
    claims = token.get("userinfo")
    if not claims:
        return _refused(_("The sign-in service did not say who you are (no ID token)."))
    try:
        person = identify(claims)
    except Refused as refusal:
        log.info("OIDC sign-in refused for %s: %s", claims.get("sub"), refusal.reason)
        return _refused(refusal.reason, 403)
    fresh_session()
    sessions.sign_in(person)
    end_session = client.load_server_metadata().get("end_session_endpoint")
    if end_session:
        session[SIGN_OUT_URL] = client.create_logout_url(
            post_logout_redirect_uri=f"{base_url()}/login",
            client_id=current_app.config["OIDC_CLIENT_ID"])["url"]
    return redirect(landing(person))


def _why(error: Exception) -> str:
    """What the refused page says: the person can only start again or ask their
    administrator, but the administrator needs to know which check failed."""
    if isinstance(error, MismatchingStateError):
        return _("This sign-in was already used or has expired. Start again.")
    if isinstance(error, AuthlibBaseError):
        if error.error == "access_denied":
            return _("Sign-in was cancelled at the sign-in service.")
        if error.error == "invalid_grant":
            return _("This sign-in was already used or has expired. Start again.")
        return _("The sign-in service refused the sign-in (%(error)s).", error=error.error)
    if isinstance(error, ExpiredTokenError):
        return _("The sign-in service's answer has expired. Start again, and if this "
                 "happens again ask your administrator to check the server's clock.")
    if isinstance(error, BadSignatureError):
        return _("The sign-in service's answer is not signed by the sign-in service.")
    # Authlib checks the audience as the authorized party (azp) must be
    # named when the client is not the audience.
    if isinstance(error, ClaimError) and error.claim in ("aud", "azp"):
        return _("The sign-in service's answer was issued for another application.")
    if isinstance(error, ClaimError) and error.claim == "nonce":
        return _("The sign-in service's answer belongs to another sign-in.")
    if isinstance(error, ClaimError) and error.claim == "iss":
        return _("The sign-in service's answer comes from another sign-in service.")
    return _("The sign-in service's answer could not be verified.")


def _refused(reason: str, status: int = 400):  # noqa: ANN202
    return render_template("identity/oidc_refused.html", reason=reason), status


def _unreachable():  # noqa: ANN202
    return _refused(_("The sign-in service cannot be reached. Try again later, or ask your "
                      "administrator."), 502)


def identify(claims: Mapping[str, Any]) -> User:
    """The person these verified ID-token claims sign in, linked or created as
    the configuration allows; Refused says why not."""
    config = current_app.config
    issuer, subject = claims["iss"], claims["sub"]
    link = db.session.scalar(select(OidcLink).where(OidcLink.issuer == issuer,
                                                    OidcLink.subject == subject))
    if link is not None:
        person = link.user
    else:
        email = claims.get("email")
        verified = claims.get(config["OIDC_EMAIL_VERIFIED_CLAIM"]) in (True, "true")
        if not email or not verified:
            raise Refused(_("The sign-in service did not confirm your e-mail address, so it "
                            "cannot be matched to an account. Ask your administrator."))
        person = people.find_by_email(email)
        if person is None:
            if not config["OIDC_JIT"]:
                raise Refused(_("There is no account for %(email)s. Ask your administrator "
                                "to add you.", email=email))
            person = _create(email, claims)
        elif db.session.scalar(select(OidcLink.id).where(OidcLink.user_id == person.id)):
            # The address moved to another identity at the provider (re-used
            # or re-assigned): the account stays with the one it was linked to.
            raise Refused(_("The account for %(email)s is linked to another identity at the "
                            "sign-in service. Ask your administrator.", email=email))
        db.session.add(OidcLink(user_id=person.id, issuer=issuer, subject=subject))
        db.session.flush()
    if not person.is_active:
        raise Refused(_("This account is deactivated. Ask your administrator."))
    return person


def _create(email: str, claims: Mapping[str, Any]) -> User:
    """Just-in-time creation: the group map's role and departments, staff in
    no department when no group is mapped; the administrators are told."""
    groups = claims.get(current_app.config["OIDC_GROUPS_CLAIM"]) or []
    if isinstance(groups, str):
        groups = [groups]
    grant = domain.grant_for(groups, current_app.extensions[_EXTENSION][1])
    name = (claims.get("name") or email.split("@")[0])[:120]
    try:
        department_ids = people.department_ids_for_codes(list(grant.departments))
        person = people.create_person(people.PersonData(
            email=email, name=name, role=grant.role.value, department_ids=department_ids),
            departments_later=True)
    except ValidationError as error:
        log.warning("OIDC just-in-time creation of %s refused: %s", email, error)
        raise Refused(_("Your account could not be created (%(problem)s). Ask your "
                        "administrator to check the group mapping.",
                        problem=_describe(error)))
    _tell_administrators(person)
    return person


def _describe(error: ValidationError) -> str:
    return "; ".join(translate(message) for messages in error.fields.values()
                     for message in messages)


NEW_ACCOUNT_KIND = "account_created"


def _tell_administrators(person: User) -> None:
    """An inbox entry for each administrator, in their own language."""
    admins = db.session.scalars(select(User).where(User.role == Role.ADMIN.value,
                                                   User.active.is_(True))).all()
    for admin in admins:
        with force_locale(admin.language):
            subject = _("%(name)s (%(email)s) signed in for the first time and was given an "
                        "account: %(role)s, %(departments)s. Check the role and departments "
                        "on the people page.", name=person.name, email=person.email,
                        role=str(labels.ROLE[person.role]),
                        departments=", ".join(d.name for d in person.departments)
                        or _("no department"))
        notifications.post_message(admin, NEW_ACCOUNT_KIND, f"oidc-new:{person.id}:{admin.id}",
                                   subject)
