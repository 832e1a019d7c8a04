"""When a task falls due: an RFC 5545 RRULE (python-dateutil), or the Nth
business day of each month, or one date; each nominal date then shifted to a
business day as the task's rule says."""
from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice, takewhile

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from planner.calendar.domain import INTERNAL, SHIFTS, BusinessCalendar, Deadline
from planner.core.errors import N_, Message, ValidationError

# "event": a task that carries a step of an event type falls due when an
# event is recorded (its occurrences come from the event, not a rule).
KINDS: tuple[str, ...] = ("rrule", "business_day", "once", "event")
PRESETS: tuple[str, ...] = (
    "monthly_day", "month_end", "business_day", "weekly", "quarterly", "yearly", "once", "custom",
)
WEEKDAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_LEAD_DAYS = 180
RRULE_MAX = 500
# Rules that would yield an occurrence every minute are never back-office work.
_ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


class InvalidSchedule(ValidationError):
    pass


@dataclass(frozen=True)
class Schedule:
    kind: str
    dtstart: date
    rrule: str | None = None
    business_day: int | None = None
    once_date: date | None = None
    shift: str = "none"
    lead_days: tuple[int, ...] = field(default=(7, 1, 0))


@dataclass(frozen=True)
class Occurrence:
    nominal: date
    due: date


def _error(field_name: str, message: Message) -> InvalidSchedule:
    return InvalidSchedule({field_name: [message]})


def parse_rrule(text: str, dtstart: date) -> rrule:
    """An RRULE body (FREQ=...;...) as a dateutil rule starting at dtstart."""
    body = (text or "").strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if not body:
        raise _error("rrule", N_("Enter a recurrence rule."))
    if len(body) > RRULE_MAX or "\n" in body or "DTSTART" in body.upper():
        raise _error("rrule", N_("Enter one RRULE line, such as FREQ=MONTHLY;BYMONTHDAY=10."))
    freq = re.search(r"(?:^|;)FREQ=([A-Z]+)", body.upper())
    if freq is None:
        raise _error("rrule", N_("The rule needs FREQ, such as FREQ=MONTHLY."))
    if freq.group(1) not in _ALLOWED_FREQS:
        raise _error("rrule", N_("Use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."))
    if re.search(r"BY(HOUR|MINUTE|SECOND)=", body.upper()):
        raise _error("rrule", N_("Back-office rules count days: remove BYHOUR, BYMINUTE, BYSECOND."))
    if message := _impossible(body.upper()):
        raise _error("rrule", message)
    try:
        rule = rrulestr(body, dtstart=datetime(dtstart.year, dtstart.month, dtstart.day))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise _error("rrule", N_("This is not a valid RRULE: %(reason)s", reason=str(error)))
    if not isinstance(rule, rrule):
        raise _error("rrule", N_("Enter one RRULE line, such as FREQ=MONTHLY;BYMONTHDAY=10."))
    return rule


_MONTH_LENGTHS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31,
                  11: 30, 12: 31}


def _numbers(body: str, part: str) -> list[int] | None:
    match = re.search(rf"(?:^|;){part}=([-+0-9,]+)(?:;|$)", body)
    if match is None:
        return None
    try:
        return [int(v) for v in match.group(1).split(",") if v]
    except ValueError:
        return None


def _impossible(body: str) -> Message | None:
    """Catch days no month has (31 February, BYMONTHDAY=40): dateutil accepts
    them and would then search until the year 9999 for an occurrence."""
    month_days = _numbers(body, "BYMONTHDAY")
    months = _numbers(body, "BYMONTH") or list(_MONTH_LENGTHS)
    if any(not 1 <= m <= 12 for m in months):
        return N_("BYMONTH takes months from 1 to 12.")
    if month_days is None:
        return None
    if any(d == 0 or abs(d) > 31 for d in month_days):
        return N_("BYMONTHDAY takes days from 1 to 31, or -1 (the last day) to -31.")
    if not any(abs(d) <= _MONTH_LENGTHS[m] for d in month_days for m in months):
        return N_("No month has this day: the rule would never fall due.")
    return None


