"""The outbox's lease must cover one send plus a margin."""
from __future__ import annotations

from planner.notifications.domain import lease_problems


def test_a_lease_covering_the_timeout_and_margin_is_sound():
    assert lease_problems(120, 30, 5, 50) == []
    assert lease_problems(35, 30, 5, 1) == []  # exactly enough


def test_a_lease_shorter_than_timeout_and_margin_is_refused_with_the_sum():
    (problem,) = lease_problems(34.5, 30, 5, 50)
    assert problem.startswith("DISPATCH_LEASE_SECONDS (34.5) must be at least SMTP_TIMEOUT "
                              "(30) + DISPATCH_LEASE_MARGIN_SECONDS (5) = 35")


def test_nonsense_values_are_each_named():
    problems = lease_problems(120, 0, -1, 0)
    assert [p.split(" ")[0] for p in problems] == [
        "SMTP_TIMEOUT", "DISPATCH_LEASE_MARGIN_SECONDS", "DISPATCH_BATCH"]


def test_a_negative_margin_does_not_shorten_the_lease_needed():
    (*_, lease) = lease_problems(29, 30, -5, 50)
    assert "= 30:" in lease


def test_a_short_timeout_and_no_margin_are_sound():
    # The edges: any timeout above 0, and a margin of 0 (one host, no skew).
    assert lease_problems(2, 0.5, 0, 1) == []
    assert lease_problems(2, 1, 0.5, 1) == []
