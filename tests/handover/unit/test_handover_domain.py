"""Successor ranking and coverage after a handover (pure domain)."""
from __future__ import annotations

import pytest

from planner.core.errors import ValidationError
from planner.handover.domain import (
    Successor,
    TaskChange,
    UncoveredTasks,
    check,
    rank_successors,
    uncovered,
)

DEPARTING = 1


def _ids(proposals) -> list[int]:  # noqa: ANN001
    return [p.successor.person_id for p in proposals]


def test_qualified_people_come_first_then_the_best_trainee():
    candidates = [
        Successor(2, level=1, headroom_hours=30),   # in training, lots of room
        Successor(3, level=3, headroom_hours=2),    # qualified, but full
        Successor(4, level=4, headroom_hours=10),   # qualified, room for it
        Successor(5, level=2, headroom_hours=10),   # can do with help, room
        Successor(6, level=0, headroom_hours=40),   # new to it
        Successor(DEPARTING, level=4, headroom_hours=99),
    ]
    ranked = rank_successors(candidates, DEPARTING, effort_minutes=240, hours_per_month=4)
    assert _ids(ranked) == [4, 3, 5, 2, 6]
    assert ranked[0].training_hours == 0 and ranked[0].fits
    assert not ranked[1].fits  # qualified but only 2 hours free for a 4-hour task
    # Level 2 needs one step (2 runs of 4 h + 2 h), level 0 three steps.
    assert ranked[2].training_hours == 10 and ranked[4].training_hours == 30


def test_headroom_decides_among_equals_and_room_beats_a_higher_level_without_it():
    ranked = rank_successors([Successor(2, 2, 1), Successor(3, 1, 20), Successor(4, 1, 30)],
                             DEPARTING, effort_minutes=60, hours_per_month=5)
    assert _ids(ranked) == [4, 3, 2]


def test_the_departing_person_is_never_proposed():
    assert rank_successors([Successor(DEPARTING, 4, 50)], DEPARTING, 60, 1) == []


def _change(task_id: int, role: str, others: set[int], successor: int | None,
            level: int) -> TaskChange:
    return TaskChange(task_id, role, frozenset(others), successor, level)


def test_coverage_after_the_handover():
    still_covered = _change(1, "backup", {7}, None, 0)
    qualified_successor = _change(2, "primary", set(), 8, 3)
    trainee_successor = _change(3, "primary", set(), 9, 1)
    assert still_covered.covered_without and still_covered.covered_after
    assert not qualified_successor.covered_without and qualified_successor.covered_after
    assert not trainee_successor.covered_after and trainee_successor.needs_training
    assert uncovered([still_covered, qualified_successor, trainee_successor]) == [3]


def test_apply_is_refused_for_uncovered_tasks_unless_confirmed():
    changes = [_change(1, "primary", set(), 9, 1), _change(2, "primary", {5}, 5, 4)]
    with pytest.raises(UncoveredTasks) as refused:
        check(changes, accept_uncovered=False)
    assert refused.value.task_ids == [1]
    check(changes, accept_uncovered=True)  # the manager said yes


def test_a_primary_task_needs_a_successor():
    with pytest.raises(ValidationError) as error:
        check([_change(4, "primary", {5}, None, 0)], accept_uncovered=True)
    assert list(error.value.fields) == ["successor_4"]
    check([_change(4, "backup", {5}, None, 0)], accept_uncovered=False)  # a backup may just go


def test_headroom_equal_to_the_task_hours_fits():
    [proposal] = rank_successors([Successor(2, 3, 4.0)], DEPARTING, effort_minutes=240,
                                 hours_per_month=4.0)
    assert proposal.fits


def test_among_qualified_people_with_room_the_most_room_then_the_higher_level_comes_first():
    ranked = rank_successors([Successor(2, 3, 10), Successor(3, 3, 20), Successor(4, 4, 10)],
                             DEPARTING, effort_minutes=60, hours_per_month=1)
    assert _ids(ranked) == [3, 4, 2]


def test_refusing_uncovered_tasks_tells_the_manager_how_many():
    changes = [_change(1, "primary", set(), 9, 1), _change(2, "backup", set(), None, 0)]
    with pytest.raises(UncoveredTasks) as refused:
        check(changes, accept_uncovered=False)
    assert refused.value.message.render() == (
        "2 task(s) would have nobody qualified after the handover. Confirm that you accept "
        "this (training plans are made), or choose other successors.")


def test_a_missing_successor_is_explained_next_to_its_field():
    with pytest.raises(ValidationError) as error:
        check([_change(4, "primary", {5}, None, 0)], accept_uncovered=True)
    [message] = error.value.fields["successor_4"]
    assert message.render() == "Choose who takes over as primary owner."