def validate(schedule: Schedule) -> None:
    if schedule.kind not in KINDS:
        raise _error("preset", N_("Unknown schedule."))
    if schedule.shift not in SHIFTS:
        raise _error("shift", N_("Unknown business-day shift."))
    if schedule.kind == "event":
        pass
    elif schedule.kind == "rrule":
        parse_rrule(schedule.rrule or "", schedule.dtstart)
    elif schedule.kind == "business_day":
        if schedule.business_day is None or not (1 <= abs(schedule.business_day) <= 23):
            raise _error("business_day",
                         N_("Count business days from 1 to 23, or from -1 (the last) to -23."))
    elif schedule.once_date is None:
        raise _error("once_date", N_("Enter the date."))
    if any(not 0 <= d <= MAX_LEAD_DAYS for d in schedule.lead_days):
        raise _error("lead_days", N_("Lead times are days from 0 to %(max)d.", max=MAX_LEAD_DAYS))


def nominal_dates(schedule: Schedule, calendar: BusinessCalendar, start: date,
                  end: date) -> Iterator[date]:
    """Nominal dates from `start` to `end` inclusive, never before dtstart."""
    start = max(start, schedule.dtstart)
    if start > end or schedule.kind == "event":
        return
    if schedule.kind == "once":
        if schedule.once_date and start <= schedule.once_date <= end:
            yield schedule.once_date
        return
    if schedule.kind == "business_day":
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            day = calendar.nth_business_day(year, month, schedule.business_day or 1)
            if day is not None and start <= day <= end:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return
    rule = _fast_forward(parse_rrule(schedule.rrule or "", schedule.dtstart), start)
    first = datetime(start.year, start.month, start.day)
    last = datetime(end.year, end.month, end.day)
    for moment in rule.xafter(first, inc=True):
        if moment > last:
            return
        yield moment.date()


# Rule parts that fix where in its period a rule falls; with any of them,
# dateutil derives nothing from DTSTART but the first period.
_POSITION_PARTS = frozenset({"byweekno", "byyearday", "bymonthday", "byweekday", "byeaster"})


def _fast_forward(rule: rrule, start: date) -> rrule:
    """The same rule, starting at the beginning of the period (year, month,
    week, day) that holds `start` rather than at DTSTART, when that cannot
    change the dates it yields: every period, no COUNT, and a position given.

    dateutil's xafter walks every occurrence from DTSTART to reach `start`:
    two years of a weekly rule for each task were 70% of materialising."""
    given = {key for key, value in rule._original_rule.items() if value is not None}
    if rule._count is not None or rule._interval != 1 or (
            rule._freq != DAILY and not given & _POSITION_PARTS):
        return rule
    if rule._freq == YEARLY:
        first = date(start.year, 1, 1)
    elif rule._freq == MONTHLY:
        first = start.replace(day=1)
    elif rule._freq == WEEKLY:
        first = start - timedelta(days=(start.weekday() - rule._wkst) % 7)
    else:
        first = start
    if first <= rule._dtstart.date():
        return rule
    return rule.replace(dtstart=datetime(first.year, first.month, first.day))


def due_date(schedule: Schedule, nominal: date, calendar: BusinessCalendar) -> date:
    if schedule.kind == "business_day":
        return nominal  # already a business day
    return calendar.shift(nominal, schedule.shift)


def occurrences(schedule: Schedule, calendar: BusinessCalendar, start: date,
                end: date) -> list[Occurrence]:
    return [Occurrence(n, due_date(schedule, n, calendar))
            for n in nominal_dates(schedule, calendar, start, end)]


@dataclass(frozen=True)
class Dated:
    """An occurrence with the date the company means to have it done by."""

    nominal: date
    due: date
    work_by: date


def dated_occurrences(schedule: Schedule, company: BusinessCalendar, start: date, end: date,
                      deadline: Deadline = INTERNAL) -> list[Dated]:
    """occurrences() with work-by dates: a statutory schedule's dates (its
    Nth business days too) are the authorities', whatever the company's
    calendar; its work-by dates are the company's."""
    return [Dated(o.nominal, o.due, deadline.work_by(o.due, company))
            for o in occurrences(schedule, deadline.calendar(company), start, end)]


