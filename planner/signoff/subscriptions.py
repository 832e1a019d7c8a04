"""The sign-off's sections of other features' pages: "my work" (to review,
returned to me) and the occurrence page (its state, history and the
reviewer's forms)."""
from __future__ import annotations

from typing import Any

from planner.people.models.user import User
from planner.signoff import operations as signoff
from planner.signoff.forms import ReviewForm
from planner.work.api import occurrence_json
from planner.work.models import Occurrence
from planner.work.signals import my_work_document, my_work_page, occurrence_page


@my_work_page.connect
def _my_work_page(person: User) -> dict[str, Any]:
    return {"to_review": signoff.to_review(person), "returned": signoff.returned_to(person)}


@my_work_document.connect
def _my_work_document(person: User) -> dict[str, Any]:
    return {
        "to_review": [occurrence_json(o) for o in signoff.to_review(person)],
        "returned": [{**occurrence_json(r.occurrence), "return_comment": r.review.comment,
                      "returned_by_id": r.review.reviewer_id,
                      "returned_at": r.review.decided_at.isoformat()}
                     for r in signoff.returned_to(person)],
    }


@occurrence_page.connect
def _occurrence_page(occurrence: Occurrence, viewer: User) -> dict[str, Any]:
    if not occurrence.task.review_required and occurrence.prepared_by_id is None:
        return {}
    return {"signoff": {
        "history": signoff.history(occurrence),
        "returned": signoff.last_return(occurrence),
        "review_date": signoff.review_date_of(occurrence),
        "may_review": signoff.may_review(viewer, occurrence),
        "form": ReviewForm(),
    }}
