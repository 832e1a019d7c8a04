"""The `planner` command: a Flask CLI group that needs no FLASK_APP."""
from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.util import CommandError
from flask import Flask, current_app, g
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_migrate.cli import db as migrate_group
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.serving import run_simple

from planner import create_app, jobs
from planner.calendar.cli import calendar_group
from planner.calendar.domain import STATUTORY_CALENDAR
from planner.calendar.operations import load_calendar
from planner.calendar.recurrence import Schedule, next_occurrences, skipped_months, validate
from planner.calendar.wording import skip_note
from planner.core.clock import org_today
from planner.core.db import database_unavailable
from planner.core.i18n import translate
from planner.core.labels import describe_suggestion
from planner.core.migration_archive import DataWouldBeLost
from planner.core.roles import ROLES
from planner.core.sheets import csv_of, write_workbook
from planner.core.transaction import abandon, command_transaction
from planner.core.urls import served_url
from planner.costing import exports as costing_exports
from planner.costing import suggestions
from planner.demo import loader as demo
from planner.events.cli import events_group
from planner.identity.cli import scim_tokens_group
from planner.identity.provisioning import ScimSettingsError
from planner.notifications import dev_mailbox
from planner.notifications.leases import DispatchSettingsError
from planner.notifications.operations import (
    OutcomeNotRecorded,
    dispatch_once,
    dispatch_until_empty,
    plan,
)
from planner.people import operations as users
from planner.people import tokens
from planner.serving import PlannerRequestHandler
from planner.tasks.operations import departments_for
from planner.transfer import backup, exports, imports


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, envvar="PORT", show_default=True, type=int)
@click.option("--scheduler/--no-scheduler", default=True, show_default=True,
              help="Run the periodic jobs inside this process.")
@click.option("--debug", is_flag=True, help="Reload on code changes, show tracebacks.")
@with_appcontext
def run_command(host: str, port: int, scheduler: bool, debug: bool) -> None:
    """Serve the app for development, with the scheduler inside."""

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    app.debug = debug
    # Links in e-mails and feeds follow the port served on (core/urls.py).
    app.config["PLANNER_SERVED_URL"] = served_url(host, port)
    serving = not debug or os.environ.get("WERKZEUG_RUN_MAIN") == "true"
    if serving and dev_mailbox.enabled(app):
        dev_mailbox.start(app)
    if scheduler:
        jobs.start_in_process(app, dispatch_first=dev_mailbox.enabled(app))
    # Flask's app.run() refuses to run inside its own CLI; run_simple is what it calls.
    run_simple(host, port, app, use_reloader=debug, use_debugger=debug, threaded=True,
               request_handler=PlannerRequestHandler)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the periodic jobs alone (production: beside gunicorn)."""

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    click.echo(f"scheduler: {len(jobs.JOBS)} jobs", err=True)
    jobs.build_scheduler(app, blocking=True).start()


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when people already exist.")
@with_appcontext
@command_transaction
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo back office (4 departments, 25 people, ~60 tasks)."""

    if if_empty and not demo.database_is_empty():
        click.echo("The database already has data; demo not loaded.", err=True)
        return
    summary = demo.seed_demo()
    click.echo(f"Demo loaded: {summary}")


@click.group("users")
def users_group() -> None:
    """People and accounts."""

@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="staff",
              show_default=True)
@click.option("--department", "departments", multiple=True, metavar="CODE",
              help="Department code; repeat for several.")
