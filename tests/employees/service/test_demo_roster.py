"""`planner seed-demo` brings the company's roster: 300 employees, the same
every time, some leaving soon and a few not in employment insurance."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.core.extensions import db
from planner.employees.models import Employee


def test_the_demo_loads_the_roster(app, runner, client, auth):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        # The roster, without the hires the demo's events in flight add after it.
        employees = db.session.scalars(select(Employee).where(Employee.number <= "00300")
                                       .order_by(Employee.number)).all()
    assert len(employees) == 300 and employees[0].employment_type == "officer"
    assert {e.division for e in employees} >= {"営業部", "製造部", "開発部", "管理部"}
    assert sum(not e.employment_insurance_insured for e in employees) == 14
    # Leaving at the end of this month or the next (the demo's two leavers in
    # flight left a few days ago).
    assert sorted({e.leave_date for e in employees
                   if e.leave_date and e.leave_date >= date(2026, 12, 1)}) == [
        date(2026, 12, 31), date(2027, 1, 31)]
    assert auth.login("suzuki.ichiro@example.co.jp", "planner-demo").status_code == 302
    page = client.get("/employees/?q=役員室").get_data(as_text=True)
    assert "4人" in page
