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

# The rules of core.audit_wording.classify, frozen as they were at this
# revision (the models' lists may grow later): which entries written before
# were the application's own work or a person's preferences.
PREFERENCES = {'User': {'language', 'reminder_days', 'digest_opt_out'}}
DERIVED = {'Occurrence': {'due_date', 'work_by'},
           'Suggestion': {'annual_saving', 'npv', 'payback_months', 'suitability',
                          'computed_at'}}
# Written by the periodic jobs (materialising occurrences, refreshing
# estimates) when nobody is the actor, and generated when created.
GENERATED = ('Occurrence', 'Suggestion')


def _kind(entity_type, action, actor_id, changes):
    if entity_type in GENERATED and (action == 'create' or actor_id is None):
        return 'automatic'
    fields = set(changes) if action == 'update' and isinstance(changes, dict) else set()
    if fields and fields <= PREFERENCES.get(entity_type, set()):
        return 'preference'
    if fields and fields <= DERIVED.get(entity_type, set()):
        return 'automatic'
    return 'change'


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='change',
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_audit_entries_kind'), ['kind'], unique=False)
    entries = sa.table('audit_entries', sa.column('id', sa.Integer), sa.column('kind'),
                       sa.column('action'), sa.column('entity_type'),
                       sa.column('actor_id'), sa.column('changes', sa.JSON))
    bind = op.get_bind()
    kinds = {'automatic': [], 'preference': []}
    rows = bind.execute(sa.select(entries.c.id, entries.c.entity_type, entries.c.action,
                                  entries.c.actor_id, entries.c.changes)
                        .where(entries.c.entity_type.in_({*PREFERENCES, *DERIVED})))
    for row in rows:
        kind = _kind(row.entity_type, row.action, row.actor_id, row.changes)
        if kind in kinds:
            kinds[kind].append(row.id)
    for kind, ids in kinds.items():
        for start in range(0, len(ids), 500):
            bind.execute(entries.update().where(entries.c.id.in_(ids[start:start + 500]))
                         .values(kind=kind))
    archive.restore_columns('0021', 'audit_entries', ['kind'], key=('id', 'at'))


def downgrade():
    # Kept aside so that an upgrade gives back the kinds the flush hook chose
    # (it knew whether a job was writing; the backfill can only guess).
    archive.archive_columns('0021', 'audit_entries', ['kind'], key=('id', 'at'))
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_kind'))
        batch_op.drop_column('kind')
