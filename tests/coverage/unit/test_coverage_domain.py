"""Coverage, key-person risk, absences and workload (pure domain)."""
from __future__ import annotations

from datetime import date

from planner.calendar.domain import BusinessCalendar, ClosedPeriod
from planner.coverage.domain import (
    Candidate,
    DepartmentCoverage,
    Leave,
    OwnerLevel,
    PersonMonth,
    RiskWindow,
    TaskCoverage,
    WorkItem,
    department_coverage,
    frequency_weight,
    key_people,
    months_between,
    occurrence_risk,
    overloaded,
    per_month,
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


# --- Bounds and the figures people read --------------------------------------


def test_frequency_weight_steps_after_yearly_quarterly_and_monthly():
    assert [frequency_weight(n) for n in (1, 2, 4, 5, 12, 13)] == [1, 2, 2, 3, 3, 4]


def test_an_empty_department_counts_nothing_and_is_fully_covered():
    empty = department_coverage([])
    assert empty == DepartmentCoverage(tasks=0, covered=0, bus_factor=None)
    assert empty.share == 1.0


def test_key_people_count_every_task_they_alone_can_do():
    tasks = [TaskCoverage(1, frozenset({1}), "high", 12),
             TaskCoverage(2, frozenset({1}), "low", 1),
             TaskCoverage(3, frozenset({2, 3}), "high", 12),  # shared: nobody is key
             TaskCoverage(4, frozenset(), "high", 12)]        # uncovered: nobody is key
    assert key_people(tasks) == {1: 2}


def test_without_reminders_the_window_is_the_due_date_alone():
    risk = occurrence_risk(date(2026, 12, 10), (), frozenset({1}), [], CALENDAR)
    assert risk == RiskWindow(False, frozenset(), date(2026, 12, 10), date(2026, 12, 10))


def test_the_window_runs_from_the_longest_lead_time_or_today():
    leaves = [Leave(1, date(2026, 12, 1), date(2026, 12, 2))]
    risk = occurrence_risk(date(2026, 12, 10), (1, 7), frozenset({1}), leaves, CALENDAR)
    assert (risk.first_day, risk.due) == (date(2026, 12, 3), date(2026, 12, 10))
    assert risk.absent == frozenset()  # that leave ended before the window
    later = occurrence_risk(date(2026, 12, 10), (7,), frozenset({1}), [], CALENDAR,
                            today=date(2026, 12, 8))
    assert (later.first_day, later.due) == (date(2026, 12, 8), date(2026, 12, 10))


def test_a_task_nobody_can_do_reports_its_window_and_no_absentee():
    risk = occurrence_risk(date(2026, 12, 10), (2,), frozenset(),
                           [Leave(9, date(2026, 12, 1), date(2026, 12, 31))], CALENDAR)
    assert risk == RiskWindow(True, frozenset(), date(2026, 12, 8), date(2026, 12, 10))


def test_only_qualified_people_on_leave_are_reported_absent():
    leaves = [Leave(1, date(2026, 12, 9), date(2026, 12, 9)),
              Leave(9, date(2026, 12, 1), date(2026, 12, 31))]  # not qualified for the task
    risk = occurrence_risk(date(2026, 12, 10), (7,), frozenset({1}), leaves, CALENDAR)
    assert not risk.at_risk and risk.absent == {1}


def test_leave_ending_on_the_first_day_or_starting_on_the_due_date_counts():
    # Same-day tasks (no lead time): away on the due date itself means at risk.
    due = date(2026, 12, 10)
    ending = [Leave(1, date(2026, 12, 7), due)]
    starting = [Leave(1, due, date(2026, 12, 18))]
    assert occurrence_risk(due, (0,), frozenset({1}), ending, CALENDAR).at_risk
    assert occurrence_risk(due, (0,), frozenset({1}), starting, CALENDAR).at_risk


def test_being_there_earlier_in_the_window_is_enough():
    # Away only on the due date: the work can be done on the days before.
    leaves = [Leave(1, date(2026, 12, 10), date(2026, 12, 10))]
    risk = occurrence_risk(date(2026, 12, 10), (7,), frozenset({1}), leaves, CALENDAR)
    assert not risk.at_risk and risk.absent == {1}


def test_a_window_without_business_days_looks_at_the_due_date():
    # Due Saturday 12 Dec 2026, same day: nobody away, so not at risk.
    assert not occurrence_risk(date(2026, 12, 12), (0,), frozenset({1}), [], CALENDAR).at_risk


def test_workload_adds_up_every_item_of_a_month():
    items = [WorkItem(date(2027, 3, 1), 30, primary_id=None),  # unassigned: skipped, not the end
             WorkItem(date(2027, 3, 10), 120, primary_id=1),
             WorkItem(date(2027, 3, 20), 60, primary_id=1),
             WorkItem(date(2027, 3, 12), 45, primary_id=3, completed_by_id=1),
             WorkItem(date(2027, 3, 25), 15, primary_id=3, completed_by_id=1)]
    cell = workload(items)[(1, "2027-03")]
    assert (cell.minutes, cell.as_primary, cell.covering) == (240, 180, 60)


def test_a_load_equal_to_capacity_is_not_overloaded():
    assert not overloaded(160.0, 160.0)
    assert overloaded(160.5, 160.0)


def test_training_hours_are_given_to_a_tenth_of_an_hour():
    assert training_hours(2, 45) == 3.5   # 2 × 0.75 h + 2 h
    assert training_hours(2, 10) == 2.3   # 2 × 10 min + 2 h = 2.33 h


def test_months_run_on_across_the_new_year():
    assert months_between(date(2026, 11, 15), 4) == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert months_between(date(2026, 11, 15), 0) == []


def test_per_month_fills_months_without_work_with_an_empty_month():
    cells = {(1, "2026-12"): PersonMonth(minutes=90, as_primary=90)}
    months = per_month(cells, 1, ["2026-11", "2026-12"])
    assert months == [PersonMonth(), PersonMonth(minutes=90, as_primary=90)]
    assert per_month(cells, 2, ["2026-12"]) == [PersonMonth()]
