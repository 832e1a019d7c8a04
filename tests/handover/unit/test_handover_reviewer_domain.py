"""The handover's pure rules for a task that requires review (ダブルチェック):
two qualified people afterwards, and who checks once the handover is done."""
from __future__ import annotations

from planner.handover.domain import Proposal, Successor, TaskChange, pick_reviewer, uncovered


def _ranked(*people: tuple[int, int]) -> list[Proposal]:
    return [Proposal(Successor(person, level, 40.0), 0.0, True) for person, level in people]


def test_a_review_required_task_needs_two_qualified_people_after_the_handover():
    alone = TaskChange(1, "primary", frozenset(), successor_id=2, successor_level=3,
                       review_required=True)
    assert not alone.covered_after and alone.reviewer_missing
    checked = TaskChange(1, "primary", frozenset(), 2, 3, True, reviewer_id=3, reviewer_level=4)
    assert checked.covered_after and not checked.reviewer_missing
    # Without review, one qualified person covers it, as before.
    plain = TaskChange(1, "primary", frozenset(), 2, 3)
    assert plain.covered_after and not plain.reviewer_missing
    assert uncovered([alone, checked, plain]) == [1]


def test_one_qualified_person_left_does_not_cover_a_checked_task_without_anyone():
    change = TaskChange(7, "backup", frozenset({5}), None, 0, True)
    assert not change.covered_without and not change.covered_after
    assert TaskChange(7, "backup", frozenset({5, 6}), None, 0, True).covered_without


def test_an_unqualified_reviewer_is_trained_but_does_not_cover_yet():
    change = TaskChange(1, "primary", frozenset({2}), 2, 4, True, reviewer_id=3,
                        reviewer_level=1)
    assert change.reviewer_needs_training and not change.covered_after
    # The successor who also reviews is trained once, as the successor.
    same = TaskChange(1, "backup", frozenset(), 3, 1, True, reviewer_id=3, reviewer_level=1)
    assert same.needs_training and not same.reviewer_needs_training


def test_the_reviewer_is_never_the_preparer_and_a_staying_checker_is_kept():
    ranked = _ranked((2, 4), (3, 3), (4, 1))
    # The successor (2) prepares: the qualified owner who stays (3) keeps checking.
    assert pick_reviewer(ranked, preparer_id=2, successor_id=2,
                         qualified_others=frozenset({2, 3})).person_id == 3
    # Nobody but the preparer is qualified: the best ranked other person is proposed.
    assert pick_reviewer(_ranked((2, 4), (4, 1), (5, 2)), 2, 2,
                         frozenset({2})).person_id == 4


def test_a_departing_reviewer_hands_the_check_to_their_successor():
    # The primary (9) keeps preparing; the leaving checker's successor (4) checks.
    ranked = _ranked((9, 4), (3, 2), (4, 1))
    assert pick_reviewer(ranked, preparer_id=9, successor_id=4,
                         qualified_others=frozenset({9})).person_id == 4
    # Only the preparer is there: nobody can check.
    assert pick_reviewer(_ranked((9, 4)), 9, 9, frozenset({9})) is None


def test_a_qualified_owner_who_stays_checks_rather_than_a_successor_in_training():
    # The primary (9) keeps preparing; the leaving checker's successor (4) is
    # still learning, but 3 is qualified and stays: 3 checks, nobody is trained for it.
    ranked = _ranked((9, 4), (3, 3), (4, 1))
    assert pick_reviewer(ranked, preparer_id=9, successor_id=4,
                         qualified_others=frozenset({9, 3})).person_id == 3
    # Several stay: the best ranked of them who is not the preparer.
    assert pick_reviewer(_ranked((9, 4), (5, 4), (3, 3), (4, 1)), 9, 4,
                         frozenset({9, 5, 3})).person_id == 5


def test_the_successor_who_checks_comes_with_what_the_ranking_knows_of_them():
    assert pick_reviewer(_ranked((9, 4), (3, 2), (4, 1)), 9, 4,
                         frozenset({9})) == Successor(4, 1, 40.0)


def test_a_successor_outside_the_ranking_checks_as_a_newcomer():
    # The successor chosen (6) is not among the ranked candidates: nothing is
    # known of them, so they start from level 0 with no room counted.
    assert pick_reviewer(_ranked((9, 4), (3, 2)), preparer_id=9, successor_id=6,
                         qualified_others=frozenset({9})) == Successor(6, 0, 0.0)
