"""indexes for reading at scale: occurrences by task and by who completed
them, then by date

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 10:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Workload, frequency and risk read a task's (or a person's) occurrences
    # within a period; with single-column indexes the planner scanned the whole
    # period of every task instead (0.8 s for a department of 1,500 tasks).
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.create_index('ix_occurrences_task_id_due_date', ['task_id', 'due_date'],
                              unique=False)
        batch_op.create_index('ix_occurrences_completed_by_id_due_date',
                              ['completed_by_id', 'due_date'], unique=False)
        batch_op.drop_index('ix_occurrences_task_id')
        batch_op.drop_index('ix_occurrences_completed_by_id')


def downgrade():
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.create_index('ix_occurrences_task_id', ['task_id'], unique=False)
        batch_op.drop_index('ix_occurrences_task_id_due_date')
        batch_op.create_index('ix_occurrences_completed_by_id', ['completed_by_id'], unique=False)
        batch_op.drop_index('ix_occurrences_completed_by_id_due_date')
