"""Pages show no write button or form where the write would be refused: to
the auditor (a read-only role) on every page of tasks, work, checklists,
evidence, coverage and handover; and on an occurrence whose month is closed
(締め), which says who closed it and when. Staff see them otherwise."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.periods.models import PeriodClose
from planner.tasks.models import Task
from planner.work import operations as work
from planner.work.models import Occurrence

AUDITOR = "auditor@example.com"


@pytest.fixture
def setup(app, world) -> dict:  # noqa: ANN001
    """The auditor; PAY-001 with steps; its December occurrence open and its
    November one done (made with a look back from October)."""
    with app.app_context():
        world.person(AUDITOR, "監査 太郎", "auditor", [])
        task = db.session.get(Task, world.payroll_task)
        task.procedure = "1. 明細を確認する\n2. 納付書を作成する"
        work.materialise([task], today=date(2026, 10, 20))
        november = db.session.scalar(select(Occurrence).where(
            Occurrence.task_id == task.id, Occurrence.due_date < date(2026, 12, 1)))
        work.complete(db.session.get(User, world.staff), november)
        december = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == task.id, Occurrence.status == "open")
            .order_by(Occurrence.due_date))
        db.session.commit()
        return {"task": task.id, "november": november.id, "december": december}


def _get(client, path: str) -> str:  # noqa: ANN001
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _writes(client, world, setup) -> dict[str, bool]:  # noqa: ANN001
    """Which write buttons and forms the pages show to whoever is signed in."""
    tasks = _get(client, "/tasks/")
    task = _get(client, f"/tasks/{setup['task']}")
    occurrence = _get(client, f"/occurrences/{setup['december']}/done")
    return {
        "new task": 'href="/tasks/new"' in tasks,
        "import": 'href="/import' in tasks,
        "edit": f'href="/tasks/{setup["task"]}/edit"' in task,
        "done from the task": f'action="/occurrences/{setup["december"]}/complete"' in task,
        "reopen": f'/occurrences/{setup["november"]}/reopen' in task,
        "mark reviewed": f'/tasks/{setup["task"]}/procedure/reviewed' in task,
        "done": f'action="/occurrences/{setup["december"]}/complete"' in occurrence,
        "tick": f'/occurrences/{setup["december"]}/checklist/1/tick' in occurrence,
        "attach": f'action="/occurrences/{setup["december"]}/evidence"' in occurrence,
        "my work": 'action="/occurrences/' in _get(client, "/my-work"),
    }


def test_staff_see_the_write_buttons(client, auth, world, setup):  # noqa: ANN001
    auth.login("staff@example.com")
    shown = _writes(client, world, setup)
    assert all(shown.values()), shown


def test_the_auditor_sees_no_write_button(client, auth, world, setup):  # noqa: ANN001
    auth.login(AUDITOR)
    shown = _writes(client, world, setup)
    assert not any(shown.values()), shown
    assert 'name="submit"' not in _get(client, f"/tasks/{setup['task']}/steps")
    risk = _get(client, "/risk")
    assert "/training" not in risk  # no "plan training" button on a suggestion
    assert "Save the matrix" not in _get(client, f"/departments/{world.payroll}/matrix") \
        and "マトリクスを保存" not in _get(client, f"/departments/{world.payroll}/matrix")
    assert 'id="evidence-file"' not in _get(client, f"/occurrences/{setup['december']}/done")


def test_a_closed_month_shows_who_closed_it_and_no_change_button(client, auth, app, world,
                                                                setup):  # noqa: ANN001
    with app.app_context():
        # November closed with its work done; December closed over open work
        # (as a month closed before its work was made would be).
        for month in (date(2026, 11, 1), date(2026, 12, 1)):
            db.session.add(PeriodClose(department_id=world.payroll, month=month,
                                       closed_by_id=world.manager))
        db.session.commit()
    auth.login("staff@example.com")
    shown = _writes(client, world, setup)
    assert not any(shown[k] for k in ("done", "tick", "attach", "reopen",
                                      "done from the task")), shown
    assert shown["new task"] and shown["edit"]  # the task itself is not in a period
    page = _get(client, f"/occurrences/{setup['november']}/done")
    assert 'id="period-closed"' in page and "締め済み" in page and "鈴木 一郎" in page
    assert 'id="period-closed"' in _get(client, f"/occurrences/{setup['december']}/done")


def test_an_open_month_says_nothing_of_a_close(client, auth, world, setup):  # noqa: ANN001
    auth.login("staff@example.com")
    assert 'id="period-closed"' not in _get(client, f"/occurrences/{setup['december']}/done")
