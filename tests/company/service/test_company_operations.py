"""Saving the profile over the demo back office: the catalogue's tasks follow the fiscal
year, their history does not."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.company import operations as company
from planner.company.domain import Profile
from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.demo.loader import seed_demo
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.models import Occurrence


def _task(code: str) -> Task:
    return db.session.scalar(select(Task).where(Task.code == code))


def _dates(task: Task, *statuses: str) -> list[date]:
    return list(db.session.scalars(select(Occurrence.due_date).where(
        Occurrence.task_id == task.id, Occurrence.status.in_(statuses))
        .order_by(Occurrence.due_date)))


def test_a_december_year_end_moves_open_returns_and_leaves_history(ctx):
    seed_demo()
    admin = db.session.scalar(select(User).where(User.role == "admin"))
    final, interim, withholding = _task("ACC-007"), _task("ACC-009"), _task("PAY-005")
    assert (final.catalogue_key, final.deadline_basis) == ("corporate-tax-final-return",
                                                           "statutory")
    assert _task("ACC-001").deadline_basis == "internal"  # 月次決算: the company's own date
    # Last year's returns, filed (and one skipped): they stay where they were.
    db.session.add_all([
        Occurrence(task_id=final.id, nominal_date=date(2026, 5, 31), due_date=date(2026, 6, 1),
                   status="done"),
        Occurrence(task_id=interim.id, nominal_date=date(2025, 11, 30),
                   due_date=date(2025, 12, 1), status="skipped")])
    db.session.flush()
    history = {task.id: _dates(task, "done", "skipped") for task in (final, interim)}
    withholding_before = _dates(withholding, "open")

    moves = company.preview(Profile(fiscal_year_end_month=12))
    assert {(m.task.code, m.old, m.new) for m in moves} >= {
        ("ACC-007", date(2027, 5, 31), date(2027, 3, 1)),
        ("ACC-009", date(2027, 11, 30), date(2027, 8, 31))}
    assert all(m.task.code in ("ACC-007", "ACC-008", "ACC-009", "ACC-010") for m in moves)

    moved = company.save_profile(admin, Profile(fiscal_year_end_month=12))
    db.session.commit()
    assert {task.code for task in moved} == {"ACC-007", "ACC-008", "ACC-009", "ACC-010"}
    assert _dates(final, "open") == [date(2027, 3, 1)]
    assert _dates(interim, "open") == [date(2027, 8, 31)]
    # The quarterly consumption tax interim returns: 5th, 8th and 11th months.
    assert [d.month for d in _dates(_task("ACC-010"), "open")][:3] == [5, 8, 11]
    for task in (final, interim):
        assert _dates(task, "done", "skipped") == history[task.id]
    assert _dates(withholding, "open") == withholding_before
    assert company.preview(Profile(fiscal_year_end_month=12)) == []  # nothing left to move


def test_only_an_administrator_saves_and_a_bad_profile_saves_nothing(ctx, world):
    staff = db.session.get(User, world.staff)
    admin = db.session.get(User, world.admin)
    try:
        company.save_profile(staff, Profile(fiscal_year_end_month=12))
        raise AssertionError("staff saved the profile")
    except Forbidden:
        pass
    try:
        company.save_profile(admin, Profile(fiscal_year_end_month=13))
        raise AssertionError("month 13 saved")
    except ValidationError as error:
        assert set(error.fields) == {"fiscal_year_end_month"}
    assert company.get_profile() == Profile()
