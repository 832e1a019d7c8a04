"""sign-in with OpenID Connect: which person an identity (issuer, subject) is

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 21:30:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('oidc_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_links')),
    sa.UniqueConstraint('issuer', 'subject', name='uq_oidc_links_issuer_subject'),
    sa.UniqueConstraint('user_id', name=op.f('uq_oidc_links_user_id'))
    )
    # Links kept by a downgrade come back (planner.core.migration_archive).
    archive.restore_table('0024', 'oidc_links')


def downgrade():
    archive.archive_table('0024', 'oidc_links')
    op.drop_table('oidc_links')
