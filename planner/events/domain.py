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
from dataclasses import dataclass
from datetime import date, timedelta

from planner.calendar.domain import BusinessCalendar

KINDS: tuple[str, ...] = ("within_days", "day_of_next_month", "within_months",
                          "business_days_before")
# What an employee must be for a step to apply; None: every employee.
CONDITIONS: tuple[str | None, ...] = (None, "health_pension_insured",
                                      "employment_insurance_insured")
DEPARTMENTS: tuple[str, ...] = ("payroll", "accounting", "hr", "general")


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


@dataclass(frozen=True)
class EventType:
    key: str
    title_ja: str
    title_en: str
    steps: tuple[StepTemplate, ...]


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
