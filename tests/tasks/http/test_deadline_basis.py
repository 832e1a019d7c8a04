"""The deadline basis and work-by buffer through the task form, the API, the
pages that show both dates, the ICS feed and `planner preview-dates`."""
from __future__ import annotations

import re
from datetime import date, timedelta

from icalendar import Calendar
from sqlalchemy import select

from planner.calendar.operations import add_closed_day
from planner.core.extensions import db
from planner.people import tokens
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

JANUARY = date(2027, 1, 10)


def _inventory_closure(app) -> None:  # noqa: ANN001
    """Closed 5–12 January 2027: the January withholding tax is legally due
    Tue 12 January; the company must have it done by Mon 4 January."""
    with app.app_context():
        add_closed_day("棚卸休業", date(2027, 1, 5), date(2027, 1, 12), yearly=False)
        occurrences.materialise()
        db.session.commit()


def test_the_api_takes_and_returns_the_basis_and_the_buffer(app, client, world, bearer):
    _inventory_closure(app)
    manager = bearer(world.manager)
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=manager,
                            json={"deadline_basis": "statutory"})
    assert response.status_code == 200, response.json
    assert (response.json["deadline_basis"], response.json["work_by_buffer_days"]) == (
        "statutory", 0)
    # Only the buffer sent: the basis stays.
    response = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=manager,
                            json={"work_by_buffer_days": 1})
    assert (response.json["deadline_basis"], response.json["work_by_buffer_days"]) == (
        "statutory", 1)
    # The task's next occurrence: legally due Thu 10 December, worked by the 9th.
    assert (response.json["next_due_date"], response.json["work_by"]) == (
        "2026-12-10", "2026-12-09")
    listed = client.get("/api/v1/tasks?per_page=100", headers=manager).json["items"]
    assert [t["work_by"] for t in listed if t["id"] == world.payroll_task] == ["2026-12-09"]
    items = client.get("/api/v1/occurrences?due_from=2027-01-01&due_to=2027-01-31",
                       headers=manager).json["items"]
    mine = [o for o in items if o["task_id"] == world.payroll_task]
    assert [(o["due_date"], o["work_by"], o["deadline_basis"]) for o in mine] == [
        ("2027-01-12", "2026-12-28", "statutory")]
    created = client.post("/api/v1/tasks", headers=manager, json={
        "title": "社会保険料の納付", "department_id": world.payroll, "category": "social_insurance",
        "preset": "month_end", "shift": "next"})
    assert created.status_code == 201
    assert (created.json["deadline_basis"], created.json["work_by_buffer_days"]) == (
        "internal", 0)


def test_bad_basis_or_buffer_is_a_422_naming_the_field(app, client, world, bearer):
    manager = bearer(world.manager)
    for body, field in (({"work_by_buffer_days": -1}, "work_by_buffer_days"),
                        ({"work_by_buffer_days": 100000}, "work_by_buffer_days"),
                        ({"work_by_buffer_days": "two"}, "work_by_buffer_days"),
                        ({"deadline_basis": "legal"}, "deadline_basis")):
        response = client.patch(f"/api/v1/tasks/{world.payroll_task}", headers=manager,
                                json=body)
        assert response.status_code == 422, body
        assert set(response.json["error"]["fields"]) == {field}
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        assert (task.deadline_basis, task.work_by_buffer_days) == ("internal", 0)


