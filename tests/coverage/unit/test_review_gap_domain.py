"""What a cross-training suggestion says is missing, reviewers counted."""
from __future__ import annotations

import pytest

from planner.coverage.domain import GAPS, TaskCoverage


@pytest.mark.parametrize(("qualified", "review", "gap", "to_train"), [
    (frozenset(), False, "nobody", 2),
    (frozenset(), True, "preparer_and_reviewer", 2),
    (frozenset({1}), True, "reviewer", 1),
    (frozenset({1}), False, "backup", 1),
    (frozenset({1, 2}), True, None, 0),
    (frozenset({1, 2, 3}), False, None, 0),
])
def test_the_gap_names_a_missing_reviewer(qualified, review, gap, to_train):  # noqa: ANN001
    coverage = TaskCoverage(1, qualified, "critical", 12, review)
    assert coverage.gap == gap
    assert coverage.people_to_train == to_train
    assert gap is None or gap in GAPS
    assert coverage.single_point_of_failure is (gap is not None)