def next_occurrences(schedule: Schedule, calendar: BusinessCalendar, start: date,
                     count: int) -> list[Occurrence]:
    """The next `count` occurrences from `start` (searching up to 50 years ahead)."""
    horizon = date(min(start.year + 50, 9999), 12, 31)
    nominal = islice(nominal_dates(schedule, calendar, start, horizon), count)
    return [Occurrence(n, due_date(schedule, n, calendar)) for n in nominal]


@dataclass(frozen=True)
class SkippedMonth:
    """A month a rule passes over because it has none of the rule's days."""
    year: int
    month: int
    day: int  # the first of the rule's days that the month lacks


def skipped_months(schedule: Schedule, start: date, end: date) -> list[SkippedMonth]:
    """The months from `start` to `end` that an RRULE skips for want of its
    day of the month (BYMONTHDAY=31 in April, 29 February outside leap
    years), as RFC 5545 says it must: the preview tells the user so."""
    if schedule.kind != "rrule" or start > end:
        return []
    rule = parse_rrule(schedule.rrule or "", schedule.dtstart)
    given = {key for key, value in rule._original_rule.items() if value is not None}
    days = rule._bymonthday  # given, or taken from DTSTART when no other part is
    if not days or rule._bynmonthday or given & {"byweekno", "byyearday", "byeaster"}:
        return []
    first = rule._dtstart.replace(day=1)
    # The same rule on the 1st: the months it visits, the day aside.
    visits = rule.replace(dtstart=first, bymonth=rule._bymonth, bymonthday=1, byweekday=None,
                          bysetpos=None, count=None)
    lower = datetime(start.year, start.month, 1)
    upper = datetime(end.year, end.month, end.day)
    visited = takewhile(lambda moment: moment <= upper, visits.xafter(lower, inc=True))
    return [SkippedMonth(moment.year, moment.month, min(days)) for moment in visited
            if min(days) > monthrange(moment.year, moment.month)[1]]


# --- Presets: what the task form offers, as (preset, parameters) <-> Schedule


@dataclass(frozen=True)
class PresetInput:
    preset: str
    day: int | None = None
    weekday: str | None = None
    month: int | None = None
    business_day: int | None = None
    once_date: date | None = None
    rrule: str | None = None


def schedule_from_preset(params: PresetInput, dtstart: date, shift: str = "none",
                         lead_days: tuple[int, ...] = (7, 1, 0)) -> Schedule:
    """The Schedule a form preset stands for; raises InvalidSchedule naming the field."""
    preset = params.preset

    def need_day() -> int:
        if params.day is None or not 1 <= params.day <= 31:
            raise _error("day", N_("Enter a day of the month from 1 to 31."))
        return params.day

    def need_month() -> int:
        if params.month is None or not 1 <= params.month <= 12:
            raise _error("month", N_("Enter a month from 1 to 12."))
        return params.month

    if preset == "monthly_day":
        rule = _day_rule(need_day(), None)
    elif preset == "month_end":
        rule = "FREQ=MONTHLY;BYMONTHDAY=-1"
    elif preset == "weekly":
        if params.weekday not in WEEKDAYS:
            raise _error("weekday", N_("Choose a weekday."))
        rule = f"FREQ=WEEKLY;BYDAY={params.weekday}"
    elif preset == "quarterly":
        first = need_month()
        rule = _day_rule(need_day(), _quarter(first))
    elif preset == "yearly":
        month, day = need_month(), need_day()
        if day > _MONTH_LENGTHS[month]:
            raise _error("day", N_("Month %(month)d has no day %(day)d.", month=month, day=day))
        rule = _day_rule(day, (month,))
    elif preset == "business_day":
        schedule = Schedule("business_day", dtstart, business_day=params.business_day,
                            shift="none", lead_days=lead_days)
        validate(schedule)
        return schedule
    elif preset == "once":
        schedule = Schedule("once", dtstart, once_date=params.once_date, shift=shift,
                            lead_days=lead_days)
        validate(schedule)
        return schedule
    elif preset == "custom":
        rule = (params.rrule or "").strip()
        if rule.upper().startswith("RRULE:"):
            rule = rule[6:]
    else:
        raise _error("preset", N_("Unknown schedule."))
    schedule = Schedule("rrule", dtstart, rrule=rule, shift=shift, lead_days=lead_days)
    validate(schedule)
    return schedule


