"""Alembic environment, run inside the app (`planner db ...`)."""
import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import exc

from planner.core.migration_archive import is_archive

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def render_item(type_, obj, autogen_context):
    """Migrations must not import the app: write our UTC type as its impl."""
    from planner.core.types import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name, type_, parent_names):
    """Archive tables a downgrade left are data waiting for the upgrade, not schema."""
    return not (type_ == "table" and is_archive(name))


@contextmanager
def one_transaction(engine):
    """Every step of `upgrade`/`downgrade` in one transaction: a step that fails
    or refuses leaves the database as it was, with no half-altered table.

    PostgreSQL has transactional DDL as it is. SQLite has too, but Python's
    driver only opens a transaction before INSERT/UPDATE/DELETE, so CREATE and
    DROP ran outside one (and a failed batch left `_alembic_tmp_<table>`
    behind): here we say BEGIN ourselves. A batch step on SQLite copies a table
    and drops the original; with foreign keys enforced, dropping a table that
    others point at deletes their rows or fails ("FOREIGN KEY constraint
    failed"). The pragma only changes outside a transaction, so keys are off
    for the run and checked once, before the commit."""
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                yield connection
            return
        driver = connection.connection.driver_connection
        isolation = driver.isolation_level
        connection.commit()
        driver.isolation_level = None
        try:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            with connection.begin():
                connection.exec_driver_sql("BEGIN")
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise exc.IntegrityError(
                        "PRAGMA foreign_key_check", None,
                        Exception(f"rows pointing at nothing after the migration: {broken[:5]}"))
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            driver.isolation_level = isolation


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        # An autogenerate with no change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("include_name", include_name)

    with one_transaction(target_db.engine) as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata,
                          **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
