"""readings (フリガナ) for people and tasks, and the 五十音 sort key and folded
search text of people, tasks and employees, filled in for the rows already there

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 20:00:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.kana import KEY_LENGTH, gojuon_key, search_text, suggest_reading
from planner.employees.domain import suggested_kana

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

# table: (its name column, its reading column, whether this revision adds the reading)
TABLES = {'users': ('name', 'reading', True), 'tasks': ('title', 'reading', True),
          'employees': ('name', 'name_kana', False)}


def upgrade():
    for table, (_name, _reading, adds_reading) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if adds_reading:
                batch_op.add_column(sa.Column('reading', sa.String(length=200),
                                              server_default='', nullable=False))
            batch_op.add_column(sa.Column('reading_key', sa.String(length=KEY_LENGTH),
                                          server_default='', nullable=False))
            batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='',
                                          nullable=False))
            batch_op.create_index(batch_op.f(f'ix_{table}_reading_key'), ['reading_key'],
                                  unique=False)
        if adds_reading:
            archive.restore_columns('0021', table, ['reading'], key=('id', 'created_at'))
        _backfill(table)


def _backfill(table):
    """Suggest the readings left empty (an employee's only where the guess is
    katakana) and derive every row's key and search text, as the models do on
    each save (planner.core.readings)."""
    name, reading, adds_reading = TABLES[table]
    bind = op.get_bind()
    rows = bind.execute(sa.text(f'SELECT id, {name}, {reading} FROM {table}')).all()
    suggest = suggest_reading if adds_reading else suggested_kana
    values = []
    for row_id, text, spoken in rows:
        spoken = spoken or suggest(text or '')
        shown = spoken or suggest_reading(text or '')
        values.append({'id': row_id, 'reading': spoken, 'key': gojuon_key(shown),
                       'search': search_text(text or '', shown)})
    if values:
        bind.execute(sa.text(f'UPDATE {table} SET {reading} = :reading, reading_key = :key, '
                             'search_text = :search WHERE id = :id'), values)


def downgrade():
    for table, (_name, _reading, adds_reading) in TABLES.items():
        if adds_reading:
            # What people typed (or corrected) is kept; the key and search text are
            # derived again by the upgrade.
            archive.archive_columns('0021', table, ['reading'], key=('id', 'created_at'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_reading_key'))
            batch_op.drop_column('search_text')
            batch_op.drop_column('reading_key')
            if adds_reading:
                batch_op.drop_column('reading')
