from datetime import date

from planner.domain.calendar import BusinessCalendar, ClosedPeriod
from planner.domain.coverage import (
    Candidate,
    Leave,
    OwnerLevel,
    TaskCoverage,
    WorkItem,
    department_coverage,
    key_people,
    occurrence_risk,
    qualified_people,
    rank_candidates,
    risk_score,
    training_hours,
    workload,
)

CALENDAR = BusinessCalendar(closed=(ClosedPeriod(date(2000, 12, 29), date(2000, 1, 3), True),))


def test_qualified_means_level_three_and_active():
    owners = [OwnerLevel(1, "primary", 3), OwnerLevel(2, "trainee", 2),
              OwnerLevel(3, "backup", 4, active=False), OwnerLevel(4, "backup", 4)]
    assert qualified_people(owners) == {1, 4}


def test_single_point_of_failure_and_uncovered():
    assert TaskCoverage(1, frozenset({7}), "high", 12).single_point_of_failure
    assert TaskCoverage(1, frozenset(), "high", 12).qualified_count == 0
    assert not TaskCoverage(1, frozenset({7, 8}), "high", 12).single_point_of_failure


def test_risk_score_formula():
    assert risk_score("critical", 12, 1) == 4 * 3 * 2
    assert risk_score("low", 1, 0) == 1 * 1 * 3
    assert risk_score("high", 52, 2) == 3 * 4 * 1
    assert risk_score("critical", 12, 3) == 0
    assert risk_score("medium", 4, 1) == 2 * 2 * 2


def test_department_coverage_and_exact_bus_factor():
    tasks = [TaskCoverage(1, frozenset({1, 2}), "high", 12),
             TaskCoverage(2, frozenset({1}), "high", 12),
             TaskCoverage(3, frozenset({1, 2, 3}), "low", 1)]
    coverage = department_coverage(tasks)
    assert (coverage.tasks, coverage.covered) == (3, 2)
    assert round(coverage.share, 2) == 0.67
    assert coverage.bus_factor == 1  # person 1 away: task 2 has nobody
    assert department_coverage([]).bus_factor is None
    assert key_people(tasks) == {1: 1}


def test_only_qualified_person_on_leave_across_the_whole_window_is_at_risk():
    # Due Thursday 10 Dec 2026, reminders from 7 days before.
    risk = occurrence_risk(date(2026, 12, 10), (7, 1, 0), frozenset({1}),
                           [Leave(1, date(2026, 12, 1), date(2026, 12, 11))], CALENDAR)
    assert risk.at_risk and risk.absent == {1}


def test_backup_back_in_time_is_not_at_risk():
    leaves = [Leave(1, date(2026, 12, 1), date(2026, 12, 11)),   # primary away throughout
              Leave(2, date(2026, 12, 1), date(2026, 12, 8))]    # backup back on the 9th
    risk = occurrence_risk(date(2026, 12, 10), (7, 1, 0), frozenset({1, 2}), leaves, CALENDAR)
    assert not risk.at_risk
    assert risk.absent == {1, 2}


def test_leave_of_unqualified_people_does_not_matter_and_nobody_qualified_is_risk():
    leaves = [Leave(9, date(2026, 12, 1), date(2026, 12, 31))]
    assert not occurrence_risk(date(2026, 12, 10), (7,), frozenset({1}), leaves, CALENDAR).at_risk
    assert occurrence_risk(date(2026, 12, 10), (7,), frozenset(), [], CALENDAR).at_risk


def test_window_starts_today_when_later_than_the_lead_time():
    # Away until the 9th; today is the 9th, due the 10th: present in time.
    leaves = [Leave(1, date(2026, 12, 1), date(2026, 12, 8))]
    risk = occurrence_risk(date(2026, 12, 10), (30,), frozenset({1}), leaves, CALENDAR,
                           today=date(2026, 12, 9))
    assert not risk.at_risk


def test_weekend_presence_does_not_count():
    # Away every business day of the window; back only on Saturday 12th (due Friday 11th).
    leaves = [Leave(1, date(2026, 12, 7), date(2026, 12, 11))]
    risk = occurrence_risk(date(2026, 12, 11), (4,), frozenset({1}), leaves, CALENDAR)
    assert risk.at_risk


def test_workload_goes_to_the_primary_unless_someone_else_completed():
    items = [WorkItem(date(2027, 3, 10), 120, primary_id=1),
             WorkItem(date(2027, 3, 25), 60, primary_id=1, completed_by_id=2),
             WorkItem(date(2027, 4, 1), 30, primary_id=1, completed_by_id=1),
             WorkItem(date(2027, 4, 1), 30, primary_id=None)]
    cells = workload(items)
    assert cells[(1, "2027-03")].minutes == 120 and cells[(1, "2027-03")].hours == 2.0
    assert cells[(2, "2027-03")].covering == 60 and cells[(2, "2027-03")].as_primary == 0
    assert cells[(1, "2027-04")].as_primary == 30
    assert len(cells) == 3


def test_candidates_rank_by_level_then_department_then_headroom():
    ranked = rank_candidates([
        Candidate(1, 1, True, 10.0), Candidate(2, 2, False, 50.0),
        Candidate(3, 2, True, 5.0), Candidate(4, 2, True, 20.0)])
    assert [c.user_id for c in ranked] == [4, 3, 2, 1]


def test_training_hours():
    assert training_hours(2, 60) == 4.0
    assert training_hours(0, 120) == 3 * 6.0
    assert training_hours(3, 60) == 0


def test_the_best_few_candidates_are_the_head_of_the_ranking():
    candidates = [Candidate(n, n % 4, n % 3 == 0, float(n * 7 % 11)) for n in range(40)]
    assert rank_candidates(candidates, 5) == rank_candidates(candidates)[:5]
