"""Who may become a trainee is who may be an owner: an active member of the
task's department, on the API, the dashboard's button, the matrix and the
suggestions that lead to them (issue 18, point 6)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.coverage import operations as coverage
from planner.coverage.models.training import TrainingPlan
from planner.coverage.operations import matrix_cell_name
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner


def _owners_and_plans(task_id: int) -> tuple[set[int], int]:
    owners = set(db.session.scalars(select(TaskOwner.user_id).where(TaskOwner.task_id == task_id)))
    plans = db.session.scalar(select(func.count()).select_from(TrainingPlan)) or 0
    return owners, plans


@pytest.mark.parametrize("outsider", ["other_staff", "admin"])
def test_the_api_refuses_a_trainee_it_would_refuse_as_an_owner(client, app, world, bearer,
                                                                outsider):
    manager, person = bearer(world.manager), getattr(world, outsider)
    owners = client.put(f"/api/v1/tasks/{world.payroll_task}/owners", headers=manager, json={
        "owners": [{"user_id": world.staff, "role": "primary", "level": 3},
                   {"user_id": person, "role": "trainee", "level": 1}]})
    assert owners.status_code == 422
    training = client.post(f"/api/v1/tasks/{world.payroll_task}/training", headers=manager,
                           json={"trainee_id": person})
    assert training.status_code == 422
    assert training.json["error"]["fields"] == {
        "trainee_id": owners.json["error"]["fields"]["owners-1-user_id"]}
    with app.app_context():
        assert _owners_and_plans(world.payroll_task) == ({world.staff}, 0)
    mine = client.get("/api/v1/my-work", headers=bearer(person)).json
    assert mine["training"] == []


def test_a_former_member_is_refused_too(client, app, world, bearer):
    with app.app_context():
        leaver = create_person(PersonData(email="leaver@example.com", name="退職 予定",
                                          department_ids=[world.payroll]))
        leaver.active = False
        db.session.commit()
        leaver_id = leaver.id
    response = client.post(f"/api/v1/tasks/{world.payroll_task}/training",
                           headers=bearer(world.manager), json={"trainee_id": leaver_id})
    assert response.status_code == 422 and "trainee_id" in response.json["error"]["fields"]


def test_the_dashboard_button_refuses_an_outsider_and_says_why(client, app, auth, world):
    auth.login("manager@example.com")
    page = client.get("/risk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/tasks/{world.payroll_task}/training",
                           data={"csrf_token": token, "trainee_id": world.admin})
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "この業務の部署に所属する有効なユーザーを選択してください。" in shown
    with app.app_context():
        assert _owners_and_plans(world.payroll_task) == ({world.staff}, 0)


def test_the_matrix_adds_no_outsider_but_keeps_an_outsider_already_there(ctx, world):
    # Someone from accounting still owns a payroll task (they moved): the matrix
    # shows them as a column, and may change that level, not add them elsewhere.
    payroll = db.session.get(Department, world.payroll)
    manager = db.session.get(User, world.manager)
    old_task = world.task("年末調整", payroll, db.session.get(User, world.staff))
    old_task.owners.append(TaskOwner(user_id=world.other_staff, role="backup", level=3))
    db.session.commit()
    added = matrix_cell_name(world.payroll_task, world.other_staff)
    with pytest.raises(ValidationError) as refused:
        coverage.save_matrix(manager, world.payroll, {added: "1"})
    assert refused.value.fields == {added: [coverage.NOT_A_MEMBER]}
    db.session.rollback()
    kept = matrix_cell_name(old_task.id, world.other_staff)
    assert coverage.save_matrix(manager, world.payroll, {kept: "4"}) == 1
    db.session.commit()
    assert _owners_and_plans(world.payroll_task) == ({world.staff}, 0)


def test_suggestions_name_only_people_who_can_be_made_trainees(ctx, world):
    # A manager of both departments: accounting's people are no candidates for
    # a payroll task, since accepting them would be refused.
    both = create_person(PersonData(email="both@example.com", name="兼務 課長", role="manager",
                                    department_ids=[world.payroll, world.accounting]))
    db.session.commit()
    risk = next(r for r in coverage.dashboard(both).single_points_of_failure
                if r.task.id == world.payroll_task)
    named = {person.id for person, _, _ in risk.candidates}
    assert named == {world.manager, both.id}
    for person_id in named:
        coverage.accept_suggestion(both, db.session.get(Task, world.payroll_task), person_id)
