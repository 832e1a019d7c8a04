"""My work, the team calendar, overdue work and the calendar feed (pages)."""
from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.people import tokens
from planner.people.models.user import User
from planner.work.models import Occurrence


def _overdue_occurrence(app, task_id: int) -> int:  # noqa: ANN001
    with app.app_context():
        due = org_today() - timedelta(days=3)
        occurrence = Occurrence(task_id=task_id, nominal_date=due, due_date=due)
        db.session.add(occurrence)
        db.session.commit()
        return occurrence.id


def test_my_work_lists_overdue_and_completing_removes_it(app, client, auth, world):
    occurrence_id = _overdue_occurrence(app, world.payroll_task)
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    overdue = page.split('id="work-overdue"')[1].split("</section>")[0]
    assert "源泉所得税の納付" in overdue
    token = auth.csrf_token("/my-work")
    response = client.post(f"/occurrences/{occurrence_id}/complete",
                           data={"csrf_token": token, "next": "/my-work"})
    assert response.status_code == 302 and response.headers["Location"] == "/my-work"
    page = client.get("/my-work").get_data(as_text=True)
    overdue = page.split('id="work-overdue"')[1].split("</section>")[0]
    assert "源泉所得税の納付" not in overdue
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        assert occurrence.status == "done" and occurrence.completed_by_id == world.staff


def test_skip_without_reason_changes_nothing(app, client, auth, world):
    occurrence_id = _overdue_occurrence(app, world.payroll_task)
    auth.login("staff@example.com")
    token = auth.csrf_token("/my-work")
    client.post(f"/occurrences/{occurrence_id}/skip", data={"csrf_token": token, "reason": ""})
    with app.app_context():
        assert db.session.get(Occurrence, occurrence_id).status == "open"
    client.post(f"/occurrences/{occurrence_id}/skip",
                data={"csrf_token": token, "reason": "今月は対象者なし"})
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        assert (occurrence.status, occurrence.note) == ("skipped", "今月は対象者なし")


def test_overdue_page_for_managers(app, client, auth, world):
    _overdue_occurrence(app, world.payroll_task)
    _overdue_occurrence(app, world.accounting_task)
    auth.login("manager@example.com")
    page = client.get("/overdue").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "月次決算" not in page


def test_team_calendar_shows_the_month_with_holidays(client, auth, world):
    auth.login("staff@example.com")
    page = client.get(f"/calendar?department_id={world.payroll}&month=2027-01").get_data(
        as_text=True)
    assert "成人の日" in page and "年末年始休業" in page
    assert "源泉所得税の納付" in page
    # Another department is not offered: the page falls back to the person's own.
    other = client.get(f"/calendar?department_id={world.accounting}").get_data(as_text=True)
    assert "月次決算" not in other


def test_team_calendar_with_a_bad_month_falls_back_to_this_month(client, auth, world):
    auth.login("staff@example.com")
    assert client.get("/calendar?month=2027-13").status_code == 200


def test_ics_feed_parses_and_a_revoked_url_is_404(app, client, auth, world):
    with app.app_context():
        staff = db.session.get(User, world.staff)
        token, plaintext = tokens.create_token(staff, kind=tokens.CALENDAR)
        db.session.commit()
        token_id = token.id
        first = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task).order_by(Occurrence.due_date).limit(1))
        first_id, first_due = first.id, first.due_date
    response = client.get(f"/feeds/{plaintext}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert len(events) >= 12
    event = next(e for e in events if str(e["uid"]).startswith(f"occurrence-{first_id}@"))
    assert event.decoded("dtstart") == first_due
    assert event.decoded("dtend") == first_due + timedelta(days=1)
    assert str(event["summary"]) == "源泉所得税の納付"
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    assert triggers == [timedelta(days=-7, hours=9), timedelta(days=-1, hours=9),
                        timedelta(hours=9)]
    # Stable UIDs: the same event keeps its UID on the next fetch.
    again = Calendar.from_ical(client.get(f"/feeds/{plaintext}.ics").data)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in events}
    with app.app_context():
        tokens.revoke_token(db.session.get(User, world.staff), token_id)
        db.session.commit()
    assert client.get(f"/feeds/{plaintext}.ics").status_code == 404


def test_an_api_token_does_not_open_the_feed_and_a_feed_token_not_the_api(app, client, world):
    with app.app_context():
        staff = db.session.get(User, world.staff)
        _, api_token = tokens.create_token(staff)
        _, feed_token = tokens.create_token(staff, kind=tokens.CALENDAR)
        db.session.commit()
    assert client.get(f"/feeds/{api_token}.ics").status_code == 404
    response = client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {feed_token}"})
    assert response.status_code == 401


def test_account_page_makes_a_feed_url_once(client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/account/")
    page = client.post("/account/calendar-feed", data={"csrf_token": token}).get_data(
        as_text=True)
    url = page.split("data-feed-url>")[1].split("<")[0]
    assert "/feeds/" in url and url.endswith(".ics")
    path = url[url.index("/feeds/"):]
    assert client.get(path).status_code == 200
    assert path not in client.get("/account/").get_data(as_text=True)
    client.post("/account/calendar-feed/revoke", data={"csrf_token": token})
    assert client.get(path).status_code == 404


def test_task_page_shows_schedule_and_next_dates(client, auth, world):
    auth.login("staff@example.com")
    page = client.get(f"/tasks/{world.payroll_task}").get_data(as_text=True)
    assert "毎月10日" in page and "翌営業日" in page


def test_catalogue_prefills_a_new_task(client, auth, world):
    auth.login("staff@example.com")
    page = client.get("/tasks/catalogue").get_data(as_text=True)
    assert "源泉所得税の納付" in page and "算定基礎届" in page
    form = client.get("/tasks/new?template=withholding-tax-monthly").get_data(as_text=True)
    assert 'value="源泉所得税の納付"' in form
    assert client.get("/tasks/new?template=nope").status_code == 404


def test_admin_adds_a_closure_and_due_dates_move(app, client, auth, world):
    auth.login("admin@example.com")
    token = auth.csrf_token("/admin/calendar")
    with app.app_context():
        target = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).offset(2).limit(1))
        target_id, due = target.id, target.due_date
    response = client.post("/admin/calendar", data={
        "closed-csrf_token": token, "closed-name": "臨時休業", "closed-start_date": due.isoformat(),
        "closed-end_date": due.isoformat(), "closed-submit": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Occurrence, target_id).due_date > due


def test_closure_ending_before_it_starts_is_refused(app, client, auth, world):
    auth.login("admin@example.com")
    token = auth.csrf_token("/admin/calendar")
    response = client.post("/admin/calendar", data={
        "closed-csrf_token": token, "closed-name": "逆", "closed-start_date": "2027-05-10",
        "closed-end_date": "2027-05-01", "closed-submit": "1"})
    assert response.status_code == 400
    assert 'id="closed-end_date-error"' in response.get_data(as_text=True)


def test_today_is_the_organisations_date(app):
    with app.app_context():
        assert abs((org_today() - date.today()).days) <= 1
