"""The sign-off's rules, without a database."""
from __future__ import annotations

from datetime import date

import pytest

from planner.calendar.domain import BusinessCalendar
from planner.core.errors import Conflict, Forbidden, ValidationError
from planner.signoff import domain as rules

CALENDAR = BusinessCalendar()  # JP holidays, Saturday and Sunday off


def test_the_preparer_may_not_check_their_own_work_even_when_qualified():
    with pytest.raises(rules.OwnWork) as raised:
        rules.check_reviewer(7, 4, 7)
    assert isinstance(raised.value, Forbidden)
    assert not rules.may_review(7, 4, 7)


@pytest.mark.parametrize("level", [None, 0, 1, 2])
def test_a_reviewer_under_level_3_is_refused(level):
    with pytest.raises(rules.NotQualified):
        rules.check_reviewer(8, level, 7)
    assert not rules.may_review(8, level, 7)


@pytest.mark.parametrize("level", [3, 4])
def test_a_qualified_other_person_may_review(level):
    rules.check_reviewer(8, level, 7)
    assert rules.may_review(8, level, 7)


def test_own_work_is_named_before_the_level():
    # A trainee who prepared it hears that it is theirs, not that they lack the level.
    with pytest.raises(rules.OwnWork):
        rules.check_reviewer(7, 1, 7)


def test_with_no_preparer_yet_every_qualified_active_person_may_review():
    people = [rules.Qualification(1, 4), rules.Qualification(2, 3),
              rules.Qualification(3, 2), rules.Qualification(4, 4, active=False)]
    assert rules.possible_reviewers(people, None) == {1, 2}
    assert rules.possible_reviewers(people, 1) == {2}
    assert rules.possible_reviewers(people, 3) == {1, 2}


def test_a_decision_is_approve_or_return():
    assert rules.check_decision("approve", None) == ("approve", "")
    assert rules.check_decision("approve", "  良好 ") == ("approve", "良好")
    assert rules.check_decision("return", " 単価を確認 ") == ("return", "単価を確認")
    with pytest.raises(ValidationError) as raised:
        rules.check_decision("maybe", "")
    assert set(raised.value.fields) == {"decision"}


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_a_return_needs_a_comment(comment):
    with pytest.raises(ValidationError) as raised:
        rules.check_decision("return", comment)
    assert set(raised.value.fields) == {"comment"}


def test_a_comment_is_text_of_bounded_length():
    rules.check_decision("return", "x" * rules.COMMENT_MAX)
    with pytest.raises(ValidationError) as too_long:
        rules.check_decision("return", "x" * (rules.COMMENT_MAX + 1))
    assert set(too_long.value.fields) == {"comment"}
    with pytest.raises(ValidationError) as not_text:
        rules.check_decision("approve", 12)
    assert set(not_text.value.fields) == {"comment"}


def test_only_prepared_work_can_be_decided():
    rules.check_reviewable("prepared")
    for status in ("open", "done", "skipped", "cancelled"):
        with pytest.raises(rules.NotPrepared) as raised:
            rules.check_reviewable(status)
        assert isinstance(raised.value, Conflict)


def test_the_review_date_is_the_due_date_or_business_days_before_it():
    due = date(2027, 1, 12)  # a Tuesday after 成人の日 (Monday 11 January)
    assert rules.review_date(due, 0, CALENDAR) == due
    assert rules.review_date(due, -1, CALENDAR) == due
    assert rules.review_date(due, 1, CALENDAR) == date(2027, 1, 8)  # over the long weekend
    assert rules.review_date(due, 2, CALENDAR) == date(2027, 1, 7)


def test_checking_takes_a_quarter_of_the_effort_rounded_up():
    assert rules.review_minutes(0) == 0
    assert rules.review_minutes(1) == 1
    assert rules.review_minutes(4) == 1
    assert rules.review_minutes(5) == 2
    assert rules.review_minutes(240) == 60
    assert rules.review_minutes(241) == 61


@pytest.mark.parametrize(("refuse", "english"), [
    (lambda: rules.check_reviewer(7, 4, 7),
     "You prepared this occurrence: another qualified person must check it."),
    (lambda: rules.check_reviewer(8, 2, 7),
     "Only a person qualified on the task (level 3 or more) can check it."),
    (lambda: rules.check_reviewable("open"), "This occurrence is not waiting for review."),
])
def test_a_refused_check_says_why(refuse, english):
    with pytest.raises((Forbidden, Conflict)) as raised:
        refuse()
    assert raised.value.message.render() == english


def _fields(decision: object, comment: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        rules.check_decision(decision, comment)
    return {field: [m.render() for m in messages]
            for field, messages in raised.value.fields.items()}


def test_each_refused_decision_names_its_field_and_what_to_do():
    assert _fields("maybe", "ok") == {"decision": ["Choose approve or return."]}
    assert _fields("approve", 12) == {"comment": ["The comment must be text."]}
    assert _fields("approve", "x" * 1001) == {
        "comment": ["Keep the comment under 1000 characters."]}
    assert _fields("return", " ") == {
        "comment": ["Say what has to be fixed: a returned occurrence needs a comment."]}
    # Both at once: the form shows each next to its own field.
    assert _fields(None, 12) == {"decision": ["Choose approve or return."],
                                 "comment": ["The comment must be text."]}
