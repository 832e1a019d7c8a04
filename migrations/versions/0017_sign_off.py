"""sign-off (ダブルチェック): tasks that require review, prepared occurrences with
their preparer and reviewer, and every review decision

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 16:00:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

SIGN_OFF = ['status', 'prepared_by_id', 'prepared_at', 'reviewed_by_id', 'reviewed_at']


def upgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_required', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('review_days_before', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.create_check_constraint('review_days_before_range',
                                         'review_days_before BETWEEN 0 AND 60')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prepared_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prepared_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_occurrences_prepared_by_id_users'), 'users',
                                    ['prepared_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_occurrences_reviewed_by_id_users'), 'users',
                                    ['reviewed_by_id'], ['id'])
        batch_op.create_index('ix_occurrences_status_prepared_by_id',
                              ['status', 'prepared_by_id'], unique=False)
        batch_op.drop_constraint('status', type_='check')
        batch_op.create_check_constraint(
            'status', "status IN ('open', 'prepared', 'done', 'skipped', 'cancelled')")
    op.create_table(
        'occurrence_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occurrence_id', sa.Integer(), nullable=False),
        sa.Column('decision', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.String(length=1000), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=False),
        sa.Column('decided_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint("decision IN ('approve', 'return')",
                           name=op.f('ck_occurrence_reviews_decision')),
        sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], ondelete='CASCADE',
                                name=op.f('fk_occurrence_reviews_occurrence_id_occurrences')),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'],
                                name=op.f('fk_occurrence_reviews_reviewer_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_occurrence_reviews')),
    )
    with op.batch_alter_table('occurrence_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_occurrence_reviews_occurrence_id_decided_at',
                              ['occurrence_id', 'decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_occurrence_reviews_reviewer_id'), ['reviewer_id'],
                              unique=False)
    archive.restore_table('0017', 'occurrence_reviews')
    archive.restore_columns('0017', 'occurrences', SIGN_OFF, key=('id', 'nominal_date'))
    archive.restore_columns('0017', 'tasks', ['review_required', 'review_days_before'],
                            key=('id', 'created_at'))


def downgrade():
    archive.archive_columns('0017', 'tasks', ['review_required', 'review_days_before'],
                            key=('id', 'created_at'))
    archive.archive_columns('0017', 'occurrences', SIGN_OFF, key=('id', 'nominal_date'),
                            where='prepared_by_id IS NOT NULL')
    archive.archive_table('0017', 'occurrence_reviews')
    # Work waiting for its check reads as open again until the upgrade gives it back.
    op.execute("UPDATE occurrences SET status = 'open' WHERE status = 'prepared'")
    op.drop_table('occurrence_reviews')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_constraint('status', type_='check')
        batch_op.create_check_constraint(
            'status', "status IN ('open', 'done', 'skipped', 'cancelled')")
        batch_op.drop_index('ix_occurrences_status_prepared_by_id')
        batch_op.drop_constraint(batch_op.f('fk_occurrences_reviewed_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_occurrences_prepared_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('prepared_at')
        batch_op.drop_column('prepared_by_id')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint('review_days_before_range', type_='check')
        batch_op.drop_column('review_days_before')
        batch_op.drop_column('review_required')
