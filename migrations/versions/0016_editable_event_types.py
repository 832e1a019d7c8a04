"""event types administrators can change: their own types and steps, and
their version of a shipped step, on top of the shipped file

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 16:10:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_type_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('title_ja', sa.String(length=100), nullable=False),
        sa.Column('title_en', sa.String(length=100), nullable=False),
        sa.Column('archived', sa.Boolean(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_event_type_settings_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_type_settings')),
        sa.UniqueConstraint('key', name=op.f('uq_event_type_settings_key')),
    )
    op.create_table(
        'event_step_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('type_key', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('disabled', sa.Boolean(), nullable=False),
        sa.Column('title_ja', sa.String(length=200), nullable=False),
        sa.Column('title_en', sa.String(length=200), nullable=False),
        sa.Column('legal_basis_ja', sa.String(length=200), nullable=False),
        sa.Column('legal_basis_en', sa.String(length=200), nullable=False),
        sa.Column('department', sa.String(length=40), nullable=False),
        sa.Column('category', sa.String(length=30), nullable=False),
        sa.Column('effort_minutes', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('day', sa.Integer(), nullable=True),
        sa.Column('counts_event_day', sa.Boolean(), nullable=False),
        sa.Column('statutory', sa.Boolean(), nullable=False),
        sa.Column('applies_when', sa.String(length=40), nullable=True),
        sa.Column('source', sa.String(length=1000), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint('effort_minutes >= 1',
                           name=op.f('ck_event_step_settings_effort_minutes')),
        sa.CheckConstraint('n >= 0', name=op.f('ck_event_step_settings_n')),
        sa.CheckConstraint('day IS NULL OR (day >= 1 AND day <= 31)',
                           name=op.f('ck_event_step_settings_day')),
        sa.CheckConstraint("kind IN ('within_days', 'day_of_next_month', 'within_months', "
                           "'business_days_before')", name=op.f('ck_event_step_settings_kind')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_event_step_settings_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_step_settings')),
        sa.UniqueConstraint('type_key', 'key', name=op.f('uq_event_step_settings_type_key_key')),
    )
    archive.restore_table('0016', 'event_type_settings')
    archive.restore_table('0016', 'event_step_settings')


def downgrade():
    archive.archive_table('0016', 'event_step_settings')
    archive.archive_table('0016', 'event_type_settings')
    op.drop_table('event_step_settings')
    op.drop_table('event_type_settings')
