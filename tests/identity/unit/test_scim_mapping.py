"""How a SCIM User's attributes become a planner person's e-mail and name, and
a directory's group a department code."""
from __future__ import annotations

from planner.identity.domain import department_code, planner_email, planner_name


def test_an_address_shaped_user_name_is_the_email():
    assert planner_email(" hanako@example.co.jp ", [{"value": "other@example.com"}]) \
        == "hanako@example.co.jp"


def test_an_opaque_user_name_takes_the_primary_email_else_the_first():
    emails = [{"value": "a@example.com"}, {"value": "b@example.com", "primary": True}]
    assert planner_email("8f0c-opaque", emails) == "b@example.com"
    assert planner_email("8f0c-opaque", [{"value": "a@example.com"}]) == "a@example.com"


def test_no_address_at_all_gives_none():
    assert planner_email("opaque", []) is None
    assert planner_email(None, [{"type": "work"}]) is None


def test_name_prefers_display_name_then_formatted_then_family_given_then_user_name():
    assert planner_name("佐藤 花子", {"formatted": "x"}, "u") == "佐藤 花子"
    assert planner_name(None, {"formatted": "Hanako Sato"}, "u") == "Hanako Sato"
    assert planner_name("  ", {"givenName": "花子", "familyName": "佐藤"}, "u") == "佐藤 花子"
    assert planner_name(None, {"givenName": "花子"}, "u") == "花子"
    assert planner_name(None, None, "hanako@example.com") == "hanako@example.com"
    assert planner_name(None, None, None) == ""  # nothing to go on


def test_department_code_is_the_external_id_when_free_and_valid():
    assert department_code("payroll-tokyo", set(), "AB12") == "payroll-tokyo"
    assert department_code("PAYROLL", {"PAYROLL"}, "AB12") == "SCIM-AB12"
    assert department_code("経理部", set(), "AB12") == "SCIM-AB12"
    assert department_code(None, set(), "AB12") == "SCIM-AB12"
    assert department_code("x" * 41, set(), "AB12") == "SCIM-AB12"
    assert department_code("x" * 40, set(), "AB12") == "x" * 40  # departments.code's length
