"""Prepare, approve and return (service tier, over a real database)."""
from __future__ import annotations

import pytest
from signoff_support import signoff_fixture  # noqa: F401 - the `signoff` fixture
from sqlalchemy import select

from planner.core.errors import Conflict, Forbidden, Message, ValidationError
from planner.core.extensions import db
from planner.people.models.user import User
from planner.signoff import operations as sign_off
from planner.signoff.domain import NotPrepared, NotQualified, OwnWork
from planner.signoff.models import OccurrenceReview
from planner.work import operations as occurrences
from planner.work.models import Occurrence
from planner.work.signals import occurrence_preparing


def _load(ids):  # noqa: ANN001, ANN202
    return (db.session.get(Occurrence, ids.occurrence),
            *(db.session.get(User, i) for i in (ids.preparer, ids.reviewer, ids.trainee,
                                                ids.admin)))


def test_done_on_a_review_required_task_prepares_it(ctx, signoff):
    occurrence, preparer, *_ = _load(signoff)
    occurrences.complete(preparer, occurrence, "計算済み", minutes=120)
    assert occurrence.status == "prepared"
    assert occurrence.prepared_by_id == preparer.id and occurrence.prepared_at is not None
    assert occurrence.completed_by_id is None and occurrence.completed_at is None
    assert (occurrence.note, occurrence.minutes_taken) == ("計算済み", 120)


def test_a_qualified_other_person_approves_and_it_is_done(ctx, signoff):
    occurrence, preparer, reviewer, *_ = _load(signoff)
    assert prepare(preparer, occurrence).status == "prepared"
    sign_off.review(reviewer, occurrence, "approve", "")
    assert occurrence.status == "done"
    # Done by the one who did the work, checked by the reviewer.
    assert occurrence.completed_by_id == preparer.id
    assert (occurrence.reviewed_by_id, occurrence.reviewed_at is not None) == (reviewer.id, True)
    assert [(r.decision, r.reviewer_id) for r in sign_off.history(occurrence)] == [
        ("approve", reviewer.id)]


def prepare(person, occurrence):  # noqa: ANN001, ANN201
    return sign_off.prepare(person, occurrence, "確認お願いします", minutes=90)


def test_the_preparer_cannot_approve_their_own_work(ctx, signoff):
    occurrence, preparer, *_ = _load(signoff)
    prepare(preparer, occurrence)
    with pytest.raises(OwnWork) as raised:
        sign_off.review(preparer, occurrence, "approve", "")
    assert isinstance(raised.value, Forbidden)
    assert occurrence.status == "prepared"
    assert sign_off.history(occurrence) == []


def test_an_administrator_cannot_approve_their_own_work_either(ctx, signoff):
    occurrence, _preparer, _reviewer, _trainee, admin = _load(signoff)
    prepare(admin, occurrence)
    with pytest.raises(OwnWork):
        sign_off.review(admin, occurrence, "approve", "")
    assert occurrence.status == "prepared"


def test_an_unqualified_reviewer_is_refused(ctx, signoff):
    occurrence, preparer, _reviewer, trainee, _admin = _load(signoff)
    prepare(preparer, occurrence)
    with pytest.raises(NotQualified):
        sign_off.review(trainee, occurrence, "approve", "")
    # Nor someone who is not on the task at all, whatever their role.
    manager = db.session.get(User, signoff.world.manager)
    with pytest.raises(NotQualified):
        sign_off.review(manager, occurrence, "approve", "")
    assert occurrence.status == "prepared"


