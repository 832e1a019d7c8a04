"""SCIM_ROLE_GROUPS read, a group's role looked up, and a person's role from
the role groups they are in."""
from __future__ import annotations

import pytest

from planner.identity.domain import RoleGroupsError, group_role, parse_role_groups, role_from_groups


@pytest.mark.parametrize("empty", [None, "", "   \n", {}])
def test_nothing_set_means_no_role_groups(empty):
    assert parse_role_groups(empty) == {}


def test_a_json_object_of_groups_to_roles_is_read_with_names_trimmed():
    assert parse_role_groups('{"Planner managers": "manager", " 9f1c-objectid ": "admin",'
                             ' "監査": "auditor", "Everyone": "staff"}') == {
        "Planner managers": "manager", "9f1c-objectid": "admin", "監査": "auditor",
        "Everyone": "staff"}


def test_a_mapping_set_in_python_is_checked_like_the_json():
    assert parse_role_groups({"Planner administrators": "admin"}) == {
        "Planner administrators": "admin"}
    with pytest.raises(RoleGroupsError, match="unknown role 'owner'"):
        parse_role_groups({"Planner administrators": "owner"})


ONE_OF = "(one of staff, manager, admin, auditor)"


@pytest.mark.parametrize(("value", "message"), [
    ("{not json", "SCIM_ROLE_GROUPS is not JSON: Expecting property name enclosed in double "
                  "quotes"),
    ('["Planner managers"]',
     'SCIM_ROLE_GROUPS must be a JSON object such as {"Planner managers": "manager"}'),
    ('"manager"', 'SCIM_ROLE_GROUPS must be a JSON object such as {"Planner managers": "manager"}'),
    ("42", 'SCIM_ROLE_GROUPS must be a JSON object such as {"Planner managers": "manager"}'),
    ('{"Planner managers": "boss"}',
     f"SCIM_ROLE_GROUPS gives the group 'Planner managers' the unknown role 'boss' {ONE_OF}"),
    ('{"Planner managers": "Manager"}',
     f"SCIM_ROLE_GROUPS gives the group 'Planner managers' the unknown role 'Manager' {ONE_OF}"),
    ('{"Planner managers": 2}',
     f"SCIM_ROLE_GROUPS gives the group 'Planner managers' the unknown role 2 {ONE_OF}"),
    ('{"Planner managers": null}',
     f"SCIM_ROLE_GROUPS gives the group 'Planner managers' the unknown role None {ONE_OF}"),
    ('{"": "manager"}', "SCIM_ROLE_GROUPS has an empty group name"),
    ('{"  ": "manager"}', "SCIM_ROLE_GROUPS has an empty group name"),
    ({1: "manager"}, "SCIM_ROLE_GROUPS has an empty group name"),
    ('{"A": "manager", "A": "admin"}', "SCIM_ROLE_GROUPS names the group 'A' twice"),
    ('{"A": "manager", " A": "admin"}', "SCIM_ROLE_GROUPS names the group 'A' twice"),
])
def test_a_malformed_value_is_refused_saying_what_is_wrong(value, message):
    with pytest.raises(RoleGroupsError) as refused:
        parse_role_groups(value)
    assert str(refused.value) == message


def test_the_refusal_is_a_value_error():
    assert issubclass(RoleGroupsError, ValueError)


def test_a_group_gives_a_role_by_display_name_first_then_external_id():
    groups = {"Planner managers": "manager", "9f1c": "admin"}
    assert group_role("Planner managers", None, groups) == "manager"
    assert group_role(" Planner managers ", "other", groups) == "manager"
    assert group_role("Renamed in Entra", "9f1c", groups) == "admin"
    assert group_role("Planner managers", "9f1c", groups) == "manager"
    assert group_role("経理部", "hr-1", groups) is None
    assert group_role(None, None, groups) is None
    assert group_role("", "", groups) is None
    assert group_role("planner managers", None, groups) is None  # names compare exactly


def test_a_persons_role_is_the_highest_their_role_groups_give_else_staff():
    assert role_from_groups([]) == "staff"
    assert role_from_groups(["manager"]) == "manager"
    assert role_from_groups(["manager", "admin", "staff"]) == "admin"
    assert role_from_groups(["admin", "manager"]) == "admin"
    assert role_from_groups(["auditor"]) == "auditor"
    assert role_from_groups(["auditor", "staff"]) == "staff"
    assert role_from_groups(["manager", "auditor"]) == "manager"
    assert role_from_groups(iter(["staff"])) == "staff"
