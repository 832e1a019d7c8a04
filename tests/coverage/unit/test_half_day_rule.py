"""Which leave takes a person away for the whole day."""
from __future__ import annotations

from planner.coverage.domain import HALF_DAY_KINDS, away_all_day
from planner.coverage.models.absence import ABSENCE_KINDS


def test_only_the_half_days_leave_the_person_at_work():
    assert HALF_DAY_KINDS <= set(ABSENCE_KINDS)
    assert {kind for kind in ABSENCE_KINDS if not away_all_day(kind)} == {
        "half_day_am", "half_day_pm"}
    assert all(away_all_day(kind) for kind in ("family_care", "maternity", "special"))
