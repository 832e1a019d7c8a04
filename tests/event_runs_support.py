"""Set-up shared by the procedure runs' tests: the departments the shipped
event types send their steps to, besides the world's payroll and accounting."""
from __future__ import annotations

from planner.core.extensions import db
from planner.people.models.department import Department
from planner.people.models.user import User


def step_departments(manager_id: int) -> Department:
    """人事 and 総務, the manager made a manager of 人事 too; returns 人事."""
    hr = Department(code="hr", name="人事")
    db.session.add_all([hr, Department(code="general", name="総務")])
    db.session.flush()
    manager = db.session.get(User, manager_id)
    manager.departments.append(hr)
    return hr
