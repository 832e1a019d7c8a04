"""The reviewer of a task that requires review (ダブルチェック) on the handover
page and in the API, and the review gap the cross-training suggestions name."""
from __future__ import annotations

from datetime import timedelta

import pytest

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.people.operations import PersonData, create_person
from planner.tasks.models import Task, TaskOwner


@pytest.fixture
def checked(app, world) -> int:  # noqa: ANN001
    """PAY-001 requires review; 加藤 is a qualified backup (level 4)."""
    with app.app_context():
        task = db.session.get(Task, world.payroll_task)
        task.review_required = True
        person = create_person(PersonData(email="kato@example.com", name="加藤 三郎",
                                          department_ids=[world.payroll]))
        task.owners.append(TaskOwner(user_id=person.id, role="backup", level=4))
        db.session.commit()
        return person.id


def _start(app) -> str:  # noqa: ANN001
    with app.app_context():
        return (org_today() + timedelta(days=7)).isoformat()


def test_the_plan_names_a_reviewer_besides_the_successor(app, client, auth, world, bearer,
                                                         checked):
    path = f"/api/v1/people/{world.staff}/handover?start_date={_start(app)}"
    item = client.get(path, headers=bearer(world.manager)).json["items"][0]
    assert item["review_required"] is True and item["successor_id"] == checked
    # 加藤 prepares from now on; the manager, not yet qualified, is to check.
    assert item["reviewer_id"] == world.manager
    assert item["reviewer_needs_training"] is True and item["reviewer_missing"] is True
    assert item["covered_after"] is False
    auth.login("manager@example.com")
    page = client.get(f"/people/{world.staff}/handover?start_date={_start(app)}")
    text = page.get_data(as_text=True)
    assert "確認者（ダブルチェック）" in text
    assert f'id="reviewer-{world.payroll_task}"' in text
    assert "確認者なし：ほかに確認できる人がいません" in text


def test_the_suggestions_name_the_missing_reviewer(app, client, auth, world, bearer):
    with app.app_context():
        db.session.get(Task, world.payroll_task).review_required = True
        db.session.commit()
    risk = client.get(f"/api/v1/risk?department_id={world.payroll}",
                      headers=bearer(world.manager)).json
    (item,) = [i for i in risk["single_points_of_failure"] if i["task_id"] == world.payroll_task]
    assert (item["gap"], item["review_required"], item["people_to_train"]) == ("reviewer", True, 1)
    auth.login("manager@example.com")
    page = client.get(f"/risk?department_id={world.payroll}").get_data(as_text=True)
    assert "確認者が不足：ほかに確認できる人がいません" in page
    assert "作成者と確認者を分けられるよう、対応できる人をあと1人育成してください" in page
