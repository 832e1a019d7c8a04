"""The roster's rules, pure: readings, numbers, names and dates."""
from __future__ import annotations

from datetime import date

import pytest

from planner.employees import domain
from planner.employees.demo import employee, roster


@pytest.mark.parametrize(("typed", "stored"), [
    ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ\u3000タロウ"),          # half-width, made full-width
    ("ヤマダ\u3000タロウ", "ヤマダ\u3000タロウ"),
    ("  ヤマダ \u3000  タロウ ", "ヤマダ\u3000タロウ"),  # any run of spaces: one
    ("ｻﾄｳ ｷｮｳｺｰ", "サトウ\u3000キョウコー"),       # small kana and the long mark
    ("やまだ たろう", "ヤマダ\u3000タロウ"),        # hiragana, made katakana
    ("", ""),
])
def test_a_reading_is_stored_full_width_with_one_full_width_space(typed, stored):
    assert domain.normalise_kana(typed) == stored
    assert domain.kana_problem(stored) is None


@pytest.mark.parametrize("reading", ["山田", "YAMADA", "ヤマダ1", "ヤマダx"])
def test_a_reading_not_in_katakana_is_refused(reading):
    message = domain.kana_problem(domain.normalise_kana(reading))
    assert message is not None and "katakana" in message.text


def test_a_reading_may_hold_the_middle_dot_of_a_foreign_name_and_every_katakana():
    assert domain.kana_problem("スミス・ジョン") is None
    assert domain.kana_problem("ァヴヵヶヷヺー") is None
    assert domain.kana_problem("ゔ") is not None  # hiragana vu
    assert domain.kana_problem("\u30A0") is not None  # the double hyphen before ァ
    assert domain.kana_problem("ヽ") is not None  # iteration marks are not a reading


def test_a_name_is_given_a_suggested_reading_only_when_it_is_katakana():
    assert domain.suggested_kana("山田　太郎") == "ヤマダ\u3000タロウ"
    assert domain.suggested_kana("John Smith") == ""
    assert domain.suggested_kana("") == ""


def test_numbers_names_and_text_are_normalised():
    assert domain.normalise_number(" ＥＭＰ－００１ ") == "EMP-001"
    assert domain.normalise_name("  山田 　 太郎 ") == "山田\u3000太郎"
    assert domain.normalise_text(" 営業部  第一課 ") == "営業部 第一課"


def _errors(**changes) -> dict:  # noqa: ANN003
    values = {"number": "1", "name": "山田", "kana": "ヤマダ", "employment_type": "regular",
              "hire_date": date(2020, 4, 1), "leave_date": None, **changes}
    return {k: [m.render() for m in v] for k, v in domain.check(**values).items()}


def test_valid_values_have_no_errors():
    assert _errors() == {}
    assert _errors(kana="", hire_date=None, leave_date=date(2020, 1, 1)) == {}
    assert _errors(leave_date=date(2020, 4, 1)) == {}  # leaving on the day of joining
    for kind in ("regular", "contract", "part_time", "officer"):
        assert _errors(employment_type=kind) == {}


def test_each_rule_names_its_field():
    assert _errors(number="") == {"number": ["This field is required."]}
    assert _errors(number="1" * 21) == {"number": ["At most 20 characters."]}
    assert _errors(number="1" * 20) == {}
    assert _errors(name="") == {"name": ["This field is required."]}
    assert _errors(name="山" * 101) == {"name": ["At most 100 characters."]}
    assert _errors(name="山" * 100) == {}
    assert _errors(kana="ア" * 101) == {"name_kana": ["At most 100 characters."]}
    assert _errors(kana="ア" * 100) == {}
    assert _errors(kana="やまだ") == {
        "name_kana": ["Write the reading in katakana (for example ヤマダ\u3000タロウ)."]}
    assert _errors(employment_type="intern") == {"employment_type": ["Unknown employment type."]}
    assert _errors(leave_date=date(2020, 3, 31)) == {
        "leave_date": ["The leave date cannot be before the hire date."]}
    assert set(_errors(number="", name="", employment_type="x")) == {
        "number", "name", "employment_type"}
    assert domain.check("1", "山田", "ヤ", "regular", None, None) == {}


def test_the_demo_roster_is_the_same_every_time_and_reads_like_a_company():
    today = date(2026, 12, 1)
    people = roster(today)
    assert people == roster(today) and len(people) == 300
    assert len({p["number"] for p in people}) == 300
    assert {p["employment_type"] for p in people[:4]} == {"officer"}
    kinds = [p["employment_type"] for p in people]
    assert kinds.count("regular") > 200 and kinds.count("part_time") >= 20
    not_insured = [p for p in people if not p["employment_insurance_insured"]]
    assert 10 <= len(not_insured) <= 20
    assert all(p["employment_type"] in ("officer", "part_time") for p in not_insured)
    leaving = [p["leave_date"] for p in people if p["leave_date"]]
    assert 3 <= len(leaving) <= 8 and set(leaving) == {date(2026, 12, 31), date(2027, 1, 31)}
    hires = [p["hire_date"] for p in people]
    assert min(hires) < date(2007, 12, 1) and max(hires) <= today
    for p in people:
        assert domain.check(p["number"], p["name"], p["name_kana"], p["employment_type"],
                            p["hire_date"], p["leave_date"]) == {}
        assert domain.normalise_kana(p["name_kana"]) == p["name_kana"]
    assert employee(5, today)["division"] in {"営業部", "製造部", "開発部", "管理部", "品質保証部",
                                             "物流センター"}
