"""A schedule in words, for pages and documents (a template global)."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from planner.calendar.recurrence import Schedule, SkippedMonth, preset_of
from planner.core import labels


def init_app(app: Flask) -> None:
    app.jinja_env.globals["describe_schedule"] = describe_schedule


def describe_schedule(schedule: Schedule) -> str:
    """The schedule in words, in the user's language."""
    shown = preset_of(schedule)
    if schedule.kind == "once" and schedule.once_date is None:
        return _("No schedule yet.")
    texts = {
        "monthly_day": lambda: _("Monthly on day %(day)d", day=shown.day),
        "month_end": lambda: _("Monthly at month end"),
        "business_day": lambda: (
            _("Monthly on business day %(n)d", n=shown.business_day) if shown.business_day > 0
            else _("Monthly on the last business day") if shown.business_day == -1
            else _("Monthly, %(n)d business days before the month's last",
                   n=-shown.business_day - 1)),
        "weekly": lambda: _("Weekly on %(weekday)s", weekday=labels.WEEKDAY[shown.weekday]),
        "quarterly": lambda: _("Quarterly on day %(day)d from month %(month)d",
                               day=shown.day, month=shown.month),
        "yearly": lambda: _("Yearly on %(month)d/%(day)d", month=shown.month, day=shown.day),
        "once": lambda: _("Once"),
        "event": lambda: _("When an event is recorded"),
        "custom": lambda: _("RRULE %(rule)s", rule=schedule.rrule),
    }
    text = texts[shown.preset]()
    if shown.preset in ("monthly_day", "quarterly", "yearly") and "BYSETPOS" in (
            schedule.rrule or "").upper():
        text += _(" (the month's last day when it has no day %(day)d)", day=shown.day)
    if schedule.kind != "business_day" and schedule.shift != "none":
        text += _("; when not a business day: %(shift)s", shift=labels.SHIFT[schedule.shift])
    return text


def skip_note(skip: SkippedMonth) -> str:
    """A month the rule skips, said plainly: RFC 5545 passes over a month
    without the rule's day, and whoever typed BYMONTHDAY=31 may not expect
    February to be missing."""
    return _("%(year)d/%(month)d has no day %(day)d, so this month is skipped.",
             year=skip.year, month=skip.month, day=skip.day)
