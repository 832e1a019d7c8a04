"""`planner calendar ...`: the company's closures from the command line, through
the same operations as the calendar page (due dates follow at once)."""
from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from planner.calendar import operations as calendar_service
from planner.core.transaction import command_transaction

_ISO_DATE = click.DateTime(["%Y-%m-%d"])


@click.group("calendar")
def calendar_group() -> None:
    """The company's calendar: closures (weekend days are on the calendar page)."""


@calendar_group.group("closures")
def closures_group() -> None:
    """Days the company is closed; due dates on them move as each task says."""


@closures_group.command("add")
@click.argument("start", metavar="FROM", type=_ISO_DATE)
@click.argument("end", metavar="[TO]", type=_ISO_DATE, required=False)
@click.option("--name", required=True, help="What the closure is, e.g. 夏季休業.")
@click.option("--yearly", is_flag=True,
              help="Every year on these days (the years are ignored; may span the new year).")
@with_appcontext
@command_transaction
def add_command(start: datetime, end: datetime | None, name: str, yearly: bool) -> None:
    """Close the company from FROM to TO (ISO dates, both included; TO defaults to FROM)."""

    closure = calendar_service.add_closed_day(name, start.date(), (end or start).date(), yearly)
    click.echo(f"added {_line(closure)}")


@closures_group.command("list")
@with_appcontext
@command_transaction
def list_command() -> None:
    """One closure a line: id, from, to, name, yearly or once (tab-separated)."""

    for closure in calendar_service.list_closed_days():
        click.echo(_line(closure))


@closures_group.command("remove")
@click.argument("closure_id", metavar="ID", type=click.IntRange(min=1))
@with_appcontext
@command_transaction
def remove_command(closure_id: int) -> None:
    """Remove the closure ID (from `planner calendar closures list`)."""

    calendar_service.remove_closed_day(closure_id)
    click.echo(f"removed {closure_id}")


def _line(closure) -> str:  # noqa: ANN001 - a ClosedDay
    kind = "yearly" if closure.yearly else "once"
    return (f"{closure.id}\t{closure.start_date.isoformat()}\t{closure.end_date.isoformat()}"
            f"\t{closure.name}\t{kind}")
