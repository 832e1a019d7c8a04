"""A person's reading (フリガナ): suggested from the name when left empty,
the people list in 五十音 order of the readings, and its search."""
from __future__ import annotations

from planner.core.extensions import db
from planner.people import operations as users
from planner.people.models.user import User
from planner.people.operations import PersonData


def _add(world, email: str, name: str, reading: str = "") -> User:  # noqa: ANN001
    return users.create_person(PersonData(email=email, name=name, reading=reading,
                                          department_ids=[world.payroll]))


def test_a_reading_is_suggested_from_the_name_or_kept_as_typed(ctx, world):
    assert _add(world, "a@example.com", "山田 太郎").reading == "ヤマダ\u3000タロウ"
    assert _add(world, "b@example.com", "加藤 真理", "かとう まり").reading == "カトウ\u3000マリ"


def test_a_person_reading_too_long_is_refused_on_its_field(ctx, world):
    from planner.core.errors import ValidationError
    try:
        _add(world, "c@example.com", "山田 太郎", "ア" * 201)
    except ValidationError as error:
        assert set(error.fields) == {"reading"}
    else:
        raise AssertionError("a 201-character reading was saved")


def test_people_are_listed_by_reading_and_found_by_any_kana(ctx, world):
    _add(world, "wada@example.com", "和田 光")  # ワダ: last
    _add(world, "abe@example.com", "阿部 和也")  # アベ: first
    db.session.commit()
    listed = [p.name for p in users.list_people() if p.active]
    assert listed[0] == "阿部 和也" and listed[-1] == "和田 光"
    for typed in ("阿部", "あべ", "アベ", "ｱﾍﾞ", "abe@"):
        assert [p.name for p in users.list_people(q=typed)] == ["阿部 和也"], typed
    assert users.people_page(None, 1, 10, q="わだ").total == 1
