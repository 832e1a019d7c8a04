"""Rules about people: the password policy."""
from __future__ import annotations

from planner.domain.people import check_password


def test_password_policy_is_length_not_composition_and_refuses_the_obvious():
    assert check_password("short") is not None
    assert check_password("correct horse battery") is None
    assert check_password("qwertyuiop") is not None  # a common one
    assert check_password("aaaaabbbbb") is not None  # too few distinct characters
    assert check_password("sato.hanako-2026", email="sato.hanako@example.co.jp") is not None
    assert check_password("佐藤花子のパスワード", name="佐藤 花子") is not None
    assert check_password("x" * 257) is not None
