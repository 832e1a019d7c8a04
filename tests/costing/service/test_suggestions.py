"""Suggestions, the managers' reviews, the portfolio and its Excel export."""
from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from planner.core.extensions import db
from planner.costing.models.suggestion import Suggestion, SuggestionDecision
from planner.tasks.models import Task


def _automatable(client, world, bearer) -> dict[str, str]:  # noqa: ANN001
    headers = bearer(world.manager)
    client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers, json={
        "hourly_cost": 3000, "automation_build_cost": 100000, "automation_annual_cost": 12000,
        "automation_residual_share": 0.25, "suitability_rule_based": 5,
        "suitability_digital_input": 4, "suitability_stable_process": 4,
        "suitability_low_exceptions": 3, "suitability_volume": 4})
    return headers


def test_a_spof_is_to_cross_train_until_automation_pays(app, client, world, bearer):
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.effort_minutes = 120
        db.session.commit()
    headers = bearer(world.manager)
    items = client.get("/api/v1/suggestions", headers=headers).json["items"]
    assert {i["task_id"]: i["kind"] for i in items}[world.payroll_task] == "cross_train"
    _automatable(client, world, bearer)
    items = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    [item] = items
    assert (item["annual_saving"], item["payback_months"], item["suitability"]) == (
        42000, 28.6, 75)


