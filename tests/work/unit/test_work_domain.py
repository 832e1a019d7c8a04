"""Measured effort, with the medians and quartiles worked out by hand."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planner.work.domain import MEASURED_MINIMUM, MEASURED_WINDOW, effort_quartiles, measured_effort


def test_the_window_and_the_minimum() -> None:
    assert (MEASURED_WINDOW, MEASURED_MINIMUM) == (12, 3)


def test_nothing_under_three_samples() -> None:
    assert measured_effort([]) is None
    assert measured_effort([30, 40]) is None
    assert effort_quartiles([30, 40]) is None


def test_three_samples_give_their_middle_one() -> None:
    assert measured_effort([30, 10, 20]) == 20
    assert effort_quartiles([30, 10, 20]) == (15, 20, 25)


def test_an_even_count_averages_the_middle_two_rounding_half_up() -> None:
    # 1, 2, 3, 4: (2 + 3) / 2 = 2.5, which rounds up (not to the even 2).
    assert measured_effort([4, 1, 3, 2]) == 3
    # 10, 11, 20, 30: (11 + 20) / 2 = 15.5 → 16.
    assert measured_effort([30, 11, 20, 10]) == 16


def test_an_outlier_does_not_move_the_median() -> None:
    assert measured_effort([60, 1440, 55, 65, 60]) == 60


def test_only_the_newest_twelve_count() -> None:
    # Newest first: twelve 10s, then older 50s that no longer count.
    assert measured_effort([10] * 12 + [50] * 12) == 10
    # Six 5s and six 6s: (5 + 6) / 2 = 5.5 → 6; the 13th (1) would make it 5,
    # and so would a window of eleven.
    samples = [5, 6] * 6 + [1]
    assert measured_effort(samples) == 6
    assert measured_effort(samples[:11]) == 5
    assert measured_effort(samples[:11] + [1, 1]) == 5


def test_quartiles_by_the_inclusive_method() -> None:
    assert effort_quartiles([1, 2, 3, 4, 5]) == (2, 3, 4)
    # 1, 2, 3, 4: lower 1.75 → 2, median 2.5 → 3, upper 3.25 → 3.
    assert effort_quartiles([4, 3, 2, 1]) == (2, 3, 3)
    # A quartile of exactly half a minute rounds up: 1, 2, 4 → lower 1.5 → 2.
    assert effort_quartiles([1, 2, 4]) == (2, 2, 3)
    # 1, 3, 4: upper (3 + 4) / 2 = 3.5 → 4.
    assert effort_quartiles([1, 3, 4]) == (2, 3, 4)


def test_quartiles_use_the_same_window() -> None:
    assert effort_quartiles([10] * 12 + [50] * 12) == (10, 10, 10)
    assert effort_quartiles([5, 6] * 6 + [1] * 12) == (5, 6, 6)


@given(st.lists(st.integers(1, 1440), max_size=30))
def test_quartiles_are_ordered_within_the_samples(samples: list[int]) -> None:
    median = measured_effort(samples)
    quartiles = effort_quartiles(samples)
    if len(samples) < MEASURED_MINIMUM:
        assert median is None and quartiles is None
        return
    assert quartiles is not None and median is not None
    lower, middle, upper = quartiles
    window = samples[:MEASURED_WINDOW]
    assert lower <= middle <= upper
    assert middle == median
    assert min(window) <= median <= max(window)
    assert min(window) <= lower and upper <= max(window)
