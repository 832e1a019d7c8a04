"""OIDC_GROUP_MAP: read once at start-up, refused whole when it is wrong."""
from __future__ import annotations

import json

import pytest

from planner.core.roles import Role
from planner.identity.domain import Grant, grant_for, parse_group_map

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


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "OIDC_GROUP_MAP is not JSON: Expecting value"),
    ('["a list"]', "OIDC_GROUP_MAP must be a JSON object: group -> {role, departments}"),
    ('{"g": "manager"}', "OIDC_GROUP_MAP['g'] takes only 'role' and 'departments'"),
    ('{"g": {"role": "owner"}}', "OIDC_GROUP_MAP['g']: unknown role 'owner'"),
    ('{"g": {"departments": "payroll"}}',
     "OIDC_GROUP_MAP['g']['departments'] must be a list of codes"),
    ('{"g": {"departments": ["payroll", 1]}}',
     "OIDC_GROUP_MAP['g']['departments'] must be a list of codes"),
    ('{"g": {"role": "staff", "department": ["payroll"]}}',
     "OIDC_GROUP_MAP['g'] takes only 'role' and 'departments'"),
])
def test_a_bad_map_is_refused_saying_what_is_wrong(text, message):
    with pytest.raises(ValueError) as refused:
        parse_group_map(text)
    assert str(refused.value) == message


def test_a_group_with_nothing_set_gives_staff_in_no_department():
    assert parse_group_map('{"everyone": {}}') == {"everyone": Grant(Role.STAFF, ())}
    assert parse_group_map(' \n ') == {}


def test_a_group_gives_its_role_and_departments():
    assert parse_group_map('{"payroll-managers": {"role": "manager", "departments": ["payroll"]}}'
                           ) == {"payroll-managers": Grant(Role.MANAGER, ("payroll",))}
