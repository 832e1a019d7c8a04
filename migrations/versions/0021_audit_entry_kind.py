"""the audit log's entry kind: a person's change, an automatic recalculation,
or a preference (language, reminders), so the log can hide the last two

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 19:50:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# Frozen here as they were at this revision: the models' lists may grow later.
PREFERENCES = ('language', 'reminder_days', 'digest_opt_out')


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='change',
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_audit_entries_kind'), ['kind'], unique=False)
    # Entries written before: a job's (no actor) are automatic; a person's own
    # update of nothing but preferences is a preference.
    op.execute("UPDATE audit_entries SET kind = 'automatic' WHERE actor_id IS NULL")
    entries = sa.table('audit_entries', sa.column('id', sa.Integer), sa.column('kind'),
                       sa.column('action'), sa.column('entity_type'),
                       sa.column('actor_id'), sa.column('changes', sa.JSON))
    bind = op.get_bind()
    preferences = [
        row.id for row in bind.execute(
            sa.select(entries.c.id, entries.c.changes)
            .where(entries.c.entity_type == 'User', entries.c.action == 'update',
                   entries.c.actor_id.is_not(None)))
        if row.changes and set(row.changes) <= set(PREFERENCES)]
    for start in range(0, len(preferences), 500):
        bind.execute(entries.update().where(entries.c.id.in_(preferences[start:start + 500]))
                     .values(kind='preference'))
    archive.restore_columns('0021', 'audit_entries', ['kind'], key=('id', 'at'))


def downgrade():
    # Kept aside so that an upgrade gives back the kinds the flush hook chose
    # (it also knows each model's computed fields, which the backfill does not).
    archive.archive_columns('0021', 'audit_entries', ['kind'], key=('id', 'at'),
                            where="kind <> 'change'")
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_kind'))
        batch_op.drop_column('kind')