@click.option("--language", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--access-until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The last day the person may sign in (YYYY-MM-DD), e.g. an auditor's.")
@with_appcontext
@command_transaction
def create_user_command(email: str, name: str, role: str, departments: tuple[str, ...],
                        language: str, access_until: datetime | None) -> None:
    """Create a person. The password is read from standard input or prompted."""

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    data = users.PersonData(email=email, name=name, role=role, language=language,
                            department_ids=users.department_ids_for_codes(list(departments)),
                            access_until=access_until.date() if access_until else None)
    person = users.create_person(data, password)
    click.echo(f"Created {person.email} ({person.role}).")


@click.group("tokens")
def tokens_group() -> None:
    """API tokens."""

@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@with_appcontext
@command_transaction
def create_token_command(email: str, name: str) -> None:
    """Create an API token for EMAIL and print it once."""

    person = users.find_by_email(email)
    if person is None or not person.active:
        raise click.ClickException(f"No active person with e-mail {email}.")
    _, plaintext = tokens.create_token(person, name)
    click.echo(plaintext)


@click.command("preview-dates")
@click.option("--rrule", help="An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYMONTHDAY=10.")
@click.option("--business-day", type=int,
              help="Monthly on the Nth business day (1 first, -1 last).")
@click.option("--shift", type=click.Choice(["none", "previous", "next"]), default="none",
              show_default=True, help="Move a date that is not a business day.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="DTSTART of the rule (default: today).")
@click.option("--count", type=click.IntRange(1, 1000), default=12, show_default=True)
@click.option("--calendar", "which", type=click.Choice(["company", "statutory"]),
              default="company", show_default=True,
              help="statutory: the authorities' calendar that moves legal deadlines "
                   "(weekends, national holidays, 12/29-1/3), whatever the company's "
                   "closures and weekend days.")
@with_appcontext
@command_transaction
def preview_dates_command(rrule: str | None, business_day: int | None, shift: str,
                          start, count: int, which: str) -> None:  # noqa: ANN001
    """Print due dates of a rule against the organisation's calendar (or the
    statutory one).

    One occurrence a line: nominal date, weekday, then the due date (ISO) last.
    """

    if (rrule is None) == (business_day is None):
        raise click.UsageError("Give exactly one of --rrule and --business-day.")
    first = start.date() if start else org_today()
    if business_day is not None:
        # Monthly, for the months from the start's month on.
        schedule = Schedule("business_day", first.replace(day=1), business_day=business_day)
    else:
        schedule = Schedule("rrule", first, rrule=rrule, shift=shift)
    validate(schedule)
    calendar = STATUTORY_CALENDAR if which == "statutory" else load_calendar()
    found = next_occurrences(schedule, calendar, schedule.dtstart, count)
    for occurrence in found:
        moved = "->" if occurrence.due != occurrence.nominal else "  "
        click.echo(f"{occurrence.nominal.isoformat()} {occurrence.nominal:%a} {moved} "
                   f"{occurrence.due:%a} {occurrence.due.isoformat()}")
    # On stderr, after the dates: scripts read one date a line from stdout.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for skip in skipped_months(schedule, schedule.dtstart,
                                   found[-1].nominal if found else schedule.dtstart):
            click.echo(f"note: {skip_note(skip)}", err=True)


@click.command("plan-notifications")
@with_appcontext
@command_transaction
def plan_command() -> None:
    """Plan reminders, notices and digests now (the scheduler does it every 5 minutes)."""

    result = plan()
    click.echo(f"created {result.created}, moved {result.moved}, cancelled {result.cancelled}")


@click.command("dispatch")
@click.option("--once", is_flag=True, help="One batch, then exit.")
@click.option("--batch", type=click.IntRange(1, 1000), default=None)
@with_appcontext
def dispatch_command(once: bool, batch: int | None) -> None:
    """Send due notifications until none is left (or one batch with --once).

    A database outage is waited out for up to 5 minutes; a longer one stops
    the command with exit status 1, and nothing is lost: the next run sends
    what is left."""

    try:
        result = dispatch_once(batch) if once else dispatch_until_empty(batch)
    except OutcomeNotRecorded as error:
        raise click.ClickException(f"the database stayed unavailable; {error} was not "
                                   "recorded and will be sent again") from error
    except SQLAlchemyError as error:
        if not database_unavailable(error):
            raise
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(f"the database is unavailable: {reason}") from error
    click.echo(f"sent {result.sent}, retried {result.retried}, failed {result.failed}, "
               f"cancelled {result.cancelled}, taken over {result.taken_over}")


def _actor(email: str | None):  # noqa: ANN202 - User

    if email is None:
        return imports.default_actor()
    person = users.find_by_email(email)
    if person is None or not person.active:
        raise click.BadParameter(f"no active person has the e-mail {email}", param_hint="--as")
    return person


def _language_option(command):  # noqa: ANN001, ANN202
    return click.option("--language", type=click.Choice(["ja", "en"]), default=None,
                        help="Language of headers and messages (default: the app's).")(command)


@click.command("import")
@click.argument("kind", type=click.Choice(["tasks", "owners", "absences", "cost_profiles", "completions",
                                           "employees", "events"]))
@click.argument("file", type=click.File("rb"))
@click.option("--commit", is_flag=True,
              help="Apply the file (all rows or none). Without it: a dry run.")
@click.option("--dry-run", is_flag=True,
              help="Only check the file (the default), saying so explicitly.")
@click.option("--as", "as_email", metavar="EMAIL",
              help="Act as this person (default: the first administrator).")
@click.option("--quiet", is_flag=True, help="Print only rejected rows and the summary.")
@_language_option
@with_appcontext
@command_transaction
def import_command(kind: str, file, commit: bool, dry_run: bool,  # noqa: ANN001
                   as_email: str | None, quiet: bool, language: str | None) -> None:
    """Check (and with --commit apply) an Excel file of KIND: the same report
    as the import page; for events, each row's steps with their due dates and
    proposed owners. Exit status 1 when a row or the file is rejected."""
    if commit and dry_run:
        raise click.UsageError("--commit and --dry-run exclude each other.")
    locale = language or current_app.config["BABEL_DEFAULT_LOCALE"]

    with force_locale(locale):
        actor = _actor(as_email)
        total = imports.row_count_hint(file) or 0
        with click.progressbar(length=total, label="rows", file=sys.stderr,
                               hidden=total < 2000) as bar:
            report = imports.run_import(actor, kind, file, commit=commit,
                                        max_rows=current_app.config["IMPORT_MAX_ROWS"],
                                        progress=bar.update)
        if not report.committed:
            abandon()  # a dry run, or a file with rejected rows
        for problem in report.file_problems:
            where = f"{problem.cell} {problem.column}: " if problem.column else ""
            click.echo(f"file: {where}{translate(problem.message)}")
        for note in report.notes:
            click.echo(f"note: {note.cell} {note.column}: {translate(note.message)}")
        for row in report.rows:
            if row.action == "unchanged" or (quiet and row.action != "reject"):
                continue
            changes = f" ({', '.join(row.changes)})" if row.changes else ""
            if row.event is not None:
                click.echo(f"row {row.row}\t{row.event.employee}\t{row.event.type_key}\t"
                           f"{row.event.date.isoformat()}\t{row.action}{changes}")
            else:
                click.echo(f"row {row.row}\t{row.key}\t{row.action}{changes}")
            for problem in row.problems:
                click.echo(f"  {problem.cell} {problem.column}: {translate(problem.message)}")
            for step in row.opens:
                title = step.title_ja if locale == "ja" else step.title_en
                click.echo(f"  {step.due.isoformat()}\t{step.key}\t{title}\t"
                           f"{step.owner or '-'}")
        counts = report.counts
        click.echo(f"{counts['create']} new, {counts['update']} changed, "
                   f"{counts['unchanged']} unchanged, {counts['reject']} rejected")
    if report.committed:
        click.echo("committed")
    elif not report.ok:
        click.echo("nothing saved: correct the rejected rows and run again", err=True)
        sys.exit(1)
    else:
        click.echo("dry run: nothing saved; add --commit to apply")


@click.command("export")
@click.argument("kind", type=click.Choice(["registry", "matrix", "workload", "calendar",
                                           "portfolio", "employees", "template"]))
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--department", "departments", multiple=True, metavar="CODE",
              help="Only these departments (matrix, workload, calendar); default: all.")
