"""the audit log's channel: an entry no person made says what it came
through (the directory's SCIM token, by its name), instead of "System"

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 00:10:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    # No backfill: the SCIM request log says which token called, not which
    # entries its calls wrote, so older entries stay "System".
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via', sa.String(length=80), nullable=True))
    archive.restore_columns('0026', 'audit_entries', ['via'], key=('id', 'at'))


def downgrade():
    # Kept aside so that an upgrade gives the entries back their token's name
    # (nothing else records which entries a directory's call wrote).
    archive.archive_columns('0026', 'audit_entries', ['via'], key=('id', 'at'),
                            where='via IS NOT NULL')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('via')
