"""The demo's sign-off: payroll and tax go out checked, their past work was
approved by a second person, and this month's payroll run came back to its
preparer with a comment."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.people.models.user import User
from planner.signoff.models import OccurrenceReview
from planner.tasks.models import Task
from planner.work.models import Occurrence


def test_the_demo_payroll_and_tax_require_review_and_one_run_is_returned(
        app, runner, client, auth):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tasks = db.session.scalars(select(Task).where(Task.event_step.is_(None))).all()
        assert {t.category for t in tasks if t.review_required} == {"payroll", "tax"}
        # Wherever a second person is qualified to check it.
        assert all(t.review_required == (sum(o.level >= 3 for o in t.owners) >= 2)
                   for t in tasks if t.category in ("payroll", "tax"))
        approved = db.session.scalars(select(Occurrence).join(Occurrence.task).where(
            Task.review_required.is_(True), Occurrence.status == "done")).all()
        assert approved and all(o.reviewed_by_id not in (None, o.prepared_by_id)
                                for o in approved)
        [returned] = db.session.scalars(select(OccurrenceReview).where(
            OccurrenceReview.decision == "return")).all()
        occurrence = db.session.get(Occurrence, returned.occurrence_id)
        assert occurrence.status == "open" and occurrence.task.code == "PAY-002"
        preparer = db.session.get(User, occurrence.prepared_by_id)
    auth.login(preparer.email, "planner-demo")
    page = client.get("/my-work").get_data(as_text=True)
    assert 'id="work-returned"' in page and returned.comment in page
