"""When reminders go out: pure rules over the business calendar and a clock."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.calendar.domain import BusinessCalendar

REMINDER = "reminder"
OVERDUE = "overdue"
ESCALATION = "escalation"
AT_RISK = "at_risk"
DIGEST = "digest"
# Prepared work (sign-off): its possible reviewers on the review date; the
# managers when it is still unchecked after its due date.
REVIEW = "review"
REVIEW_ESCALATION = "review_escalation"
REVIEW_KINDS: tuple[str, ...] = (REVIEW, REVIEW_ESCALATION)
KINDS: tuple[str, ...] = (REMINDER, OVERDUE, ESCALATION, AT_RISK, DIGEST, *REVIEW_KINDS)
CHANNELS: tuple[str, ...] = ("email", "inbox", "webhook")


def sending_day(day: date, calendar: BusinessCalendar) -> date:
    """A reminder that would fall on a weekend, holiday or closed day goes out
    on the business day before."""
    return calendar.shift(day, "previous")


def at_hour(day: date, hour: int, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone)


def reminder_time(due: date, lead_days: int, calendar: BusinessCalendar, hour: int,
                  timezone: ZoneInfo) -> datetime:
    """The moment a reminder `lead_days` before `due` is sent."""
    return at_hour(sending_day(due - timedelta(days=lead_days), calendar), hour, timezone)


def escalation_time(due: date, business_days: int, calendar: BusinessCalendar, hour: int,
                    timezone: ZoneInfo) -> datetime:
    """Managers hear of an occurrence still open `business_days` after its due date."""
    return at_hour(calendar.add_business_days(due, business_days), hour, timezone)


def next_sending_time(now: datetime, calendar: BusinessCalendar, hour: int,
                      timezone: ZoneInfo) -> datetime:
    """The next business day's sending hour at or after `now` (digests)."""
    local = now.astimezone(timezone)
    day = local.date()
    if local.time() > time(hour):
        day += timedelta(days=1)
    while not calendar.is_business_day(day):
        day += timedelta(days=1)
    return at_hour(day, hour, timezone)


def backoff(attempt: int, base_seconds: float = 60.0, cap_seconds: float = 3600.0,
            rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with "equal jitter": half of base × 2^(attempt−1)
    (capped) plus a random share of the other half, so retries spread out but
    never come back at once."""
    ceiling = min(cap_seconds, base_seconds * (2 ** max(0, attempt - 1)))
    chooser = rng or random
    return timedelta(seconds=ceiling / 2 + chooser.uniform(0, ceiling / 2))


def is_late(due: date, today: date) -> bool:
    """A reminder for a deadline already past is not sent as if on time."""
    return due < today


def lease_problems(lease_seconds: float, smtp_timeout: float, margin_seconds: float,
                   batch: int) -> list[str]:
    """What is wrong with the outbox's timing settings, in words an operator
    can act on; empty when they are sound.

    A dispatcher renews its claim on a row right before handing it to the
    relay, and the send is cut off SMTP_TIMEOUT after that renewal, so another
    dispatcher may take the row over only once the send has ended: the lease
    must cover the timeout plus a margin (clock skew between hosts, the cut
    itself). Otherwise a slow send still running when the lease ends would go
    out a second time from the dispatcher that took the row over."""
    problems = []
    if smtp_timeout <= 0:
        problems.append(f"SMTP_TIMEOUT must be more than 0 seconds (it is {smtp_timeout:g})")
    if margin_seconds < 0:
        problems.append(f"DISPATCH_LEASE_MARGIN_SECONDS must not be negative "
                        f"(it is {margin_seconds:g})")
    if batch < 1:
        problems.append(f"DISPATCH_BATCH must be at least 1 (it is {batch})")
    needed = smtp_timeout + max(margin_seconds, 0)
    if lease_seconds < needed:
        problems.append(
            f"DISPATCH_LEASE_SECONDS ({lease_seconds:g}) must be at least SMTP_TIMEOUT "
            f"({smtp_timeout:g}) + DISPATCH_LEASE_MARGIN_SECONDS ({margin_seconds:g}) = "
            f"{needed:g}: a send still running when its lease ran out would be sent again "
            f"by the dispatcher that takes the row over")
    return problems


# Why a send failed, read from the error the channel raised (kept whole for
# the log and the administrator's tooltip): the first reason whose words the
# error contains. The dispatcher writes "<exception class>: <message>"
# (mailer.py), so rows failed before a reason was known are read the same.
FAILURE_REASONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("timeout", ("did not take the message within", "no time left", "timed out",
                 "TimeoutError")),
    ("refused", ("ConnectionRefusedError", "Connection refused")),
    ("unknown_host", ("gaierror", "Name or service not known", "nodename nor servname",
                      "getaddrinfo failed")),
    ("authentication", ("SMTPAuthenticationError", "SMTPNotSupportedError")),
    ("recipient", ("SMTPRecipientsRefused",)),
    ("sender", ("SMTPSenderRefused",)),
    ("tls", ("SSLError", "SSLCertVerificationError", "STARTTLS")),
    ("disconnected", ("SMTPServerDisconnected", "ConnectionResetError", "BrokenPipeError")),
    ("webhook_status", ("webhook answered",)),
    ("webhook_missing", ("has no webhook",)),
)


def failure_reason(error: str) -> str | None:
    """The reason key of a stored send error ("other" when none fits), or None
    when there is no error."""
    if not error.strip():
        return None
    for reason, words in FAILURE_REASONS:
        if any(word in error for word in words):
            return reason
    return "other"
