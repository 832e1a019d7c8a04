"""Coverage rules for tasks that need a second person to check them."""
from __future__ import annotations

from datetime import date

from planner.calendar.domain import BusinessCalendar
from planner.coverage.domain import (
    Leave,
    TaskCoverage,
    department_coverage,
    key_people,
    review_risk,
    signed_off_risk,
)

CALENDAR = BusinessCalendar()
TODAY = date(2026, 12, 1)
DUE = date(2026, 12, 10)


def _task(*qualified: int, review: bool = True) -> TaskCoverage:
    return TaskCoverage(1, frozenset(qualified), "critical", 12, review)


def test_one_qualified_person_cannot_get_a_checked_task_done():
    task = _task(1)
    assert task.single_point_of_failure and task.uncovered
    assert task.spare_count == 0
    assert task.risk_score == 4 * 3 * 3  # as if nobody were qualified
    assert not _task(1, review=False).uncovered


def test_two_qualified_people_cover_it_with_no_spare():
    task = _task(1, 2)
    assert not task.single_point_of_failure and not task.uncovered
    assert task.spare_count == 1
    assert task.risk_score == 4 * 3 * 2
    assert _task(1, 2, 3).spare_count == 2
    assert _task(review=True).spare_count == 0


def test_the_bus_factor_counts_the_checker():
    assert department_coverage([_task(1, 2), _task(3, 4, 5, review=False)]).bus_factor == 1
    assert department_coverage([_task(1)]).bus_factor == 0
    assert department_coverage([_task(1, 2, 3)]).bus_factor == 2


def test_either_of_two_on_a_checked_task_is_a_key_person():
    assert key_people([_task(1, 2), _task(3, review=False), _task(4)]) == {1: 1, 2: 1, 3: 1}
    assert key_people([_task(1, 2, 3)]) == {}


def test_the_review_is_at_risk_when_only_the_preparer_is_there():
    away = [Leave(2, TODAY, DUE)]
    window = review_risk(DUE, [7], frozenset({1, 2}), 1, away, CALENDAR, TODAY)
    assert window.at_risk and window.absent == {2}
    assert not review_risk(DUE, [7], frozenset({1, 2}), 1, [], CALENDAR, TODAY).at_risk
    # Before anyone prepared it, anyone of the two may check it.
    assert not review_risk(DUE, [7], frozenset({1, 2}), None, away, CALENDAR, TODAY).at_risk


def test_signed_off_risk_joins_doing_and_checking():
    away = [Leave(2, TODAY, DUE)]
    both = signed_off_risk(DUE, DUE, [7], frozenset({1, 2}), 1, False, away, CALENDAR, TODAY)
    assert both.at_risk and both.absent == {2} and both.due == DUE
    # Without a review the preparer alone is enough.
    alone = signed_off_risk(DUE, None, [7], frozenset({1, 2}), 1, False, away, CALENDAR, TODAY)
    assert not alone.at_risk
    # Prepared work only waits for its check: the doer's absence no longer matters.
    doer_away = [Leave(1, TODAY, DUE)]
    prepared = signed_off_risk(DUE, DUE, [7], frozenset({1, 2}), 1, True, doer_away,
                               CALENDAR, TODAY)
    assert not prepared.at_risk
    # A review date before the due date ends the window earlier.
    early = signed_off_risk(DUE, date(2026, 12, 8), [7], frozenset({1, 2}), 1, False,
                            [Leave(2, TODAY, date(2026, 12, 8))], CALENDAR, TODAY)
    assert early.at_risk and early.first_day == TODAY


def test_prepared_work_whose_task_no_longer_needs_a_check_waits_for_nothing():
    """A task's review was switched off after its occurrence was prepared: the
    risk page and the overview must still show it, as not at risk."""
    everyone_away = [Leave(1, TODAY, DUE), Leave(2, TODAY, DUE)]
    window = signed_off_risk(DUE, None, [7], frozenset({1, 2}), 1, True, everyone_away,
                             CALENDAR, TODAY)
    assert not window.at_risk and window.absent == frozenset()
    assert window.first_day == DUE and window.due == DUE
