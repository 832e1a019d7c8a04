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

from planner.core import migration_archive as archive

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


# What a 32-bit integer holds. The downgrade keeps the amounts beyond it in an
# archive and leaves the nearest it can hold; the upgrade puts them back.
LOW, HIGH = -2**31, 2**31 - 1


def _clamped(column):
    return f"CASE WHEN {column} > {HIGH} THEN {HIGH} WHEN {column} < {LOW} THEN {LOW} ELSE {column} END"


def _out_of_range(columns):
    return " OR ".join(f"{column} NOT BETWEEN {LOW} AND {HIGH}" for column in columns)


def upgrade():
    _retype('cost_profiles', MONEY, sa.Integer(), sa.BigInteger(), True)
    _retype('suggestions', AMOUNTS, sa.Integer(), sa.BigInteger(), False)
    for table, columns in (('cost_profiles', MONEY), ('suggestions', AMOUNTS)):
        source = archive.archive_name('0007', table)
        if not archive.has_archive('0007', table):
            continue
        # Only an amount still at the limit the downgrade left: one edited
        # meanwhile is the newer truth.
        for column in columns:
            op.execute(f"UPDATE {table} SET {column} = (SELECT a.{column} FROM {source} a "
                       f"WHERE a.id = {table}.id) WHERE EXISTS (SELECT 1 FROM {source} a "
                       f"WHERE a.id = {table}.id AND {_clamped('a.' + column)} = {table}.{column})")
        op.drop_table(source)


def downgrade():
    for table, columns in (('suggestions', AMOUNTS), ('cost_profiles', MONEY)):
        archive.archive_columns('0007', table, columns, key=('id',), where=_out_of_range(columns))
        op.execute(f"UPDATE {table} SET "
                   + ", ".join(f"{column} = {_clamped(column)}" for column in columns)
                   + f" WHERE {_out_of_range(columns)}")
    _retype('suggestions', AMOUNTS, sa.BigInteger(), sa.Integer(), False)
    _retype('cost_profiles', MONEY, sa.BigInteger(), sa.Integer(), True)
