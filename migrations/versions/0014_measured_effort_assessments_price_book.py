"""estimates from what a back office knows: minutes taken per occurrence,
automation assessments, the price book's overrides, a cost profile's price-book
item and a done suggestion's realised saving

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 12:45:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_taken', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('minutes_taken_range',
                                         'minutes_taken BETWEEN 1 AND 1440')
        batch_op.create_index('ix_occurrences_task_id_completed_at',
                              ['task_id', 'completed_at'], unique=False)
    with op.batch_alter_table('cost_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outsourcing_price_item', sa.String(length=40),
                                      nullable=True))
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('realised_saving', sa.BigInteger(), nullable=True))
    op.create_table(
        'assessments',
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('input_source', sa.String(length=12), nullable=False),
        sa.Column('rule_based_share', sa.Numeric(precision=4, scale=3), nullable=False),
        sa.Column('exceptions_per_100', sa.Integer(), nullable=False),
        sa.Column('systems', sa.Integer(), nullable=False),
        sa.Column('changes_per_year', sa.Integer(), nullable=False),
        sa.Column('records_per_occurrence', sa.Integer(), nullable=False),
        sa.Column('steps', sa.Integer(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint("input_source IN ('paper', 'pdf_email', 'spreadsheet', 'system')",
                           name=op.f('ck_assessments_input_source')),
        sa.CheckConstraint('rule_based_share BETWEEN 0 AND 1',
                           name=op.f('ck_assessments_rule_based_share_range')),
        sa.CheckConstraint('exceptions_per_100 BETWEEN 0 AND 100',
                           name=op.f('ck_assessments_exceptions_range')),
        sa.CheckConstraint('systems BETWEEN 1 AND 50', name=op.f('ck_assessments_systems_range')),
        sa.CheckConstraint('changes_per_year BETWEEN 0 AND 52',
                           name=op.f('ck_assessments_changes_range')),
        sa.CheckConstraint('records_per_occurrence BETWEEN 1 AND 1000000',
                           name=op.f('ck_assessments_records_range')),
        sa.CheckConstraint('steps IS NULL OR steps BETWEEN 1 AND 500',
                           name=op.f('ck_assessments_steps_range')),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_assessments_task_id_tasks'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_assessments_updated_by_id_users')),
        sa.PrimaryKeyConstraint('task_id', name=op.f('pk_assessments')),
    )
    op.create_table(
        'price_overrides',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('low', sa.BigInteger(), nullable=False),
        sa.Column('typical', sa.BigInteger(), nullable=False),
        sa.Column('high', sa.BigInteger(), nullable=False),
        sa.Column('base_low', sa.BigInteger(), nullable=True),
        sa.Column('base_typical', sa.BigInteger(), nullable=True),
        sa.Column('base_high', sa.BigInteger(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint('0 <= low AND low <= typical AND typical <= high',
                           name=op.f('ck_price_overrides_ordered')),
        sa.CheckConstraint('base_low IS NULL OR (0 <= base_low AND base_low <= base_typical '
                           'AND base_typical <= base_high)',
                           name=op.f('ck_price_overrides_base_ordered')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_price_overrides_updated_by_id_users')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_price_overrides')),
    )
    archive.restore_table('0014', 'assessments')
    archive.restore_table('0014', 'price_overrides')
    archive.restore_columns('0014', 'occurrences', ['minutes_taken'], key=('id', 'nominal_date'))
    archive.restore_columns('0014', 'cost_profiles', ['outsourcing_price_item'], key=('id',))
    archive.restore_columns('0014', 'suggestions', ['realised_saving'], key=('id',))


def downgrade():
    archive.archive_table('0014', 'assessments')
    archive.archive_table('0014', 'price_overrides')
    archive.archive_columns('0014', 'occurrences', ['minutes_taken'], key=('id', 'nominal_date'))
    archive.archive_columns('0014', 'cost_profiles', ['outsourcing_price_item'], key=('id',))
    archive.archive_columns('0014', 'suggestions', ['realised_saving'], key=('id',))
    op.drop_table('price_overrides')
    op.drop_table('assessments')
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.drop_column('realised_saving')
    with op.batch_alter_table('cost_profiles', schema=None) as batch_op:
        batch_op.drop_column('outsourcing_price_item')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_index('ix_occurrences_task_id_completed_at')
        batch_op.drop_constraint('minutes_taken_range', type_='check')
        batch_op.drop_column('minutes_taken')