def test_a_returned_occurrence_goes_back_to_the_preparer_with_the_comment(ctx, signoff):
    occurrence, preparer, reviewer, *_ = _load(signoff)
    prepare(preparer, occurrence)
    sign_off.review(reviewer, occurrence, "return", "残業単価が改定前です。")
    assert occurrence.status == "open"
    assert occurrence.prepared_by_id == preparer.id
    assert occurrence.minutes_taken is None
    returned = sign_off.returned_to(preparer)
    assert [(r.occurrence.id, r.review.comment) for r in returned] == [
        (occurrence.id, "残業単価が改定前です。")]
    assert sign_off.last_return(occurrence).comment == "残業単価が改定前です。"
    # Still theirs to do: on "my work" as before.
    work = occurrences.my_work(preparer)
    assert occurrence in (work.overdue + work.today + work.this_week + work.next_30_days)
    assert sign_off.to_review(reviewer) == []

    # Fixed and prepared again, then approved: the return stays in the history.
    prepare(preparer, occurrence)
    assert occurrence.reviewed_by_id is None
    assert sign_off.returned_to(preparer) == []
    sign_off.review(reviewer, occurrence, "approve", "")
    assert [(r.decision, r.comment) for r in sign_off.history(occurrence)] == [
        ("return", "残業単価が改定前です。"), ("approve", "")]


def test_a_decision_on_work_not_prepared_is_a_conflict(ctx, signoff):
    occurrence, _preparer, reviewer, *_ = _load(signoff)
    with pytest.raises(NotPrepared) as raised:
        sign_off.review(reviewer, occurrence, "approve", "")
    assert isinstance(raised.value, Conflict)


def test_a_return_without_a_comment_is_refused(ctx, signoff):
    occurrence, preparer, reviewer, *_ = _load(signoff)
    prepare(preparer, occurrence)
    with pytest.raises(ValidationError) as raised:
        sign_off.review(reviewer, occurrence, "return", " ")
    assert set(raised.value.fields) == {"comment"}
    assert occurrence.status == "prepared"


def test_prepared_work_cannot_be_prepared_again(ctx, signoff):
    occurrence, preparer, *_ = _load(signoff)
    prepare(preparer, occurrence)
    with pytest.raises(Conflict):
        occurrences.complete(preparer, occurrence)


def test_what_another_feature_says_stops_preparing_all_at_once(ctx, signoff):
    occurrence, preparer, *_ = _load(signoff)

    def unticked(sender, **_kw):  # noqa: ANN001, ANN202, ANN003
        return [Message("Tick step %(n)d.", {"n": 2}), Message("Attach the register.")]

    occurrence_preparing.connect(unticked)
    try:
        with pytest.raises(ValidationError) as raised:
            occurrences.complete(preparer, occurrence)
    finally:
        occurrence_preparing.disconnect(unticked)
    assert [m.text for m in raised.value.fields["preparing"]] == [
        "Tick step %(n)d.", "Attach the register."]
    assert occurrence.status == "open"


def test_to_review_lists_prepared_work_for_qualified_others_only(ctx, signoff):
    occurrence, preparer, reviewer, trainee, admin = _load(signoff)
    prepare(preparer, occurrence)
    assert sign_off.to_review(reviewer) == [occurrence]
    assert sign_off.to_review(admin) == [occurrence]
    assert sign_off.to_review(preparer) == []
    assert sign_off.to_review(trainee) == []


def test_reopening_prepared_work_takes_it_back_and_keeps_the_history(ctx, signoff):
    occurrence, preparer, reviewer, *_ = _load(signoff)
    prepare(preparer, occurrence)
    sign_off.review(reviewer, occurrence, "return", "添付漏れ")
    prepare(preparer, occurrence)
    occurrences.reopen(preparer, occurrence)
    assert occurrence.status == "open"
    assert (occurrence.prepared_by_id, occurrence.reviewed_by_id) == (None, None)
    assert db.session.scalar(select(db.func.count(OccurrenceReview.id))) == 1


def test_a_task_without_review_is_done_at_once(ctx, signoff):
    occurrence, preparer, *_ = _load(signoff)
    occurrence.task.review_required = False
    occurrences.complete(preparer, occurrence)
    assert occurrence.status == "done" and occurrence.prepared_by_id is None
