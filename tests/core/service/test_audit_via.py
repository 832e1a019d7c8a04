"""The channel a change came through (core.audit.set_via: the directory's
SCIM token, by its name) is written into every audit entry — the flush hook's
and a bulk insert's — and ends with its job or command, like the actor, so
the next one run by the same thread is not written in its name."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from planner.core import audit
from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.core.setting import Setting
from planner.core.transaction import command_transaction, job_transaction


def _via_of(key: str) -> tuple[int | None, str | None]:
    entry = db.session.execute(select(AuditEntry.actor_id, AuditEntry.via).where(
        AuditEntry.entity_type == "Setting", AuditEntry.entity_id == key)).one()
    return entry.actor_id, entry.via


def test_the_flush_hook_and_a_bulk_insert_write_the_channel(ctx):
    audit.set_via("entra")
    try:
        db.session.add(Setting(key="by_the_directory", value=1))
        db.session.flush()
        rows = audit.created_entries(Setting, [{"key": "bulk", "value": 2}])
    finally:
        audit.clear_attribution()
    assert [(row["actor_id"], row["via"]) for row in rows] == [(None, "entra")]
    db.session.add(Setting(key="by_nobody", value=3))
    db.session.flush()
    assert _via_of("by_the_directory") == (None, "entra")
    assert _via_of("by_nobody") == (None, None)


def test_the_channel_ends_with_its_job_and_its_command(app: Flask, runner, world):
    def through_the_directory() -> None:
        audit.set_via("entra")
        db.session.add(Setting(key="in_the_job", value=1))
        db.session.flush()

    job_transaction(app, "via", through_the_directory)

    @app.cli.command("_test-via")
    @command_transaction
    def command() -> None:
        audit.set_actor(world.admin)
        audit.set_via("entra")
        db.session.add(Setting(key="in_the_command", value=1))
        db.session.flush()

    assert runner.invoke(args=["_test-via"]).exit_code == 0
    with app.app_context():
        # Whatever this thread writes next, by nobody, names no token.
        db.session.add(Setting(key="afterwards", value=1))
        db.session.commit()
        assert _via_of("in_the_job") == (None, "entra")
        assert _via_of("in_the_command") == (world.admin, "entra")
        assert _via_of("afterwards") == (None, None)
