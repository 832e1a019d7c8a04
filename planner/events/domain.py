"""Deadlines counted from an event (a hire, a leaving, a bonus…) and the steps an
event type opens. Pure: the calendars are passed in.

The law counts periods as the Civil Code says (民法第138条: unless a law says
otherwise): the first day is not counted when the period starts during a day
(第140条), a period ends at the end of its last day (第141条), and months follow
the calendar (第143条). A deadline set by law that falls on a day the
authorities are closed moves to the next day they open (行政機関の休日に関する
法律第2条; 国税通則法第10条第2項 and 地方税法第20条の5第2項 for taxes); the
company's own targets never move.
"""
from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.calendar.domain import BusinessCalendar
from planner.core.errors import N_, Message

KINDS: tuple[str, ...] = ("within_days", "day_of_next_month", "within_months",
                          "business_days_before")
# What an employee must be for a step to apply; None: every employee.
CONDITIONS: tuple[str | None, ...] = (None, "health_pension_insured",
                                      "employment_insurance_insured")
DEPARTMENTS: tuple[str, ...] = ("payroll", "accounting", "hr", "general")
# Where a type or step comes from: the shipped file, the file changed by an
# administrator, or an administrator's own.
ORIGINS: tuple[str, ...] = ("shipped", "edited", "own")
# Keys end up in URLs, the API and tasks.event_step ("TYPE:KEY"), so they stay plain.
KEY_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?")


@dataclass(frozen=True)
class RelativeDeadline:
    """When a step is due, counted from its event's date.

    within_days: n days after the event; the event's day is not counted unless
        counts_event_day (then the event's day is the first of the n; 0 days is
        the event's own day).
    day_of_next_month: day `day` of the month after the event's (`n` months
        after it when n > 1); a day the month lacks is its last day.
    within_months: n months, the Civil Code's way (第143条).
    business_days_before: n company business days before the event (work
        that must be ready for it, such as a payday); never statutory.
    """

    kind: str
    n: int = 0
    day: int | None = None
    counts_event_day: bool = False
    statutory: bool = True


# How the shipped file's research notes begin where no authority page was found.
NO_AUTHORITY_PAGE = "no authority page found"


@dataclass(frozen=True)
class StepTemplate:
    key: str
    title_ja: str
    title_en: str
    legal_basis_ja: str
    legal_basis_en: str
    department: str
    category: str
    effort_minutes: int
    deadline: RelativeDeadline
    when: str | None
    source: str
    url: str
    seen_on: date | None
    origin: str = "shipped"

    @property
    def source_searched_in_vain(self) -> bool:
        """A legal deadline whose authority page was searched for and not
        found: `source` then holds the searches made (the shipped file's
        "no authority page found:" notes), not the authority's words."""
        return not self.url and self.source.startswith(NO_AUTHORITY_PAGE)


@dataclass(frozen=True)
class EventType:
    key: str
    title_ja: str
    title_en: str
    steps: tuple[StepTemplate, ...]
    origin: str = "shipped"
    # Put away: no new events of it; the events already recorded keep their title.
    archived: bool = False

    def step(self, key: str) -> StepTemplate | None:
        return next((step for step in self.steps if step.key == key), None)


@dataclass(frozen=True)
class TypeSetting:
    """An administrator's own event type, or their titles for a shipped one."""

    key: str
    title_ja: str
    title_en: str
    archived: bool = False


@dataclass(frozen=True)
class StepSetting:
    """An administrator's own step (`position` orders it after the shipped
    ones), or their version of a shipped step; `disabled`: no longer opened."""

    type_key: str
    step: StepTemplate
    position: int = 0
    disabled: bool = False


@dataclass(frozen=True)
class EmployeeFacts:
    """What an event's steps depend on about the employee."""

    health_pension_insured: bool = True
    employment_insurance_insured: bool = True


def rule_problems(rule: RelativeDeadline) -> list[str]:
    """What is wrong with a rule (empty when nothing): the data file is
    checked with this at start-up."""
    problems = []
    if rule.kind not in KINDS:
        return [f"unknown kind {rule.kind!r} (one of {', '.join(KINDS)})"]
    if rule.n < 0:
        problems.append("n counts from 0")
    if rule.kind == "within_days" and rule.counts_event_day and rule.n < 1:
        problems.append("a period that counts the event's day lasts at least 1 day")
    if rule.kind == "within_months" and rule.n < 1:
        problems.append("within_months needs n of 1 or more")
    if rule.kind == "day_of_next_month":
        if rule.day is None or not 1 <= rule.day <= 31:
            problems.append("day_of_next_month needs a day from 1 to 31")
    elif rule.day is not None:
        problems.append(f"{rule.kind} takes no day")
    if rule.kind == "business_days_before" and rule.statutory:
        problems.append("business_days_before is a company target, not statutory")
    return problems


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _day_or_month_end(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, _calendar.monthrange(year, month)[1]))


def unshifted_due_date(rule: RelativeDeadline, event: date,
                       company_calendar: BusinessCalendar) -> date:
    """The last day of the period, before any move off a closed day."""
    if rule.kind == "within_days":
        # 民法第140条: the period starts the day after the event, so n days end
        # n days later; when the event's day counts, it is the first of them.
        return event + timedelta(days=rule.n - 1 if rule.counts_event_day else rule.n)
    if rule.kind == "day_of_next_month":
        if rule.day is None:
            raise ValueError("day_of_next_month needs a day")
        year, month = _add_months(event.year, event.month, max(rule.n, 1))
        return _day_or_month_end(year, month, rule.day)
    if rule.kind == "within_months":
        # 民法第143条第2項: the period ends the day before the day of the last
        # month that answers to its first day (the day after the event, 第140条),
        # or at the end of that month when it has no such day. Counted from the
        # first of a month, that is the last month's end either way.
        start = event if rule.counts_event_day else event + timedelta(days=1)
        year, month = _add_months(start.year, start.month, rule.n)
        if start.day > _calendar.monthrange(year, month)[1]:
            return _day_or_month_end(year, month, start.day)
        return date(year, month, start.day) - timedelta(days=1)
    if rule.kind == "business_days_before":
        return company_calendar.add_business_days(event, -rule.n)
    raise ValueError(f"unknown deadline kind {rule.kind!r}")


