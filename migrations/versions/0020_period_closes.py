"""the period lock (締め): one row per close of a department's month, its
reopening (who, when, why) filled in rather than the row deleted

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 17:00:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'period_closes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('closed_by_id', sa.Integer(), nullable=False),
        sa.Column('closed_at', UTCDateTime(), nullable=False),
        sa.Column('reopened_by_id', sa.Integer(), nullable=True),
        sa.Column('reopened_at', UTCDateTime(), nullable=True),
        sa.Column('reopen_reason', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ondelete='CASCADE',
                                name=op.f('fk_period_closes_department_id_departments')),
        sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'],
                                name=op.f('fk_period_closes_closed_by_id_users')),
        sa.ForeignKeyConstraint(['reopened_by_id'], ['users.id'],
                                name=op.f('fk_period_closes_reopened_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_period_closes')),
    )
    with op.batch_alter_table('period_closes', schema=None) as batch_op:
        batch_op.create_index('ix_period_closes_department_id_month',
                              ['department_id', 'month'], unique=False)
        batch_op.create_index('uq_period_closes_standing', ['department_id', 'month'],
                              unique=True, sqlite_where=sa.text('reopened_at IS NULL'),
                              postgresql_where=sa.text('reopened_at IS NULL'))
    archive.restore_table('0020', 'period_closes')


def downgrade():
    archive.archive_table('0020', 'period_closes')
    op.drop_table('period_closes')