def test_review_flow_keeps_every_decision_and_a_decided_one_stays(app, client, world, bearer):
    headers = _automatable(client, world, bearer)
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.effort_minutes = 120
        db.session.commit()
    [item] = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    url = f"/api/v1/suggestions/{item['id']}/review"
    response = client.post(url, headers=headers, json={"action": "approve"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"owner_id", "due_date"}
    response = client.post(url, headers=headers, json={
        "action": "approve", "owner_id": world.staff, "due_date": "2027-03-31",
        "note": "RPAで自動化"})
    assert response.status_code == 200 and response.json["status"] == "approved"
    assert client.post(url, headers=headers, json={"action": "start"}).json["status"] == (
        "in_progress")
    # Inputs change, but the decided suggestion stays as decided.
    client.put(f"/api/v1/tasks/{world.payroll_task}/cost-profile", headers=headers,
               json={"hourly_cost": 1})
    body = client.get("/api/v1/suggestions?status=in_progress", headers=headers).json
    assert [i["kind"] for i in body["items"]] == ["automate"]
    assert client.post(url, headers=headers, json={"action": "done"}).json["status"] == "done"
    with app.app_context():
        actions = db.session.scalars(select(SuggestionDecision.action).order_by(
            SuggestionDecision.id)).all()
        assert actions == ["approve", "start", "done"]
    bad = client.post(url, headers=headers, json={"action": "approve", "owner_id": world.staff,
                                                   "due_date": "2027-03-31"})
    assert bad.status_code == 422 and "action" in bad.json["error"]["fields"]


def test_approved_suggestion_shows_on_the_owners_my_work(app, client, auth, world, bearer):
    headers = _automatable(client, world, bearer)
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
    [item] = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    client.post(f"/api/v1/suggestions/{item['id']}/review", headers=headers, json={
        "action": "approve", "owner_id": world.staff, "due_date": "2027-03-31"})
    auth.login("staff@example.com")
    page = client.get("/my-work").get_data(as_text=True)
    section = page.split('id="work-improvements"')[1].split("</section>")[0]
    assert "源泉所得税の納付" in section


def test_portfolio_page_and_excel_export_with_yen_formats(app, client, auth, world, bearer):
    headers = _automatable(client, world, bearer)
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
    [item] = client.get("/api/v1/suggestions?kind=automate", headers=headers).json["items"]
    client.post(f"/api/v1/suggestions/{item['id']}/review", headers=headers, json={
        "action": "approve", "owner_id": world.staff, "due_date": "2027-03-31"})
    auth.login("manager@example.com")
    page = client.get("/portfolio").get_data(as_text=True)
    assert "¥42,000" in page and "28.6" in page and "<svg" in page
    assert "2026年度" in page
    response = client.get("/portfolio.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    row = next(r for r in rows if r[0] == "源泉所得税の納付")
    assert row[4] == 42000 and row[5] == 18802
    index = rows.index(row) + 2
    assert "¥" in sheet.cell(index, 5).number_format
    totals = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert ("給与", 2026, 42000, 0) in totals


def test_review_form_errors_show_next_to_the_fields(app, client, auth, world, bearer):
    _automatable(client, world, bearer)
    with app.app_context():
        db.session.get(Task, world.payroll_task).effort_minutes = 120
        db.session.commit()
        suggestion_id = None
    auth.login("manager@example.com")
    client.get("/portfolio")
    with app.app_context():
        suggestion_id = db.session.scalar(select(Suggestion.id).where(
            Suggestion.task_id == world.payroll_task))
    token = auth.csrf_token("/portfolio")
    prefix = f"s{suggestion_id}"
    response = client.post(f"/suggestions/{suggestion_id}/review", data={
        "csrf_token": token, f"{prefix}-csrf_token": token, f"{prefix}-action": "approve"})
    assert response.status_code == 400
    assert f'id="{prefix}-owner_id-error"' in response.get_data(as_text=True)



def test_review_forms_carry_each_session_its_token_and_the_current_people(app, client, auth,
                                                                          world, bearer):
    import re

    from conftest import AuthActions
    from itsdangerous import URLSafeTimedSerializer

    from planner.people.operations import PersonData, create_person

    _automatable(client, world, bearer)
    auth.login("manager@example.com")
    other = app.test_client()
    AuthActions(other).login("admin@example.com")
    form_tokens = re.compile(r'name="s\d+-csrf_token" type="hidden" value="([^"]+)"')
    # A signed token carries the second it was signed in, so two pages rendered a
    # second apart differ as strings (this test was flaky for comparing strings);
    # what must match is the session's secret inside it.
    signed = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
    secrets = []
    for who, this_auth in ((client, auth), (other, AuthActions(other))):
        page = who.get("/portfolio").get_data(as_text=True)
        tokens = form_tokens.findall(page)
        assert tokens
        secrets.append({signed.loads(token) for token in tokens})
        assert secrets[-1] == {signed.loads(this_auth.csrf_token("/portfolio"))}
    assert secrets[0] != secrets[1]
    assert "新人 花子" not in client.get("/portfolio").get_data(as_text=True)
    with app.app_context():
        create_person(PersonData(email="new@example.com", name="新人 花子",
                                 department_ids=[world.payroll]))
        db.session.commit()
    assert "新人 花子" in client.get("/portfolio").get_data(as_text=True)  # the owner choices


def test_portfolio_issues_a_bounded_number_of_queries(app, client, auth, world, count_queries):
    from datetime import date as day

    from planner.calendar.recurrence import Schedule

    auth.login("manager@example.com")
    client.get("/portfolio")
    with count_queries() as small:
        client.get("/portfolio")
    with app.app_context():
        for n in range(30):
            task = Task(title=f"業務{n}", department_id=world.payroll, category="other",
                        criticality="low")
            task.schedule = Schedule("rrule", day(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=5")
            db.session.add(task)
        db.session.commit()
    client.get("/portfolio")  # creates the new tasks' suggestions
    with count_queries() as large:
        client.get("/portfolio")
    assert len(large) == len(small), (len(small), len(large))


# --- The portfolio at scale: pages, filters, totals of everything ------------


def _many(app, world, count: int, department: int | None = None, **fields) -> list[int]:  # noqa: ANN001, ANN003
    """`count` automation proposals titled 改善-00, 改善-01, … in falling NPV."""
    from datetime import date as day

    from planner.calendar.recurrence import Schedule

    with app.app_context():
        tasks = []
        for n in range(count):
            task = Task(title=f"改善-{n:02d}", department_id=department or world.payroll,
                        category="other", criticality="low")
            task.schedule = Schedule("rrule", day(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=5")
            db.session.add(task)
            tasks.append(task)
        db.session.commit()  # each task's proposal is computed: "keep"
        made = []
        for n, task in enumerate(tasks):
            # Figures as if cost inputs said so, written over the computed ones.
            suggestion = db.session.scalar(select(Suggestion).where(Suggestion.task_id == task.id))
            suggestion.kind, suggestion.annual_saving = "automate", 1000
            suggestion.npv, suggestion.payback_months = 100_000 - n, 12.0
            for name, value in fields.items():
                setattr(suggestion, name, value)
            made.append(suggestion.id)
        db.session.commit()
        return made


def _titles(page: str) -> list[str]:
    import re

    return re.findall(r'class="occurrence-title" href="[^"]*">([^<]+)</a>', page)


def test_portfolio_pages_through_suggestions_with_totals_of_them_all(app, client, auth, world):
    from datetime import date as day

    _many(app, world, 30, status="approved", owner_id=world.staff, due_date=day(2026, 6, 30))
    auth.login("manager@example.com")
    first = client.get("/portfolio").get_data(as_text=True)
    assert _titles(first) == [f"改善-{n:02d}" for n in range(25)]
    # The totals are of all 30 approved suggestions, not of the 25 shown.
    assert "¥30,000" in first and "¥25,000" not in first
    assert 'href="/portfolio?page=2" rel="next"' in first
    second = client.get("/portfolio?page=2").get_data(as_text=True)
    assert _titles(second) == [f"改善-{n:02d}" for n in range(25, 30)] + ["源泉所得税の納付"]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "¥30,000" in second
    # The chart plots the page's suggestions.
    assert first.count("<circle") == 25


def test_portfolio_filters_and_leaves_undecided_keep_out_unless_asked(app, client, auth, world):
    from datetime import date as day

    from planner.calendar.recurrence import Schedule
    from planner.tasks.models import TaskOwner

    _many(app, world, 3)
    with app.app_context():
        # Two qualified people and no cost inputs: nothing to do, "keep".
        task = Task(title="安定業務", department_id=world.payroll, category="other",
                    criticality="low")
        task.schedule = Schedule("rrule", day(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=5")
        task.owners = [TaskOwner(user_id=world.staff, role="primary", level=3),
                       TaskOwner(user_id=world.manager, role="backup", level=4)]
        db.session.add(task)
        db.session.commit()
    auth.login("manager@example.com")
    assert _titles(client.get("/portfolio").get_data(as_text=True)) == [
        "改善-00", "改善-01", "改善-02", "源泉所得税の納付"]
    assert _titles(client.get("/portfolio?kind=keep").get_data(as_text=True)) == ["安定業務"]
    assert _titles(client.get("/portfolio?kind=cross_train").get_data(as_text=True)) == [
        "源泉所得税の納付"]
    assert _titles(client.get("/portfolio?status=approved").get_data(as_text=True)) == []
    # A value that is not a choice is dropped with its message, not a 500.
    page = client.get("/portfolio?status=bogus")
    assert page.status_code == 200 and len(_titles(page.get_data(as_text=True))) == 4
    # A manager sees only their departments, whatever they ask for: another
    # one is not a choice, so the filter is dropped.
    _many(app, world, 2, department=world.accounting)
    page = client.get(f"/portfolio?department_id={world.accounting}").get_data(as_text=True)
    assert len(_titles(page)) == 4
    auth.logout()
    auth.login("admin@example.com")
    page = client.get(f"/portfolio?department_id={world.accounting}").get_data(as_text=True)
    assert _titles(page) == ["改善-00", "改善-01", "月次決算"]
    assert len(_titles(client.get("/portfolio").get_data(as_text=True))) == 7


def test_a_failed_review_shows_the_page_it_is_on_with_the_error(app, client, auth, world):
    ids = _many(app, world, 30)
    auth.login("manager@example.com")
    token = auth.csrf_token("/portfolio")
    target = ids[27]  # the third on page 2
    prefix = f"s{target}"
    # Sent from page 1 of a list that has moved on meanwhile: the page it is on now.
    response = client.post(f"/suggestions/{target}/review?page=1&kind=automate", data={
        "csrf_token": token, f"{prefix}-csrf_token": token, f"{prefix}-action": "approve"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert _titles(page) == [f"改善-{n:02d}" for n in range(25, 30)]
    assert f'id="{prefix}-owner_id-error"' in page and f'id="{prefix}-due_date-error"' in page
    assert f'action="/suggestions/{target}/review?page=2&amp;kind=automate"' in page
    # The other forms on the page are empty and carry their own prefix.
    other = f"s{ids[26]}"
    assert f'name="{other}-action"' in page and f'id="{other}-owner_id-error"' not in page
    # A decision recorded goes back to the list as it was.
    response = client.post(f"/suggestions/{target}/review?page=2&kind=automate", data={
        "csrf_token": token, f"{prefix}-csrf_token": token, f"{prefix}-action": "defer"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/portfolio?page=2&kind=automate#suggestion-{target}")
    # Filters that no longer hold it (it is deferred now): shown where it is.
    response = client.post(f"/suggestions/{target}/review?status=proposed", data={
        "csrf_token": token, f"{prefix}-csrf_token": token, f"{prefix}-action": "start"})
    assert response.status_code == 400
    assert _titles(response.get_data(as_text=True)) == ["改善-27"]


def test_portfolio_export_has_every_suggestion_not_one_page(app, client, auth, world):
    import csv
    import io

    _many(app, world, 60)
    auth.login("manager@example.com")
    rows = list(csv.reader(io.StringIO(client.get("/portfolio.csv").data.decode("utf-8-sig"))))
    titles = [row[0] for row in rows[1:]]
    assert titles == [f"改善-{n:02d}" for n in range(60)] + ["源泉所得税の納付"]


def test_portfolio_work_and_size_do_not_grow_with_the_suggestions(app, client, auth, world,
                                                                  count_queries):
    def view() -> tuple[int, int, str]:
        """Queries of a view just after a write (which ranks and sums the
        proposals again) and of the next one, and the page."""
        with count_queries() as after_write:
            client.get("/portfolio")
        with count_queries() as next_view:
            page = client.get("/portfolio").get_data(as_text=True)
        return len(after_write), len(next_view), page

    auth.login("admin@example.com")
    _many(app, world, 30)
    _many(app, world, 30, department=world.accounting)
    *small, small_page = view()
    _many(app, world, 150)
    _many(app, world, 150, department=world.accounting)
    *large, large_page = view()
    assert large == small, (small, large)
    assert small[1] < small[0]  # nothing written: the ranking and the totals are kept
    assert len(_titles(large_page)) == 25
    assert len(large_page) < 1.1 * len(small_page)


def test_a_view_after_a_change_of_owners_shows_the_new_proposal(app, client, auth, world):
    from planner.tasks.models import TaskOwner

    auth.login("manager@example.com")
    assert _titles(client.get("/portfolio?kind=cross_train").get_data(as_text=True)) == [
        "源泉所得税の納付"]
    client.get("/portfolio")  # nothing written since: the ranking is kept
    with app.app_context():
        # A second qualified person: no longer a single point of failure.
        db.session.add(TaskOwner(task_id=world.payroll_task, user_id=world.manager,
                                 role="backup", level=3))
        db.session.commit()
    assert _titles(client.get("/portfolio?kind=cross_train").get_data(as_text=True)) == []
    assert _titles(client.get("/portfolio?kind=keep").get_data(as_text=True)) == [
        "源泉所得税の納付"]


def test_a_person_leaving_makes_their_tasks_proposals_current_when_saved(app, world):
    from planner.people.models.user import User
    from planner.tasks.models import TaskOwner

    with app.app_context():
        db.session.add(TaskOwner(task_id=world.payroll_task, user_id=world.manager,
                                 role="backup", level=3))
        db.session.commit()
        proposal = select(Suggestion.kind).where(Suggestion.task_id == world.payroll_task)
        assert db.session.scalar(proposal) == "keep"
        # Not the task, nor its owners: the person is written, and the
        # proposal follows before the change is committed.
        db.session.get(User, world.manager).active = False
        db.session.commit()
        assert db.session.scalar(proposal) == "cross_train"


def test_a_rolled_back_write_leaves_nothing_to_recompute_at_the_next_commit(
        app, world, count_queries):
    from planner.tasks.models import TaskOwner

    with app.app_context():
        db.session.add(TaskOwner(task_id=world.payroll_task, user_id=world.manager,
                                 role="backup", level=3))
        db.session.flush()
        db.session.rollback()
        with count_queries() as statements:
            db.session.commit()
        assert not [s for s in statements if "suggestions" in s or "task_owners" in s]
        db.session.add(TaskOwner(task_id=world.payroll_task, user_id=world.manager,
                                 role="backup", level=3))
        with count_queries() as statements:
            db.session.commit()
        assert [s for s in statements if "suggestions" in s]
