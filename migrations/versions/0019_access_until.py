"""a time-limited grant: the last day a person may sign in (an outside
auditor's engagement)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 17:10:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_until', sa.Date(), nullable=True))
    archive.restore_columns('0019', 'users', ['access_until'], key=('id', 'created_at'))


def downgrade():
    archive.archive_columns('0019', 'users', ['access_until'], key=('id', 'created_at'),
                            where='access_until IS NOT NULL')
    # The older schema cannot end a grant: a time-limited account is switched
    # off rather than left open for good (an administrator switches it back on).
    op.execute("UPDATE users SET active = false WHERE access_until IS NOT NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('access_until')
