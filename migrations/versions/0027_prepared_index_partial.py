"""the index of prepared work holds prepared rows only: counted in, the NULLs
of the occurrences nobody prepared made SQLite's statistics call a preparer
unselective, and "returned to me" read every open occurrence

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 00:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

PREPARED = sa.text('prepared_by_id IS NOT NULL')


def upgrade():
    op.drop_index('ix_occurrences_status_prepared_by_id', table_name='occurrences')
    op.create_index('ix_occurrences_status_prepared_by_id', 'occurrences',
                    ['status', 'prepared_by_id'], unique=False,
                    sqlite_where=PREPARED, postgresql_where=PREPARED)


def downgrade():
    op.drop_index('ix_occurrences_status_prepared_by_id', table_name='occurrences')
    op.create_index('ix_occurrences_status_prepared_by_id', 'occurrences',
                    ['status', 'prepared_by_id'], unique=False)
