"""OIDC_GROUP_MAP: read once at start-up, refused whole when it is wrong."""
from __future__ import annotations

import json

import pytest

from planner.core.roles import Role
from planner.identity.oidc import Grant, grant_for, parse_group_map

MAP = parse_group_map(json.dumps({
    "payroll-team": {"departments": ["payroll"]},
    "payroll-managers": {"role": "manager", "departments": ["payroll"]},
    "accounting-team": {"role": "staff", "departments": ["accounting"]},
    "it-admins": {"role": "admin"},
}))


def test_no_map_and_no_group_give_staff_in_no_department():
    assert parse_group_map("") == {}
    assert grant_for([], MAP) == Grant(Role.STAFF, ())
    assert grant_for(["unknown"], MAP) == Grant(Role.STAFF, ())


def test_several_groups_give_the_highest_role_and_every_department():
    assert grant_for(["payroll-team", "payroll-managers", "accounting-team"], MAP) == Grant(
        Role.MANAGER, ("accounting", "payroll"))
    assert grant_for(["it-admins"], MAP) == Grant(Role.ADMIN, ())


@pytest.mark.parametrize("text", [
    "not json",
    '["a list"]',
    '{"g": "manager"}',
    '{"g": {"role": "owner"}}',
    '{"g": {"departments": "payroll"}}',
    '{"g": {"role": "staff", "department": ["payroll"]}}',
])
def test_a_bad_map_is_refused(text):
    with pytest.raises(ValueError):
        parse_group_map(text)
