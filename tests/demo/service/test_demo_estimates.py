"""The demo back office decides something on the first `make run`."""
from __future__ import annotations

from sqlalchemy import select

from planner.core.extensions import db
from planner.costing.models.suggestion import Suggestion
from planner.people.models.user import User
from planner.tasks.models import Task


def test_the_demo_portfolio_automates_outsources_cross_trains_and_has_realised_a_change(
        app, runner, client, auth):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(select(Task.code, Suggestion).join(Suggestion.task)).all()
        proposed = [(code, s) for code, s in rows if s.status == "proposed"]
        kinds = {s.kind for _, s in proposed}
        assert {"automate", "outsource", "cross_train", "keep"} <= kinds
        for kind in ("automate", "outsource"):
            assert any(s.kind == kind and s.annual_saving > 0 for _, s in proposed), kind
        done = [(code, s) for code, s in rows if s.status == "done"]
        assert [(code, s.kind) for code, s in done] == [("HR-009", "automate")]
        # Measured before (about 200 minutes a week) and after (about 60): a positive saving.
        assert done[0][1].realised_saving > 0
        manager = db.session.scalar(select(User.email).where(User.role == "manager"))
    auth.login(manager, "planner-demo")
    page = client.get("/portfolio").get_data(as_text=True)
    # A readable saving axis: round amounts, not "¥1" over points all at zero.
    assert page.count("data-axis-tick") == 3 and ">¥1<" not in page
