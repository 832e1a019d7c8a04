"""Which catalogue duties start with a second person's check (ダブルチェック)."""
from __future__ import annotations

import pytest

from planner.tasks import domain


@pytest.mark.parametrize("category", ["payroll", "tax", "social_insurance"])
def test_a_critical_duty_that_reaches_pay_or_the_authorities_is_reviewed(category):
    assert domain.review_by_default(category, "critical") is True


@pytest.mark.parametrize("criticality", ["low", "medium", "high"])
def test_a_less_than_critical_payroll_duty_is_not_reviewed_at_first(criticality):
    assert domain.review_by_default("payroll", criticality) is False


@pytest.mark.parametrize("category", ["accounting", "labour", "general_affairs", "other"])
def test_a_critical_duty_of_another_category_is_not_reviewed_at_first(category):
    assert domain.review_by_default(category, "critical") is False


def test_every_reviewed_category_is_one_a_task_can_have():
    assert domain.REVIEWED_CATEGORIES <= set(domain.CATEGORIES)
