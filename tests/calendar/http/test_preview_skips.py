"""The schedule preview says plainly which months a rule skips: the task
form's preview (GET /api/v1/recurrence/preview) and `planner preview-dates`."""
from __future__ import annotations

from datetime import date

from planner.calendar.recurrence import Schedule
from planner.core.extensions import db
from planner.tasks.models import Task

PREVIEW = "/api/v1/recurrence/preview"


def test_a_raw_rule_on_the_31st_is_previewed_with_the_months_it_skips(client, world, bearer):
    response = client.get(f"{PREVIEW}?rrule=FREQ=MONTHLY;BYMONTHDAY=31&start=2027-01-01"
                          "&count=4", headers=bearer(world.staff))
    assert response.status_code == 200
    assert [d["nominal"] for d in response.json["dates"]] == [
        "2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"]
    assert [(s["month"], s["day"]) for s in response.json["skipped"]] == [
        ("2027-02", 31), ("2027-04", 31), ("2027-06", 31)]
    assert response.json["skipped"][0]["message"] == (
        "2027年2月は31日がないため、この月はスキップされます。")


def test_29_february_outside_leap_years_is_said_in_english_too(client, app, world, bearer):
    headers = {**bearer(world.staff), "Accept-Language": "en"}
    with app.app_context():
        from planner.people.models.user import User

        db.session.get(User, world.staff).language = "en"
        db.session.commit()
    response = client.get(f"{PREVIEW}?preset=custom&rrule=FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
                          "&start=2027-01-01&count=2", headers=headers)
    assert [d["nominal"] for d in response.json["dates"]] == ["2028-02-29", "2032-02-29"]
    messages = [s["message"] for s in response.json["skipped"]]
    assert messages[0] == "2027/2 has no day 29, so this month is skipped."
    assert len(messages) == 4  # 2027, 2029, 2030, 2031


def test_the_preset_on_the_31st_skips_nothing(client, world, bearer):
    response = client.get(f"{PREVIEW}?preset=monthly_day&day=31&start=2027-01-01&count=4",
                          headers=bearer(world.staff))
    assert [d["nominal"] for d in response.json["dates"]] == [
        "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    assert response.json["skipped"] == []


def test_the_yearly_preset_refuses_a_day_the_month_never_has(client, world, bearer):
    response = client.get(f"{PREVIEW}?preset=yearly&month=4&day=31",
                          headers=bearer(world.staff))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"day": ["4月に31日はありません。"]}


def test_a_task_saved_with_the_old_day_31_rule_opens_as_that_custom_rule(app, client, auth,
                                                                         world):
    # Its dates stay as they were (short months skipped): the form shows the
    # rule it has, and saving the form unchanged keeps it.
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.schedule = Schedule("rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=31")
        db.session.commit()
    auth.login("staff@example.com")
    page = client.get(f"/tasks/{world.payroll_task}/edit").get_data(as_text=True)
    assert '<option selected value="custom">' in page or 'value="custom" selected' in page
    assert 'value="FREQ=MONTHLY;BYMONTHDAY=31"' in page
