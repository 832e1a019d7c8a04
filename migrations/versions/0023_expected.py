"""half-day, family-care, maternity and special leave among the absence kinds (a
half day is one day); a person's own monthly capacity kept within a month's hours

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 20:00:00

"""
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

OLD_KINDS = "'annual_leave', 'sick', 'parental', 'training', 'other'"
NEW_KINDS = ("'annual_leave', 'half_day_am', 'half_day_pm', 'sick', 'parental', 'maternity', "
             "'family_care', 'special', 'training', 'other'")


def upgrade():
    # Written by hand before this check existed (the form never allowed it):
    # out of range, the person takes the organisation's figure again.
    op.execute("UPDATE users SET capacity_hours = NULL "
               "WHERE capacity_hours < 1 OR capacity_hours > 744")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'capacity_hours_range', 'capacity_hours IS NULL OR capacity_hours BETWEEN 1 AND 744')
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({NEW_KINDS})")
        batch_op.create_check_constraint(
            'half_day_one_day',
            "kind NOT IN ('half_day_am', 'half_day_pm') OR start_date = end_date")
    archive.restore_columns('0021_expected', 'absences', ['kind'], key=('id', 'start_date'))


def downgrade():
    archive.archive_columns('0021_expected', 'absences', ['kind'], key=('id', 'start_date'),
                            where=f"kind NOT IN ({OLD_KINDS})")
    # Leave of a kind the older version does not know reads as "other" until
    # the upgrade gives its kind back.
    op.execute(f"UPDATE absences SET kind = 'other' WHERE kind NOT IN ({OLD_KINDS})")
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.drop_constraint('half_day_one_day', type_='check')
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({OLD_KINDS})")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('capacity_hours_range', type_='check')
