"""The team calendar says who is away and which days are off."""
from __future__ import annotations

from datetime import date

from planner.core.extensions import db
from planner.coverage.models.absence import Absence


def _cell(page: str, day: str) -> str:
    """The opening tag and content of one day's cell."""
    start = page.index(f'data-date="{day}"')
    return page[page.rindex("<div", 0, start):page.index('role="cell"', start + 1)]


def test_absences_show_on_each_day_they_cover_in_their_department(app, client, auth, world):
    with app.app_context():
        db.session.add_all([
            Absence(user_id=world.staff, start_date=date(2026, 11, 27),
                    end_date=date(2026, 12, 2), kind="annual_leave"),
            Absence(user_id=world.other_staff, start_date=date(2026, 12, 3),
                    end_date=date(2026, 12, 3), kind="sick"),
        ])
        db.session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/calendar?department_id={world.payroll}&month=2026-12").get_data(
        as_text=True)
    # From the first day the grid shows (Monday 30 November) to the end of the leave.
    for day in ("2026-11-30", "2026-12-01", "2026-12-02"):
        assert "佐藤 花子（不在）" in _cell(page, day)
    assert "佐藤 花子（不在）" not in _cell(page, "2026-12-03")
    assert "title=\"佐藤 花子: 年次有給休暇\"" in _cell(page, "2026-12-01")
    # Another department's absence is not this calendar's.
    assert "田中 次郎" not in page


def test_weekends_and_holidays_are_marked(client, auth, world):
    auth.login("staff@example.com")
    page = client.get(f"/calendar?department_id={world.payroll}&month=2027-01").get_data(
        as_text=True)
    saturday, sunday = _cell(page, "2027-01-09"), _cell(page, "2027-01-10")
    assert "weekday-5" in saturday and "non-business" in saturday and "休業日" in saturday
    assert "weekday-6" in sunday and "non-business" in sunday
    coming_of_age = _cell(page, "2027-01-11")  # 成人の日, a Monday
    assert "holiday" in coming_of_age and "成人の日" in coming_of_age
    working_day = _cell(page, "2027-01-12")
    assert "non-business" not in working_day and "休業日" not in working_day
    assert "網掛け：土日・祝日・会社休業日" in page