@click.option("--template", "template_kind", default="tasks", show_default=True,
              type=click.Choice(["tasks", "owners", "absences", "cost_profiles", "completions",
                                 "employees", "events"]),
              help="Which import template, for KIND template.")
@click.option("--as", "as_email", metavar="EMAIL",
              help="Act as this person (default: the first administrator).")
@_language_option
@with_appcontext
@command_transaction
def export_command(kind: str, file: str, departments: tuple[str, ...], template_kind: str,
                   as_email: str | None, language: str | None) -> None:
    """Write KIND to FILE: Excel for .xlsx, CSV (UTF-8 with BOM) for .csv."""

    fmt = "csv" if file.lower().endswith(".csv") else "xlsx"
    with force_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        actor = _actor(as_email)
        department_ids = (users.department_ids_for_codes(list(departments)) if departments
                          else [d.id for d in departments_for(actor)])
        if kind == "template":
            if fmt == "csv":
                raise click.BadParameter("a template is an .xlsx file", param_hint="FILE")
            exports.template(template_kind).save(file)
            click.echo(f"wrote {file}")
            return
        if kind == "registry":
            tables = exports.registry(actor)
        elif kind == "matrix":
            tables = exports.matrix(actor, department_ids)
            tables = tables if fmt == "xlsx" else tables[-1:]
        elif kind == "workload":
            tables = exports.workload(actor, department_ids)
        elif kind == "calendar":
            tables = exports.calendar(actor, department_ids)
        elif kind == "employees":
            tables = exports.employees()
        else:

            tables = costing_exports.portfolio(suggestions.portfolio(actor), describe_suggestion)
        if fmt == "csv":
            with open(file, "w", encoding="utf-8", newline="") as out:
                out.writelines(csv_of(tables[0]))
        else:
            write_workbook(tables, file)
    click.echo(f"wrote {file}")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