# Shortest length of each month (February outside leap years).
_SHORTEST = {**_MONTH_LENGTHS, 2: 28}


def _day_rule(day: int, months: tuple[int, ...] | None) -> str:
    """The RRULE of a preset on `day` of each month (or of `months`). RFC 5545
    skips a month without that day (BYMONTHDAY=31 has no February); a preset
    means "or the month's last day", so a day some month lacks becomes the
    last of the days from the shortest month's end up to it (BYSETPOS=-1):
    31 → 28,29,30,31 (30 April, 28 or 29 February). A quarter is four months
    of a MONTHLY rule, because BYSETPOS picks once per period."""
    shortest = min(_SHORTEST[m] for m in months or _SHORTEST)
    if day <= shortest:
        days = str(day)
        freq = "MONTHLY" if months is None else "YEARLY"
    else:
        days = ",".join(str(d) for d in range(shortest, day + 1)) + ";BYSETPOS=-1"
        freq = "YEARLY" if months is not None and len(months) == 1 else "MONTHLY"
    by_month = "" if months is None else "BYMONTH=" + ",".join(map(str, months)) + ";"
    return f"FREQ={freq};{by_month}BYMONTHDAY={days}"


_DAYS = r"BYMONTHDAY=(?:\d+,)*(?P<day>\d+)(?:;BYSETPOS=-1)?"
_PATTERNS = (
    ("month_end", re.compile(r"^FREQ=MONTHLY;BYMONTHDAY=-1$")),
    ("monthly_day", re.compile(rf"^FREQ=MONTHLY;{_DAYS}$")),
    ("weekly", re.compile(r"^FREQ=WEEKLY;BYDAY=(?P<weekday>MO|TU|WE|TH|FR|SA|SU)$")),
    ("yearly", re.compile(rf"^FREQ=YEARLY;BYMONTH=(?P<month>\d+);{_DAYS}$")),
    ("quarterly", re.compile(
        rf"^FREQ=(?:YEARLY|MONTHLY);BYMONTH=(?P<month>\d+),\d+,\d+,\d+;{_DAYS}$")),
)


def _quarter(first: int) -> tuple[int, ...]:
    return tuple((first - 1 + 3 * i) % 12 + 1 for i in range(4))


def _rule_of(shown: PresetInput) -> str | None:
    """The text a day-of-month preset stores, or None for values it refuses."""
    day, month = shown.day or 0, shown.month or 0
    if not 1 <= day <= 31 or (shown.preset != "monthly_day" and not 1 <= month <= 12):
        return None
    if shown.preset == "monthly_day":
        return _day_rule(day, None)
    if shown.preset == "quarterly":
        return _day_rule(day, _quarter(month))
    return _day_rule(day, (month,)) if day <= _MONTH_LENGTHS[month] else None


def preset_of(schedule: Schedule) -> PresetInput:
    """The form preset that shows a schedule (custom when none fits).

    A rule is shown as a preset only when that preset would store exactly the
    same text again: BYMONTHDAY=31 saved before presets meant "or the last
    day" keeps RFC 5545's meaning (it skips short months), so it reads back as
    the custom rule it is, not as a preset that would change it on saving."""
    if schedule.kind == "business_day":
        return PresetInput("business_day", business_day=schedule.business_day)
    if schedule.kind == "once":
        return PresetInput("once", once_date=schedule.once_date)
    if schedule.kind == "event":
        return PresetInput("event")
    text = (schedule.rrule or "").upper()
    for preset, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        values = match.groupdict()
        shown = PresetInput(
            preset,
            day=int(values["day"]) if values.get("day") else None,
            weekday=values.get("weekday"),
            month=int(values["month"]) if values.get("month") else None,
            rrule=schedule.rrule,
        )
        if preset in ("month_end", "weekly") or _rule_of(shown) == text:
            return shown
    return PresetInput("custom", rrule=schedule.rrule)
