"""`planner calendar closures add|list|remove` on a real database: one commit
when it works, nothing saved and a message on stderr when it does not, and
due dates follow the closure like on the calendar page. The payroll task
falls due on the 10th, next business day when not one."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planner.calendar.models import ClosedDay
from planner.core.extensions import db
from planner.work.models import Occurrence


def _due(app, task_id: int, nominal: date) -> date:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Occurrence.due_date).where(
            Occurrence.task_id == task_id, Occurrence.nominal_date == nominal))


def _names(app) -> list[str]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(select(ClosedDay.name).order_by(ClosedDay.id)))


def test_add_a_closure_and_due_dates_move(app, runner, world):
    result = runner.invoke(args=["calendar", "closures", "add", "2027-08-09", "2027-08-13",
                                 "--name", "夏季休業"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added ")
    # Tuesday 10 August 2027 is closed: the next business day is Monday the 16th.
    assert _due(app, world.payroll_task, date(2027, 8, 10)) == date(2027, 8, 16)
    assert _names(app) == ["年末年始休業", "夏季休業"]


def test_list_shows_one_closure_a_line(runner, world):
    runner.invoke(args=["calendar", "closures", "add", "2027-05-06", "--name", "創立記念日"])
    runner.invoke(args=["calendar", "closures", "add", "2027-12-28", "2028-01-04",
                        "--name", "年末年始", "--yearly"])
    result = runner.invoke(args=["calendar", "closures", "list"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [line[1:] for line in lines] == [
        ["2000-12-29", "2000-01-03", "年末年始休業", "yearly"],
        ["2027-12-28", "2028-01-04", "年末年始", "yearly"],
        # TO left out: the one day.
        ["2027-05-06", "2027-05-06", "創立記念日", "once"]]
    assert all(line[0].isdigit() for line in lines)


def test_remove_a_closure_moves_the_dates_back(app, runner, world):
    runner.invoke(args=["calendar", "closures", "add", "2027-08-09", "2027-08-13",
                        "--name", "夏季休業"])
    closure_id = runner.invoke(args=["calendar", "closures", "list"]).output.splitlines()[-1]
    closure_id = closure_id.split("\t")[0]
    result = runner.invoke(args=["calendar", "closures", "remove", closure_id])
    assert result.exit_code == 0, result.output
    assert _due(app, world.payroll_task, date(2027, 8, 10)) == date(2027, 8, 10)
    missing = runner.invoke(args=["calendar", "closures", "remove", closure_id])
    assert missing.exit_code == 1 and "Not found" in missing.stderr


@pytest.mark.parametrize(("args", "status", "said"), [
    (["2027-08-13", "2027-08-09", "--name", "逆"], 1, "end_date"),
    (["2027-08-09", "--name", "   "], 1, "name"),
    (["2027-08-09", "--name", "休" * 121], 1, "name"),
    (["2027-02-30", "--name", "無い日"], 2, "FROM"),
    (["2027/08/09", "--name", "書式"], 2, "FROM"),
    (["2027-08-09", "next-week", "--name", "書式"], 2, "TO"),
    (["2027-08-09"], 2, "--name"),
])
def test_bad_input_is_told_on_stderr_and_nothing_is_saved(app, runner, world, args, status,
                                                          said):
    result = runner.invoke(args=["calendar", "closures", "add", *args])
    assert result.exit_code == status
    assert said in result.stderr and result.stdout == ""
    assert _names(app) == ["年末年始休業"]
    assert _due(app, world.payroll_task, date(2027, 8, 10)) == date(2027, 8, 10)
