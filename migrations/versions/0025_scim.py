"""SCIM provisioning: its tokens, its request log, what SCIM keeps of people
and departments, the groups that give roles and their members, and the
handover drafts a person's leaving prepares

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 21:30:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

TABLES = ('scim_tokens', 'scim_requests', 'scim_users', 'scim_groups', 'scim_role_groups',
          'scim_role_members', 'leaving_drafts')


def upgrade():
    op.create_table(
        'scim_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', sa.String(length=12), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('last_used_at', UTCDateTime(), nullable=True),
        sa.Column('revoked_at', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scim_tokens')),
        sa.UniqueConstraint('name', name=op.f('uq_scim_tokens_name')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_scim_tokens_token_hash')),
    )
    op.create_table(
        'scim_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.Column('method', sa.String(length=10), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('token_name', sa.String(length=80), nullable=True),
        sa.Column('detail', sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scim_requests')),
    )
    op.create_index('ix_scim_requests_at', 'scim_requests', ['at'])
    op.create_table(
        'scim_users',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=True),
        sa.Column('attributes', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('deleted_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_scim_users_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_scim_users')),
    )
    op.create_table(
        'scim_groups',
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('deleted_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_scim_groups_department_id_departments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('department_id', name=op.f('pk_scim_groups')),
    )
    op.create_table(
        'scim_role_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('display_name', sa.String(length=120), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('deleted_at', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scim_role_groups')),
    )
    op.create_table(
        'scim_role_members',
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['scim_role_groups.id'],
                                name=op.f('fk_scim_role_members_group_id_scim_role_groups'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_scim_role_members_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_scim_role_members')),
    )
    op.create_index('ix_scim_role_members_user_id', 'scim_role_members', ['user_id'])
    op.create_table(
        'leaving_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('manager_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('lines', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['users.id'],
                                name=op.f('fk_leaving_drafts_person_id_users')),
        sa.ForeignKeyConstraint(['manager_id'], ['users.id'],
                                name=op.f('fk_leaving_drafts_manager_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_leaving_drafts')),
    )
    op.create_index('ix_leaving_drafts_person_id', 'leaving_drafts', ['person_id'])
    op.create_index('ix_leaving_drafts_manager_id', 'leaving_drafts', ['manager_id'])
    for table in TABLES:
        archive.restore_table('0025', table)


def downgrade():
    for table in TABLES:
        archive.archive_table('0025', table)
    op.drop_index('ix_leaving_drafts_manager_id', table_name='leaving_drafts')
    op.drop_index('ix_leaving_drafts_person_id', table_name='leaving_drafts')
    op.drop_table('leaving_drafts')
    op.drop_index('ix_scim_role_members_user_id', table_name='scim_role_members')
    op.drop_table('scim_role_members')
    op.drop_table('scim_role_groups')
    op.drop_table('scim_groups')
    op.drop_table('scim_users')
    op.drop_index('ix_scim_requests_at', table_name='scim_requests')
    op.drop_table('scim_requests')
    op.drop_table('scim_tokens')
