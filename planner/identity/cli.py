"""`planner scim-tokens`: the tokens a directory provisions with."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from planner.core.errors import DomainError, ValidationError
from planner.core.i18n import translate
from planner.core.transaction import command_transaction
from planner.identity import tokens


@click.group("scim-tokens")
def scim_tokens_group() -> None:
    """SCIM provisioning tokens (Entra ID, Google Workspace)."""


@scim_tokens_group.command("create")
@click.argument("name")
@with_appcontext
@command_transaction
def create_command(name: str) -> None:
    """Create a SCIM token named NAME and print it once."""
    try:
        _, plaintext = tokens.create(name)
    except ValidationError as error:
        messages = [translate(m) for ms in error.fields.values() for m in ms]
        raise click.ClickException(" ".join(messages)) from error
    click.echo(plaintext)


@scim_tokens_group.command("revoke")
@click.argument("name")
@with_appcontext
@command_transaction
def revoke_command(name: str) -> None:
    """Revoke the SCIM token named NAME: the directory's calls are refused at once."""
    try:
        tokens.revoke(name)
    except DomainError as error:
        raise click.ClickException(f"No live SCIM token named {name}.") from error
    click.echo(f"Revoked {name}.")


@scim_tokens_group.command("list")
@with_appcontext
def list_command() -> None:
    """The SCIM tokens: name, prefix, created, last used, revoked."""
    for token in tokens.listed():
        click.echo("\t".join([
            token.name, token.prefix, token.created_at.isoformat(timespec="seconds"),
            token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "-",
            f"revoked {token.revoked_at.isoformat(timespec='seconds')}" if token.revoked_at
            else "active"]))