def due_date(rule: RelativeDeadline, event: date, statutory_calendar: BusinessCalendar,
             company_calendar: BusinessCalendar) -> date:
    """The step's due date: a statutory one moved to the authorities' next
    open day when it falls on a day they are closed; an internal one as it is."""
    day = unshifted_due_date(rule, event, company_calendar)
    # Business days before an event are the company's own count whatever the flag says: the
    # authorities' calendar has no say in when a payday's work must be ready.
    if rule.statutory and rule.kind != "business_days_before":
        return statutory_calendar.shift(day, "next")
    return day


def applies(step: StepTemplate, facts: EmployeeFacts) -> bool:
    """Whether the step concerns this employee (no employment-insurance
    filing for someone not enrolled)."""
    if step.when is None:
        return True
    return bool(getattr(facts, step.when))


def plan(event_type: EventType, event_date: date, facts: EmployeeFacts,
         statutory_calendar: BusinessCalendar,
         company_calendar: BusinessCalendar) -> list[tuple[StepTemplate, date]]:
    """The steps that apply to the employee with their due dates, in the
    event type's order."""
    return [(step, due_date(step.deadline, event_date, statutory_calendar, company_calendar))
            for step in event_type.steps if applies(step, facts)]


def with_settings(shipped: list[EventType], types: list[TypeSetting],
                  steps: list[StepSetting]) -> list[EventType]:
    """The event types in force: the shipped ones as the administrators
    changed them, then their own types (in the order given). A shipped step
    keeps its place when edited; own steps follow the shipped ones."""
    type_settings = {setting.key: setting for setting in types}
    step_settings: dict[str, dict[str, StepSetting]] = {}
    for setting in steps:
        step_settings.setdefault(setting.type_key, {})[setting.step.key] = setting

    def steps_of(type_key: str, base: tuple[StepTemplate, ...]) -> tuple[StepTemplate, ...]:
        settings = step_settings.get(type_key, {})
        kept = []
        for step in base:
            setting = settings.get(step.key)
            if setting is None:
                kept.append(step)
            elif not setting.disabled:
                kept.append(replace(setting.step, origin="edited"))
        base_keys = {step.key for step in base}
        own = sorted((s for s in settings.values() if s.step.key not in base_keys
                      and not s.disabled), key=lambda s: (s.position, s.step.key))
        return (*kept, *(replace(s.step, origin="own") for s in own))

    found = []
    for event_type in shipped:
        setting = type_settings.get(event_type.key)
        changed = setting is not None or event_type.key in step_settings
        found.append(replace(
            event_type, steps=steps_of(event_type.key, event_type.steps),
            title_ja=setting.title_ja if setting else event_type.title_ja,
            title_en=setting.title_en if setting else event_type.title_en,
            archived=setting.archived if setting else False,
            origin="edited" if changed else "shipped"))
    shipped_keys = {event_type.key for event_type in shipped}
    for setting in types:
        if setting.key not in shipped_keys:
            found.append(EventType(key=setting.key, title_ja=setting.title_ja,
                                   title_en=setting.title_en, steps=steps_of(setting.key, ()),
                                   origin="own", archived=setting.archived))
    return found


def step_problems(step: StepTemplate) -> dict[str, list[Message]]:
    """What an administrator must fix in a step before it can be saved, by field."""
    errors: dict[str, list[Message]] = {}

    def add(name: str, message: Message) -> None:
        errors.setdefault(name, []).append(message)

    if not KEY_PATTERN.fullmatch(step.key):
        add("key", N_("Use 1 to 40 lower-case letters, digits, hyphens or underscores, "
                      "starting and ending with a letter or digit."))
    for name in ("title_ja", "title_en"):
        if not getattr(step, name).strip():
            add(name, N_("Enter a title."))
    if step.effort_minutes < 1:
        add("effort_minutes", N_("Enter the minutes one occurrence takes (1 or more)."))
    if step.when not in CONDITIONS:
        add("when", N_("Choose who the step applies to."))
    rule = step.deadline
    if rule.kind not in KINDS:
        add("deadline_kind", N_("Choose how the deadline is counted."))
    else:
        if rule.n < 0:
            add("deadline_n", N_("Enter 0 or more."))
        if rule.kind == "within_days" and rule.counts_event_day and rule.n < 1:
            add("deadline_n", N_("A period that counts the event's day lasts at least 1 day."))
        if rule.kind == "within_months" and rule.n < 1:
            add("deadline_n", N_("Enter 1 month or more."))
        if rule.kind == "day_of_next_month" and (rule.day is None or not 1 <= rule.day <= 31):
            add("deadline_day", N_("Enter a day of the month from 1 to 31."))
        if rule.kind == "business_days_before" and rule.statutory:
            add("statutory", N_("Business days before the event are the company's own target: "
                                "a law's deadline is counted after the event."))
    if rule.statutory and not step.source.strip():
        add("source", N_("Say where the law sets this deadline (the authority's page or the "
                         "article), so that others can check it."))
    if step.url and not step.url.startswith(("https://", "http://")):
        add("url", N_("Enter an address starting with https:// or http://."))
    return errors
