"""The optional second sign-in factor (TOTP, RFC 6238, with pyotp) for
managers and administrators: an authenticator app's six-digit code."""
from __future__ import annotations

import time

import pyotp

from planner.core.errors import N_, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.people.models.user import User

ISSUER = "Back-office planner"
STEP_SECONDS = 30


def offered_to(person: User) -> bool:
    # Whoever reads beyond their own work: an auditor reads every department.
    return Role(person.role).may_read(Role.MANAGER)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(person: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads (typed or scanned)."""
    return pyotp.TOTP(secret).provisioning_uri(name=person.email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step the code belongs to: this one, or one either side for a
    clock a little off."""
    code = "".join(code.split())
    current = int(now // STEP_SECONDS)
    totp = pyotp.TOTP(secret)
    for step in (current, current - 1, current + 1):
        if code and totp.at(step * STEP_SECONDS) == code:
            return step
    return None


def verify(person: User, code: str, now: float | None = None) -> bool:
    """True once per code: a code already used (even within its 30 seconds) is refused."""
    if not person.totp_secret:
        return False
    step = _matching_step(person.totp_secret, code, now or time.time())
    if step is None or (person.totp_last_step is not None and step <= person.totp_last_step):
        return False
    person.totp_last_step = step
    db.session.flush()
    return True


def enable(person: User, secret: str, code: str, now: float | None = None) -> None:
    """Turn it on once the app shows a correct code for the new secret."""
    if not offered_to(person):
        raise ValidationError.single("code", N_("Two-step sign-in is for managers and "
                                                "administrators."))
    step = _matching_step(secret, code, now or time.time())
    if step is None:
        raise ValidationError.single("code", N_("This code is not correct. Check the time on "
                                                "your phone and enter the current code."))
    person.totp_secret, person.totp_last_step = secret, step
    db.session.flush()


def disable(person: User, code: str) -> None:
    if not verify(person, code):
        raise ValidationError.single("code", N_("This code is not correct."))
    person.totp_secret, person.totp_last_step = None, None
    db.session.flush()
