"""The demo's period lock: last month is closed with the files its checked
work was checked on, kept in the evidence store; this month is in progress."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.evidence import operations as evidence
from planner.evidence.models import Evidence
from planner.people.models.department import Department
from planner.periods import operations as periods
from planner.work.models import Occurrence


def test_last_month_is_closed_with_its_evidence_and_this_month_is_open(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        month = (org_today().replace(day=1) - timedelta(days=1)).replace(day=1)
        payroll = db.session.scalar(select(Department).where(Department.code == "payroll"))
        closed = periods.standing_close(payroll.id, month)
        assert closed is not None and closed.closed_by.role == "manager"
        assert periods.standing_close(payroll.id, org_today().replace(day=1)) is None
        files = db.session.scalars(select(Evidence)).all()
        assert files
        for row in files:
            occurrence = db.session.get(Occurrence, row.occurrence_id)
            assert occurrence.due_date.replace(day=1) == month
            assert occurrence.status == "done" and occurrence.task.review_required
            assert hashlib.sha256(evidence.content(row)).hexdigest() == row.sha256