@command_transaction
def backup_command(file: str) -> None:
    """Copy the SQLite database to FILE while the app runs (online backup)."""

    size = backup.backup(Path(file))
    click.echo(f"backed up to {file} ({size:,} bytes)")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--force", is_flag=True, help="Replace a database that already has data.")
@with_appcontext
@command_transaction
def restore_command(file: str, force: bool) -> None:
    """Restore a backup made by `planner backup` into the (empty) SQLite database."""

    backup.restore(Path(file), force=force)
    click.echo(f"restored from {file}")


@click.command("downgrade")
@click.argument("revision", default="-1")
@click.option("--destructive", is_flag=True,
              help="Accept that a step which cannot keep its data deletes it.")
@click.option("-x", "--x-arg", "x_args", multiple=True,
              help="Additional arguments consumed by migrations/env.py.")
@with_appcontext
def downgrade_command(revision: str, destructive: bool, x_args: tuple[str, ...]) -> None:
    """Go back to an earlier revision (default: the one before).

    What a step drops is kept in archive tables for the upgrade to put back; a
    step that cannot keep it (below 0001) refuses, naming the tables and their
    rows, unless --destructive. Nothing changes unless every step succeeds."""

    x_args = (*x_args, "destructive=yes") if destructive else x_args
    config = current_app.extensions["migrate"].migrate.get_config(
        getattr(g, "directory", None), x_arg=list(x_args))
    try:
        alembic_command.downgrade(config, revision)
    except DataWouldBeLost as refusal:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            click.echo(_("Downgrading %(revision)s would delete these rows; nothing was "
                         "changed:", revision=refusal.revision), err=True)
            for table, rows in refusal.losses:
                click.echo(_("  %(table)s: %(rows)d rows", table=table, rows=rows), err=True)
            click.echo(_("Back them up (planner backup), then run the downgrade again with "
                         "--destructive to delete them."), err=True)
        sys.exit(1)
    except CommandError as error:
        raise click.ClickException(str(error)) from error


# Flask-Migrate's `db` group with our downgrade in place of its own.
db_group = click.Group("db", help=migrate_group.help, params=migrate_group.params,
                       callback=migrate_group.callback)
for _name, _command in migrate_group.commands.items():
    db_group.add_command(downgrade_command if _name == "downgrade" else _command)


def init_app(app: Flask) -> None:
    for command in (run_command, scheduler_command, seed_demo_command, users_group,
                    tokens_group, preview_dates_command, plan_command, dispatch_command,
                    import_command, export_command, backup_command, restore_command,
                    db_group, calendar_group, events_group, scim_tokens_group):
        app.cli.add_command(command)


def _create_app() -> Flask:
    try:
        return create_app()
    except (DispatchSettingsError, ScimSettingsError) as error:
        raise click.ClickException(str(error)) from error  # stderr, exit status 1


def main() -> None:
    group = FlaskGroup(create_app=_create_app, add_default_commands=False,
                       help="The back-office planner.")
    group.add_command(shell_command)
    group.add_command(routes_command)
    group.main(prog_name="planner")
