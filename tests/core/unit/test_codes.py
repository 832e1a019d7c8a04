"""Task codes: quoted in e-mails and spreadsheets, so plain ASCII only."""
from __future__ import annotations

import pytest

from planner.core.codes import check_code


@pytest.mark.parametrize("code", ["PAY-01", "tax_2027", "gen.aff.3", "A", ""])
def test_plain_ascii_codes_with_dash_underscore_and_dot_are_accepted(code):
    # An empty code means the task has none, which is allowed.
    assert check_code(code) is None


@pytest.mark.parametrize("code", ["PAY 01", "PAY/01", "pay#1", "給与01", "ＰＡＹ０１"])
def test_codes_with_spaces_symbols_or_japanese_characters_are_refused(code):
    # Japanese and full-width letters count as letters to Python, hence the
    # explicit ASCII rule.
    message = check_code(code)
    assert message is not None
    assert message.render() == "Use letters, digits, '-', '_' or '.' only."
