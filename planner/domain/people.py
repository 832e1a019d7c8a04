"""Rules about people that need no database."""
from __future__ import annotations

from planner.domain.errors import N_, Message

PASSWORD_MIN_LENGTH = 10
LANGUAGES: tuple[str, ...] = ("ja", "en")


def check_password(password: str) -> Message | None:
    """A length rule, as NIST SP 800-63B advises, rather than composition rules."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return N_("Use at least %(min)d characters.", min=PASSWORD_MIN_LENGTH)
    if len(password) > 256:
        return N_("Use at most %(max)d characters.", max=256)
    return None
