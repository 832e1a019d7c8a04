"""`planner events ...`: the steps an event would open, from the command line."""
from __future__ import annotations

import re
from datetime import date
from typing import NoReturn

import click
from flask.cli import with_appcontext

from planner.calendar.domain import STATUTORY_CALENDAR
from planner.calendar.operations import load_calendar
from planner.core import dates
from planner.core.transaction import command_transaction
from planner.events.domain import EmployeeFacts, plan
from planner.events.event_types import event_type, event_types

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@click.group("events")
def events_group() -> None:
    """Events (a hire, a leaving, a bonus…) and the steps they open."""


@events_group.command("preview")
@click.argument("type_key", metavar="TYPE")
@click.argument("day", metavar="DATE")
@click.option("--employee-insured", type=click.Choice(["yes", "no"]), default="yes",
              show_default=True,
              help="no: the employee is in neither health/pension nor employment insurance, "
                   "so those steps are left out.")
@with_appcontext
@command_transaction
def preview_command(type_key: str, day: str, employee_insured: str) -> None:
    """Print the steps an event of TYPE on DATE (ISO, YYYY-MM-DD) would open.

    One step a line, tab-separated: its key, its title in Japanese, then its due date (ISO)
    last. Statutory deadlines are moved off the authorities' days off; steps before the
    event count the company's business days.
    """

    found = event_type(type_key)
    event_date = _date(day)
    if found is None:
        known = ", ".join(each.key for each in event_types())
        _fail(f"unknown event type {type_key!r} (one of {known})")
    if event_date is None:
        _fail(f"bad date {day!r}: give an ISO date such as 2027-04-01")
    insured = employee_insured == "yes"
    facts = EmployeeFacts(health_pension_insured=insured, employment_insurance_insured=insured)
    for step, due in plan(found, event_date, facts, STATUTORY_CALENDAR, load_calendar()):
        click.echo(f"{step.key}\t{step.title_ja}\t{due.isoformat()}")


def _date(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    return parsed if dates.in_range(parsed) else None


def _fail(message: str) -> NoReturn:
    # Bad input, not bad usage: exit status 1 with the message on stderr (2 stays usage's).
    raise click.ClickException(message)
