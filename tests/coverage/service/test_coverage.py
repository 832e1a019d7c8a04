"""Owners, the matrix, risk, absences, suggestions and workload (service and pages)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from planner.core.clock import org_today
from planner.core.errors import Forbidden, ValidationError
from planner.core.extensions import db
from planner.coverage import operations as coverage
from planner.coverage.models.absence import Absence
from planner.coverage.models.training import TrainingPlan
from planner.coverage.operations import OwnerEntry, matrix_cell_name
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence


@pytest.fixture
def payroll_team(ctx, world):  # noqa: ANN001, ANN201
    """Two more payroll people: a trainee at level 2 and a colleague."""
    trainee = create_person(PersonData(email="trainee@example.com", name="研修 中",
                                       department_ids=[world.payroll]))
    colleague = create_person(PersonData(email="colleague@example.com", name="同僚 太郎",
                                         department_ids=[world.payroll]))
    task = db.session.get(Task, world.payroll_task)
    task.owners.append(TaskOwner(user_id=trainee.id, role="trainee", level=2))
    db.session.commit()
    return trainee.id, colleague.id


def _coverage_of(task_id: int):  # noqa: ANN202
    task = db.session.get(Task, task_id)
    return coverage.task_coverage([task], org_today())[task_id]


def test_one_level_three_owner_is_a_spof_and_a_level_two_trainee_does_not_count(
        ctx, world, payroll_team):
    result = _coverage_of(world.payroll_task)
    assert result.qualified_count == 1 and result.single_point_of_failure
    assert result.risk_score == 3 * 3 * 2  # high, monthly, one person


def test_raising_a_second_person_to_three_in_the_matrix_removes_the_spof(ctx, world,
                                                                         payroll_team):
    trainee, _ = payroll_team
    manager = db.session.get(User, world.manager)
    changed = coverage.save_matrix(manager, world.payroll,
                                   {matrix_cell_name(world.payroll_task, trainee): "3"})
    assert changed == 1
    assert not _coverage_of(world.payroll_task).single_point_of_failure
    owner = db.session.scalar(select(TaskOwner).where(TaskOwner.user_id == trainee))
    assert (owner.level, owner.role) == (3, "backup")


def test_matrix_rows_show_saved_levels_or_what_was_entered(ctx, world, payroll_team):
    trainee, colleague = payroll_team
    manager = db.session.get(User, world.manager)
    grid = coverage.matrix(manager, world.payroll, per_page=25, people_per_page=20)
    [(task, qualified, cells)] = [row for row in grid.rows() if row[0].id == world.payroll_task]
    by_person = dict(zip([p.id for p in grid.people], cells, strict=True))
    staff = db.session.get(User, world.staff)
    assert by_person[world.staff] == (matrix_cell_name(task.id, world.staff), 3, True,
                                      f"{staff.name} · {task.title}")
    assert (by_person[trainee].value, by_person[trainee].primary) == (2, False)
    assert by_person[colleague].value == ""  # not on the task
    assert qualified == 1
    entered = {matrix_cell_name(task.id, colleague): "9"}
    [(_, _, cells)] = [row for row in grid.rows(entered) if row[0].id == world.payroll_task]
    assert dict(zip([p.id for p in grid.people], cells, strict=True))[colleague].value == "9"


def test_risk_scores_read_as_rows_agree_with_the_loaded_owners(ctx, world, payroll_team):
    trainee, _ = payroll_team
    tasks = list(db.session.scalars(select(Task)))
    expected = {task_id: c.risk_score
                for task_id, c in coverage.task_coverage(tasks, org_today()).items()}
    assert coverage.risk_scores(tasks, org_today()) == expected
    assert expected[world.payroll_task] == 3 * 3 * 2  # high, monthly, one person qualified
    coverage.save_matrix(db.session.get(User, world.manager), world.payroll,
                         {matrix_cell_name(world.payroll_task, trainee): "3"})
    db.session.commit()
    assert coverage.risk_scores(tasks, org_today())[world.payroll_task] == 3 * 3 * 1


def test_an_invalid_cell_saves_nothing(ctx, world, payroll_team):
    trainee, colleague = payroll_team
    manager = db.session.get(User, world.manager)
    with pytest.raises(ValidationError) as caught:
        coverage.save_matrix(manager, world.payroll, {
            matrix_cell_name(world.payroll_task, trainee): "3",
            matrix_cell_name(world.payroll_task, colleague): "7"})
    db.session.rollback()
    assert list(caught.value.fields) == [matrix_cell_name(world.payroll_task, colleague)]
    assert _coverage_of(world.payroll_task).qualified_count == 1


def test_the_primary_cannot_be_emptied_in_the_matrix(ctx, world):
    manager = db.session.get(User, world.manager)
    with pytest.raises(ValidationError):
        coverage.save_matrix(manager, world.payroll,
                             {matrix_cell_name(world.payroll_task, world.staff): ""})


def test_staff_cannot_save_the_matrix(ctx, world):
    with pytest.raises(Forbidden):
        coverage.save_matrix(db.session.get(User, world.staff), world.payroll, {})


def test_set_owners_needs_exactly_one_primary_and_department_members(ctx, world, payroll_team):
    trainee, _ = payroll_team
    manager = db.session.get(User, world.manager)
    task = db.session.get(Task, world.payroll_task)
    with pytest.raises(ValidationError) as caught:
        coverage.set_owners(manager, task, [OwnerEntry(world.staff, "backup", 3)])
    assert "owners" in caught.value.fields
    db.session.rollback()
    with pytest.raises(ValidationError) as caught:
        coverage.set_owners(manager, task, [OwnerEntry(world.staff, "primary", 3),
                                            OwnerEntry(world.other_staff, "backup", 3)])
    assert "owners-1-user_id" in caught.value.fields
    db.session.rollback()
    coverage.set_owners(manager, task, [OwnerEntry(trainee, "primary", 4),
                                        OwnerEntry(world.staff, "backup", 3)])
    assert {(o.user_id, o.role) for o in task.owners} == {(trainee, "primary"),
                                                           (world.staff, "backup")}


def test_absence_of_the_only_qualified_person_puts_the_deadline_at_risk(ctx, world):
    manager = db.session.get(User, world.manager)
    first = db.session.scalar(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
        .order_by(Occurrence.due_date).limit(1))
    assert not coverage.dashboard(manager).at_risk
    db.session.add(Absence(user_id=world.staff, start_date=first.due_date - timedelta(days=10),
                           end_date=first.due_date))
    db.session.commit()
    at_risk = coverage.dashboard(manager).at_risk
    assert [(a.occurrence.id, [p.id for p in a.absent]) for a in at_risk] == [
        (first.id, [world.staff])]
    task = db.session.get(Task, world.payroll_task)
    assert [a.occurrence.id for a in coverage.at_risk_for_task(task)] == [first.id]


def test_suggestions_rank_candidates_and_accepting_makes_a_training_plan(ctx, world,
                                                                         payroll_team):
    trainee, colleague = payroll_team
    manager = db.session.get(User, world.manager)
    risk = next(r for r in coverage.dashboard(manager).single_points_of_failure
                if r.task.id == world.payroll_task)
    ranked = [person.id for person, _, _ in risk.candidates]
    assert ranked[0] == trainee  # already level 2
    assert colleague in ranked
    task = db.session.get(Task, world.payroll_task)
    plan = coverage.accept_suggestion(manager, task, trainee)
    db.session.commit()
    assert (plan.trainer_id, plan.target_level, plan.status) == (world.staff, 3, "planned")
    assert [p.id for p in coverage.training_of(db.session.get(User, trainee))] == [plan.id]
    assert [p.id for p in coverage.training_of(db.session.get(User, world.staff))] == [plan.id]
    coverage.save_matrix(manager, world.payroll,
                         {matrix_cell_name(world.payroll_task, trainee): "3"})
    db.session.commit()
    assert db.session.get(TrainingPlan, plan.id).status == "done"
    assert coverage.training_of(db.session.get(User, trainee)) == []


def test_workload_hours_and_overload(ctx, world):
    staff = db.session.get(User, world.staff)
    task = db.session.get(Task, world.payroll_task)
    task.effort_minutes = 30 * 60
    staff.capacity_hours = 20
    db.session.commit()
    grid = coverage.workload_grid([staff], org_today(), 3)
    busy = [m for m in grid.months if grid.cells.get((staff.id, m))]
    assert busy
    assert grid.cells[(staff.id, busy[-1])].hours == 30.0
    assert grid.overloaded(staff.id, busy[-1])
    [(person, capacity, cells)] = grid.heat_rows([staff])
    assert (person, capacity) == (staff, 20)
    assert [c.month for c in cells] == grid.months
    shown = {c.month: (c.hours, c.heat, c.overloaded) for c in cells}
    assert shown[busy[-1]] == (30.0, 6, True)  # 150 % of capacity: the hottest
    assert all(shown[m] == (0, 0, False) for m in grid.months if m not in busy)


def test_matrix_and_dashboard_pages(client, auth, world):
    auth.login("manager@example.com")
    page = client.get(f"/departments/{world.payroll}/matrix").get_data(as_text=True)
    assert f'name="{matrix_cell_name(world.payroll_task, world.staff)}"' in page
    token = auth.csrf_token(f"/departments/{world.payroll}/matrix")
    response = client.post(f"/departments/{world.payroll}/matrix", data={
        "csrf_token": token, matrix_cell_name(world.payroll_task, world.staff): "9"})
    assert response.status_code == 400
    assert f'id="{matrix_cell_name(world.payroll_task, world.staff)}-error"' in (
        response.get_data(as_text=True))
    dashboard = client.get("/risk").get_data(as_text=True)
    assert "源泉所得税の納付" in dashboard
    assert client.get("/workload").status_code == 200


def test_absence_form_reports_a_reversed_period(client, auth, world):
    auth.login("staff@example.com")
    token = auth.csrf_token("/absences")
    response = client.post("/absences", data={
        "csrf_token": token, "user_id": world.staff, "start_date": "2027-01-10",
        "end_date": "2027-01-05", "kind": "annual_leave"})
    assert response.status_code == 400
    assert 'id="end_date-error"' in response.get_data(as_text=True)


def test_staff_records_only_their_own_absences(client, auth, world, app):
    auth.login("staff@example.com")
    token = auth.csrf_token("/absences")
    response = client.post("/absences", data={
        "csrf_token": token, "user_id": world.manager, "start_date": "2027-01-05",
        "end_date": "2027-01-06", "kind": "annual_leave"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Absence.id)) is None


# --- Query counts: bounded whatever the size ---------------------------------


def _grow(world, tasks: int, people: int, batch: int = 0) -> None:  # noqa: ANN001
    members = [create_person(PersonData(email=f"p{batch}-{n}@example.com", name=f"人{batch}-{n}",
                                        department_ids=[world.payroll])) for n in range(people)]
    from planner.calendar.recurrence import Schedule

    for n in range(tasks):
        task = Task(title=f"業務{batch}-{n}", department_id=world.payroll, category="other",
                    criticality="medium")
        task.schedule = Schedule("rrule", date(2026, 1, 1),
                                 rrule=f"FREQ=MONTHLY;BYMONTHDAY={n % 28 + 1}")
        task.owners.append(TaskOwner(user_id=members[n % people].id, role="primary", level=3))
        task.owners.append(TaskOwner(user_id=members[(n + 1) % people].id, role="trainee",
                                     level=1))
        db.session.add(task)
    db.session.flush()
    from planner.work.operations import materialise

    materialise()
    for n in range(people):
        db.session.add(Absence(user_id=members[n].id, start_date=org_today(),
                               end_date=org_today() + timedelta(days=3)))
    db.session.commit()


@pytest.mark.parametrize("page", ["matrix", "risk", "workload"])
def test_pages_issue_a_bounded_number_of_queries(app, client, auth, world, count_queries,
                                                 page):
    paths = {"matrix": f"/departments/{world.payroll}/matrix", "risk": "/risk",
             "workload": f"/workload?department_id={world.payroll}"}
    auth.login("manager@example.com")
    # Grown once first: some queries only run once there is something of their
    # kind (a deadline at risk, a second page); what matters is that a second
    # growth adds none.
    with app.app_context():
        _grow(world, tasks=40, people=8)
    client.get(paths[page])  # warm caches (holidays, translations)
    app.extensions.pop("planner.memo", None)  # count what a view computing the figures reads
    with count_queries() as small:
        assert client.get(paths[page]).status_code == 200
    with app.app_context():
        _grow(world, tasks=80, people=30, batch=1)
    app.extensions.pop("planner.memo", None)
    with count_queries() as large:
        assert client.get(paths[page]).status_code == 200
    assert len(large) == len(small), (len(small), len(large))
    # The risk page gathers the most (coverage, absences, the calendar, load,
    # candidates, reviews, plans), all of it when its figures are not kept yet.
    assert len(large) <= {"risk": 36}.get(page, 20)


# --- Large departments: windows, pages and kept figures ----------------------


def test_workload_counts_work_done_for_someone_elses_task(ctx, world):
    """The primary carries a task's work unless someone else completed it; the
    workload reads each person's side by a query of its own."""
    manager = db.session.get(User, world.manager)
    done = db.session.scalar(select(Occurrence).where(
        Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
        .order_by(Occurrence.due_date).limit(1))
    done.status, done.completed_by_id = "done", world.manager
    db.session.commit()
    month = f"{done.due_date:%Y-%m}"
    effort = db.session.get(Task, world.payroll_task).effort_minutes
    grid = coverage.workload_grid([manager, db.session.get(User, world.staff)],
                                  done.due_date.replace(day=1), 1)
    assert grid.cells[(world.manager, month)].covering == effort
    staff_cell = grid.cells.get((world.staff, month))
    alone = coverage.workload_grid([db.session.get(User, world.staff)],
                                   done.due_date.replace(day=1), 1)
    # The staff member's month is the same whether or not the manager is on the page.
    assert alone.cells.get((world.staff, month)) == staff_cell
    assert staff_cell is None or staff_cell.minutes == staff_cell.as_primary


def test_a_large_matrix_is_shown_and_saved_a_window_at_a_time(app, client, auth, world):
    with app.app_context():
        _grow(world, tasks=30, people=25)
        codes = [t.id for t in db.session.scalars(
            select(Task).where(Task.department_id == world.payroll, Task.archived_at.is_(None))
            .order_by(Task.reading_key, Task.title, Task.id))]  # the matrix's 五十音 order
        people = [u.id for u in db.session.scalars(coverage._matrix_people(world.payroll))]
    auth.login("manager@example.com")
    path = f"/departments/{world.payroll}/matrix"
    first = client.get(path).get_data(as_text=True)
    assert f'name="{matrix_cell_name(codes[0], people[0])}"' in first
    assert f'name="{matrix_cell_name(codes[25], people[0])}"' not in first
    assert f'name="{matrix_cell_name(codes[0], people[20])}"' not in first
    assert 'rel="next"' in first
    second = client.get(f"{path}?page=2&people_page=2").get_data(as_text=True)
    assert f'name="{matrix_cell_name(codes[25], people[20])}"' in second
    assert f'name="{matrix_cell_name(codes[0], people[0])}"' not in second
    cell = matrix_cell_name(codes[25], people[20])
    token = auth.csrf_token(f"{path}?page=2&people_page=2")
    response = client.post(f"{path}?page=2&people_page=2", data={"csrf_token": token, cell: "2"})
    assert response.status_code == 302
    assert "page=2" in response.headers["Location"]
    assert "people_page=2" in response.headers["Location"]
    with app.app_context():
        owner = db.session.scalar(select(TaskOwner).where(
            TaskOwner.task_id == codes[25], TaskOwner.user_id == people[20]))
        assert owner.level == 2


def test_the_matrix_ignores_cells_of_another_departments_task(ctx, world):
    manager = db.session.get(User, world.manager)
    accounting_task = db.session.scalar(select(Task.id).where(
        Task.department_id == world.accounting))
    before = {(o.task_id, o.user_id, o.level) for o in db.session.scalars(select(TaskOwner))}
    changed = coverage.save_matrix(manager, world.payroll, {
        matrix_cell_name(accounting_task, world.staff): "4",
        "level-x-1": "3", "level-1": "3"})
    db.session.commit()
    assert changed == 0
    assert {(o.task_id, o.user_id, o.level) for o in db.session.scalars(select(TaskOwner))} == (
        before)


def test_the_dashboard_pages_single_points_of_failure_highest_risk_first(ctx, world):
    _grow(world, tasks=6, people=3)
    manager = db.session.get(User, world.manager)
    whole = coverage.dashboard(manager, per_page=100)
    scores = [r.coverage.risk_score for r in whole.single_points_of_failure]
    assert scores == sorted(scores, reverse=True) and len(scores) == whole.spof.total > 3
    first, second = coverage.dashboard(manager, per_page=2), coverage.dashboard(
        manager, page=2, per_page=2)
    assert first.spof.total == second.spof.total == whole.spof.total
    assert [r.task.id for r in first.single_points_of_failure + second.single_points_of_failure
            ] == [r.task.id for r in whole.single_points_of_failure[:4]]
    assert whole.at_risk_total == len(whole.at_risk)  # fewer than are ever left out


def test_the_dashboard_follows_every_write_at_once(ctx, world, payroll_team):
    """Its department-wide figures are kept between views, never past a change."""
    trainee, _ = payroll_team
    manager = db.session.get(User, world.manager)

    def spofs() -> set[int]:
        return {r.task.id for r in coverage.dashboard(manager, per_page=100)
                .single_points_of_failure}

    assert world.payroll_task in spofs()
    assert world.payroll_task in spofs()  # the kept figures
    coverage.save_matrix(manager, world.payroll,
                         {matrix_cell_name(world.payroll_task, trainee): "3"})
    db.session.commit()
    assert world.payroll_task not in spofs()
