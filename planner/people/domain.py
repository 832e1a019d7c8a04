"""Rules about people that need no database."""
from __future__ import annotations

from datetime import datetime, timedelta

from planner.core.errors import N_, Message

PASSWORD_MIN_LENGTH = 10
LANGUAGES: tuple[str, ...] = ("ja", "en")
# A person's own hours a month for registered recurring work (a part-timer's
# 20): at least an hour, at most every hour of the longest month.
CAPACITY_MIN, CAPACITY_MAX = 1, 31 * 24


# The most common passwords of ten characters or more in public breach lists,
# and the obvious ones for this product: NIST SP 800-63B asks for such a check.
COMMON_PASSWORDS = frozenset({
    "1234567890", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc", "abcdefghij",
    "password12", "password123", "password1234", "passw0rd123", "qwertyuiop", "qwerty1234",
    "iloveyou12", "0123456789", "9876543210", "1111111111", "0000000000", "aaaaaaaaaa",
    "administrator", "welcome123", "letmein123", "changeme123", "superman123", "football123",
    "backoffice", "backoffice1", "payroll123", "kyuyo12345", "keiri12345",
})


def check_password(password: str, email: str = "", name: str = "") -> Message | None:
    """Length, as NIST SP 800-63B advises, rather than composition rules; and
    not a common password, nor the person's own address or name."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return N_("Use at least %(min)d characters.", min=PASSWORD_MIN_LENGTH)
    if len(password) > 256:
        return N_("Use at most %(max)d characters.", max=256)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return N_("This password is too common or too easy to guess; choose another.")
    personal = [email.lower(), email.split("@")[0].lower(),
                name.replace(" ", "").replace("　", "").lower()]
    if any(part and len(part) >= 4 and part in lowered for part in personal):
        return N_("Do not use your e-mail address or name in the password.")
    return None


def session_holds(created_at: datetime, last_seen_at: datetime, ended_at: datetime | None,
                  now: datetime, lifetime: timedelta, idle: timedelta) -> bool:
    """A browser session holds until it is ended, for `lifetime` from sign-in
    however busy it is (never extended), and while it is used at least once
    every `idle`."""
    return ended_at is None and now - created_at < lifetime and now - last_seen_at < idle