def test_the_form_shows_a_bad_buffer_next_to_its_field(app, client, auth, world):
    auth.login("manager@example.com")
    token = auth.csrf_token(f"/tasks/{world.payroll_task}/edit")
    page = client.get(f"/tasks/{world.payroll_task}/edit").get_data(as_text=True)
    assert 'name="deadline_basis"' in page and 'name="work_by_buffer_days"' in page
    form = {"title": "源泉所得税の納付", "code": "PAY-001", "department_id": world.payroll,
            "category": "tax", "criticality": "high", "effort_minutes": "0",
            "preset": "monthly_day", "day": "10", "shift": "next", "lead_days": "7, 1, 0",
            "dtstart": "2026-01-01", "csrf_token": token}
    response = client.post(f"/tasks/{world.payroll_task}/edit", data={
        **form, "deadline_basis": "legal", "work_by_buffer_days": "-3"})
    page = response.get_data(as_text=True)
    assert sorted(re.findall(r'id="(\w+)-error"', page)) == ["deadline_basis",
                                                             "work_by_buffer_days"]
    response = client.post(f"/tasks/{world.payroll_task}/edit", data={
        **form, "deadline_basis": "statutory", "work_by_buffer_days": "0"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Task, world.payroll_task).deadline_basis == "statutory"


def _statutory(app, world, buffer: int = 0) -> None:  # noqa: ANN001
    _inventory_closure(app)
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.deadline_basis, task.work_by_buffer_days = "statutory", buffer
        db.session.flush()
        occurrences.materialise()
        db.session.commit()


def test_my_work_shows_the_work_by_and_the_legal_date(app, client, auth, world):
    _statutory(app, world, buffer=1)  # work by Mon 28 December, within the 30 days shown
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    row = page[page.index("2026年12月28日"):]
    assert "法定期限 2027年1月12日" in row[:row.index("</li>")]


def test_the_ics_event_is_on_the_work_by_date_and_names_the_legal_one(app, client, world):
    _statutory(app, world)
    with app.app_context():
        _, plaintext = tokens.create_token(db.session.get(User, world.staff),
                                           kind=tokens.CALENDAR)
        occurrence_id = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.nominal_date == JANUARY))
        db.session.commit()
    events = Calendar.from_ical(client.get(f"/feeds/{plaintext}.ics").data).walk("VEVENT")
    event = next(e for e in events if str(e["uid"]).startswith(f"occurrence-{occurrence_id}@"))
    assert event.decoded("dtstart") == date(2027, 1, 4)
    assert event.decoded("dtend") == date(2027, 1, 4) + timedelta(days=1)
    assert str(event["summary"]) == "源泉所得税の納付（法定期限 2027-01-12）"
    assert "法定期限：2027年1月12日" in str(event["description"])


def test_preview_dates_on_the_statutory_calendar_ignores_the_company_s(app, runner):
    with app.app_context():
        add_closed_day("夏季休業", date(2027, 8, 9), date(2027, 8, 16), yearly=False)
        db.session.commit()
    args = ["preview-dates", "--rrule", "FREQ=MONTHLY;BYMONTHDAY=10", "--shift", "next",
            "--start", "2027-08-01", "--count", "1"]
    company = runner.invoke(args=args)
    statutory = runner.invoke(args=[*args, "--calendar", "statutory"])
    assert company.exit_code == statutory.exit_code == 0
    assert company.output.split()[-1] == "2027-08-17"
    assert statutory.output.split()[-1] == "2027-08-10"
    assert runner.invoke(args=[*args, "--calendar", "lunar"]).exit_code == 2


def test_the_form_s_preview_shows_legal_and_work_by_dates(app, client, world, bearer):
    with app.app_context():
        add_closed_day("夏季休業", date(2027, 8, 9), date(2027, 8, 16), yearly=False)
        db.session.commit()
    query = ("/api/v1/recurrence/preview?rrule=FREQ%3DMONTHLY%3BBYMONTHDAY%3D10&shift=next"
             "&dtstart=2027-08-01&start=2027-08-01&count=1")
    company = client.get(query, headers=bearer(world.staff)).json["dates"]
    assert [(d["due"], d["work_by"]) for d in company] == [("2027-08-17", "2027-08-17")]
    statutory = client.get(f"{query}&deadline_basis=statutory&work_by_buffer_days=1",
                           headers=bearer(world.staff)).json["dates"]
    assert [(d["due"], d["work_by"]) for d in statutory] == [("2027-08-10", "2027-08-05")]
    bad = client.get(f"{query}&deadline_basis=legal", headers=bearer(world.staff))
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"deadline_basis"}


def test_the_task_page_shows_the_basis_and_both_dates(app, client, auth, world):
    _statutory(app, world, buffer=1)
    auth.login("staff@example.com")
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert "法定（法令で定める期限）" in page
    upcoming = page[page.index('class="table compact upcoming"'):]
    assert "作業期限" in upcoming and "法定期限" in upcoming
    assert upcoming.index("2027年1月12日") < upcoming.index("2026年12月28日")
