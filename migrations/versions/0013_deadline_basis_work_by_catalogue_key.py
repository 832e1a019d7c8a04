"""deadlines the law sets: a task's deadline basis (statutory or internal), its
work-by buffer and the catalogue entry it came from; an occurrence's work-by date

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:10:00

"""
import tomllib
from importlib.resources import files

import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TASK_COLUMNS = ['deadline_basis', 'work_by_buffer_days', 'catalogue_key']


def _catalogue_titles() -> dict[str, str]:
    """Catalogue entry key by each of its titles (Japanese and English), as the
    catalogue stood when tasks were copied from it by title."""
    text = files('planner.tasks').joinpath('catalogue.toml').read_text(encoding='utf-8')
    return {title: entry['key'] for entry in tomllib.loads(text)['entries']
            for title in entry['title'].values()}


def upgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_basis', sa.String(length=10),
                                      server_default='internal', nullable=False))
        batch_op.add_column(sa.Column('work_by_buffer_days', sa.Integer(),
                                      server_default='0', nullable=False))
        batch_op.add_column(sa.Column('catalogue_key', sa.String(length=60), nullable=True))
        batch_op.create_index(batch_op.f('ix_tasks_catalogue_key'), ['catalogue_key'],
                              unique=False)
        batch_op.create_check_constraint(
            'deadline_basis', "deadline_basis IN ('internal', 'statutory')")
        batch_op.create_check_constraint(
            'work_by_buffer_days_range', 'work_by_buffer_days BETWEEN 0 AND 60')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_by', sa.Date(), nullable=True))
    op.execute('UPDATE occurrences SET work_by = due_date')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.alter_column('work_by', existing_type=sa.Date(), nullable=False)
    restored = archive.restore_columns('0013', 'tasks', TASK_COLUMNS, key=('id', 'created_at'))
    archive.restore_columns('0013', 'occurrences', ['work_by'], key=('id', 'nominal_date'))
    if not restored:
        # Tasks copied from the catalogue (by its title) carry legal deadlines:
        # they become statutory and remember their entry.
        tasks = sa.table('tasks', sa.column('id'), sa.column('title'),
                         sa.column('deadline_basis'), sa.column('catalogue_key'))
        for title, key in _catalogue_titles().items():
            op.execute(tasks.update().where(tasks.c.title == title)
                       .values(deadline_basis='statutory', catalogue_key=key))


def downgrade():
    archive.archive_columns('0013', 'tasks', TASK_COLUMNS, key=('id', 'created_at'))
    archive.archive_columns('0013', 'occurrences', ['work_by'], key=('id', 'nominal_date'))
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_column('work_by')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint('work_by_buffer_days_range', type_='check')
        batch_op.drop_constraint('deadline_basis', type_='check')
        batch_op.drop_index(batch_op.f('ix_tasks_catalogue_key'))
        batch_op.drop_column('catalogue_key')
        batch_op.drop_column('work_by_buffer_days')
        batch_op.drop_column('deadline_basis')
