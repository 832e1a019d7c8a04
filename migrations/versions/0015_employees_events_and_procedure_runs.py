"""work that starts with an event: the employee roster, events, the occurrences
of procedure runs (their event, the person given each step) and the tasks that
carry an event type's steps

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 13:20:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'employees',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('name_kana', sa.String(length=100), nullable=False),
        sa.Column('division', sa.String(length=100), nullable=False),
        sa.Column('employment_type', sa.String(length=12), nullable=False),
        sa.Column('hire_date', sa.Date(), nullable=True),
        sa.Column('leave_date', sa.Date(), nullable=True),
        sa.Column('health_pension_insured', sa.Boolean(), nullable=False),
        sa.Column('employment_insurance_insured', sa.Boolean(), nullable=False),
        sa.Column('anonymised_at', UTCDateTime(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint("employment_type IN ('regular', 'contract', 'part_time', 'officer')",
                           name=op.f('ck_employees_employment_type')),
        sa.CheckConstraint('leave_date IS NULL OR hire_date IS NULL OR leave_date >= hire_date',
                           name=op.f('ck_employees_leave_after_hire')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_employees')),
        sa.UniqueConstraint('number', name=op.f('uq_employees_number')),
    )
    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('type_key', sa.String(length=40), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('message_id', sa.String(length=100), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', UTCDateTime(), nullable=False),
        sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
        sa.Column('cancelled_at', UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'cancelled')", name=op.f('ck_events_status')),
        sa.CheckConstraint("source IN ('web', 'api', 'webhook', 'import')",
                           name=op.f('ck_events_source')),
        sa.ForeignKeyConstraint(['employee_id'], ['employees.id'],
                                name=op.f('fk_events_employee_id_employees')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                                name=op.f('fk_events_recorded_by_id_users')),
        sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'],
                                name=op.f('fk_events_cancelled_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
        sa.UniqueConstraint('message_id', name=op.f('uq_events_message_id')),
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_type_key'), ['type_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_employee_id'), ['employee_id'], unique=False)
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('run_key', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_occurrences_event_id_events'), 'events',
                                    ['event_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_occurrences_assignee_id_users'), 'users',
                                    ['assignee_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_occurrences_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_occurrences_assignee_id'), ['assignee_id'],
                              unique=False)
        batch_op.drop_constraint('uq_occurrences_task_id_nominal_date', type_='unique')
        batch_op.create_unique_constraint('uq_occurrences_task_id_nominal_date_run_key',
                                          ['task_id', 'nominal_date', 'run_key'])
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_step', sa.String(length=80), nullable=True))
        batch_op.create_unique_constraint('uq_tasks_event_step', ['event_step'])
        batch_op.drop_constraint('schedule_kind', type_='check')
        batch_op.create_check_constraint(
            'schedule_kind', "schedule_kind IN ('rrule', 'business_day', 'once', 'event')")
    archive.restore_table('0015', 'employees')
    archive.restore_table('0015', 'events')
    archive.restore_columns('0015', 'occurrences', ['event_id', 'run_key', 'assignee_id'],
                            key=('id', 'nominal_date'))
    archive.restore_table('0015', 'occurrences', name='occurrences_of_events')
    archive.restore_table('0015', 'notifications', name='notifications_of_events')
    archive.restore_columns('0015', 'tasks', ['event_step', 'schedule_kind'],
                            key=('id', 'created_at'))


def downgrade():
    archive.archive_columns('0015', 'tasks', ['event_step', 'schedule_kind'],
                            key=('id', 'created_at'))
    # The tasks that carry a step have no schedule of their own ('event'), which
    # the old check refuses: they read as one-off tasks until the upgrade.
    op.execute("UPDATE tasks SET schedule_kind = 'once' WHERE schedule_kind = 'event'")
    archive.archive_columns('0015', 'occurrences', ['event_id', 'run_key', 'assignee_id'],
                            key=('id', 'nominal_date'), where='event_id IS NULL')
    # A run's steps may share a task and date with other runs, which the old
    # constraint refuses: they wait, whole, in an archive of their own.
    archive.archive_table('0015', 'occurrences', name='occurrences_of_events',
                          where='event_id IS NOT NULL')
    # So do their reminders, which would otherwise point at nothing.
    of_runs = 'occurrence_id IN (SELECT id FROM occurrences WHERE event_id IS NOT NULL)'
    archive.archive_table('0015', 'notifications', name='notifications_of_events',
                          where=of_runs)
    op.execute(f'DELETE FROM notifications WHERE {of_runs}')
    op.execute('DELETE FROM occurrences WHERE event_id IS NOT NULL')
    archive.archive_table('0015', 'events')
    archive.archive_table('0015', 'employees')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint('schedule_kind', type_='check')
        batch_op.create_check_constraint(
            'schedule_kind', "schedule_kind IN ('rrule', 'business_day', 'once')")
        batch_op.drop_constraint('uq_tasks_event_step', type_='unique')
        batch_op.drop_column('event_step')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_constraint('uq_occurrences_task_id_nominal_date_run_key', type_='unique')
        batch_op.create_unique_constraint('uq_occurrences_task_id_nominal_date',
                                          ['task_id', 'nominal_date'])
        batch_op.drop_index(batch_op.f('ix_occurrences_assignee_id'))
        batch_op.drop_index(batch_op.f('ix_occurrences_event_id'))
        batch_op.drop_constraint(batch_op.f('fk_occurrences_assignee_id_users'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_occurrences_event_id_events'),
                                 type_='foreignkey')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('run_key')
        batch_op.drop_column('event_id')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_employee_id'))
        batch_op.drop_index(batch_op.f('ix_events_type_key'))
    op.drop_table('events')
    op.drop_table('employees')
