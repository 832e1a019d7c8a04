"""The demo's work that starts with an event: a roster, step tasks with owners
and levels, and hires and leavers in flight whose steps are on the 人事労務
clerks' "my work" on the first `make run`."""
from __future__ import annotations

from sqlalchemy import func, select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events.models import Event, EventStepSetting, EventTypeSetting
from planner.tasks.models import Task
from planner.work.models import Occurrence


def test_the_hr_clerks_work_shows_the_steps_of_the_runs_in_flight(app, runner, client, auth):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Employee.id))) >= 300
        events = db.session.scalars(select(Event)).all()
        # The company's own type (a transfer) is recorded like the shipped ones.
        assert {e.type_key for e in events} == {"hire", "leave", "transfer"}
        assert len(events) >= 5
        step_tasks = db.session.scalars(select(Task).where(Task.event_step.is_not(None))).all()
        assert {t.event_step.split(":")[0] for t in step_tasks} == {"hire", "leave", "bonus",
                                                                   "transfer"}
        assert "leave:pc-return" in {t.event_step for t in step_tasks}
        assert all(any(o.level >= 3 for o in t.owners) for t in step_tasks)
        today = org_today()
        open_steps = db.session.scalars(select(Occurrence).where(
            Occurrence.event_id.is_not(None), Occurrence.status == "open")).all()
        assert open_steps and all(o.due_date >= today for o in open_steps)
        assert db.session.scalar(select(func.count(Occurrence.id)).where(
            Occurrence.event_id.is_not(None), Occurrence.status == "done")) > 0
        assert db.session.scalar(select(func.count(EventTypeSetting.id))) == 1
        assert db.session.scalar(select(func.count(EventStepSetting.id))) == 3
        # The weekly joiners-and-leavers check stays: it is last year's realised automation.
        assert db.session.scalar(select(Task).where(Task.code == "HR-009")) is not None
    auth.login("yamaguchi.ryo@example.co.jp", "planner-demo")
    page = client.get("/my-work").get_data(as_text=True)
    assert "被保険者資格取得届の提出" in page  # the hire's step the recorder gave him
    assert "被保険者資格喪失届の提出" in page  # and the leaver's
