"""yen amounts as 64-bit integers

Cost inputs go up to ¥10 billion and a suggestion's NPV sums years of them;
PostgreSQL's 32-bit integer stops at about ¥2.1 billion and refused the
write (found by the property-based API test).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 06:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

MONEY = ('hourly_cost', 'automation_build_cost', 'automation_annual_cost',
         'outsourcing_fee_per_occurrence', 'outsourcing_monthly_fee',
         'outsourcing_transition_cost')
AMOUNTS = ('annual_saving', 'npv')


def _retype(table, columns, old, new, nullable):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.alter_column(column, existing_type=old, type_=new,
                                  existing_nullable=nullable)


def upgrade():
    _retype('cost_profiles', MONEY, sa.Integer(), sa.BigInteger(), True)
    _retype('suggestions', AMOUNTS, sa.Integer(), sa.BigInteger(), False)


def downgrade():
    _retype('suggestions', AMOUNTS, sa.BigInteger(), sa.Integer(), False)
    _retype('cost_profiles', MONEY, sa.BigInteger(), sa.Integer(), True)
