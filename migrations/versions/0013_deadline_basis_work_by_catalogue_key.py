"""deadlines the law sets: a task's deadline basis (statutory or internal), its
work-by buffer and the catalogue entry it came from; an occurrence's work-by date

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:10:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TASK_COLUMNS = ['deadline_basis', 'work_by_buffer_days', 'catalogue_key']


# The catalogue's titles (Japanese and English) when tasks were copied from it
# by title, and their entries' keys: frozen here, as the catalogue's titles may
# change after this revision.
CATALOGUE_TITLES = {
    '源泉所得税の納付': 'withholding-tax-monthly',
    'Pay withheld income tax': 'withholding-tax-monthly',
    '源泉所得税の納付（納期の特例・1月〜6月分）': 'withholding-tax-special-jan-jun',
    'Pay withheld income tax (special payment schedule, January–June)': 'withholding-tax-special-jan-jun',
    '源泉所得税の納付（納期の特例・7月〜12月分）': 'withholding-tax-special-jul-dec',
    'Pay withheld income tax (special payment schedule, July–December)': 'withholding-tax-special-jul-dec',
    '住民税（特別徴収）の納入': 'resident-tax-monthly',
    'Pay resident tax withheld from salaries': 'resident-tax-monthly',
    '住民税（特別徴収・納期の特例）の納入': 'resident-tax-special',
    'Pay resident tax withheld from salaries (special payment schedule)': 'resident-tax-special',
    '給与支給': 'payroll-payment',
    'Pay salaries': 'payroll-payment',
    '年末調整': 'year-end-adjustment',
    'Year-end tax adjustment': 'year-end-adjustment',
    '給与支払報告書の提出': 'salary-payment-report',
    'Submit salary payment reports': 'salary-payment-report',
    '法定調書合計表の提出': 'statutory-reports-summary',
    'Submit statutory information returns and their summary': 'statutory-reports-summary',
    '源泉徴収票の交付（退職者）': 'withholding-slip-leavers',
    'Issue withholding slips to employees who have left': 'withholding-slip-leavers',
    '社会保険料の納付': 'social-insurance-premiums',
    "Pay health insurance and employees' pension premiums": 'social-insurance-premiums',
    '算定基礎届の提出': 'standard-remuneration-annual',
    'Submit the annual standard remuneration report': 'standard-remuneration-annual',
    '月額変更届の確認': 'standard-remuneration-revision',
    'Check for standard remuneration revisions': 'standard-remuneration-revision',
    '賞与支払届の提出': 'bonus-payment-report',
    'Submit the bonus payment report': 'bonus-payment-report',
    '雇用保険被保険者資格取得届の提出': 'employment-insurance-enrolment',
    'Report new employees for employment insurance': 'employment-insurance-enrolment',
    '労働保険の年度更新': 'labour-insurance-annual-renewal',
    'Annual labour insurance premium declaration': 'labour-insurance-annual-renewal',
    '労働保険料の納付（延納 第2期・第3期）': 'labour-insurance-instalments',
    'Pay labour insurance premium instalments (2nd and 3rd)': 'labour-insurance-instalments',
    '月次決算': 'monthly-closing',
    'Monthly closing': 'monthly-closing',
    '法人税・消費税の確定申告（3月決算）': 'corporate-tax-final-return',
    'File final corporate tax and consumption tax returns (March year-end)': 'corporate-tax-final-return',
    '法人税の中間申告（3月決算）': 'corporate-tax-interim-return',
    'File the interim corporate tax return (March year-end)': 'corporate-tax-interim-return',
    '償却資産申告': 'depreciable-assets-return',
    'File the depreciable assets return': 'depreciable-assets-return',
    '36協定の締結・届出': 'article-36-agreement',
    'Conclude and file the overtime agreement (Article 36)': 'article-36-agreement',
    '年次有給休暇の年5日取得の確認': 'annual-leave-five-days',
    'Check that everyone takes five days of annual paid leave': 'annual-leave-five-days',
    '定期健康診断の実施': 'health-check',
    'Hold the periodic health examination': 'health-check',
    '定期健康診断結果報告': 'health-check-report',
    'Report periodic health examination results': 'health-check-report',
    'ストレスチェックの実施': 'stress-check',
    'Run the stress check': 'stress-check',
    'ストレスチェック実施報告': 'stress-check-report',
    'Report the stress check': 'stress-check-report',
    '労働者死傷病報告（休業4日未満・四半期）': 'minor-injury-report',
    "Report minor occupational injuries (under 4 days' absence, quarterly)": 'minor-injury-report',
    '障害者雇用状況報告': 'disability-employment-report',
    'Report the employment of persons with disabilities': 'disability-employment-report',
    '高年齢者雇用状況等報告': 'elderly-employment-report',
    'Report the employment of elderly persons': 'elderly-employment-report',
}


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
        for title, key in CATALOGUE_TITLES.items():
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
