"""The sign-off's API: a reviewer's decision, and an occurrence's review history."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from planner.core import openapi
from planner.core.api import api_user, bp
from planner.core.api_forms import form_from_json, require_valid
from planner.signoff import operations as signoff
from planner.signoff.domain import DECISIONS
from planner.signoff.forms import ReviewForm
from planner.signoff.models import OccurrenceReview
from planner.work import operations as occurrence_service
from planner.work.api import occurrence_json


def review_json(review: OccurrenceReview) -> dict[str, Any]:
    return {"id": review.id, "occurrence_id": review.occurrence_id, "decision": review.decision,
            "comment": review.comment, "reviewer_id": review.reviewer_id,
            "reviewer": review.reviewer.name, "decided_at": review.decided_at.isoformat()}


@bp.post("/occurrences/<int:occurrence_id>/review")
def review_occurrence(occurrence_id: int):  # noqa: ANN201
    """Approve prepared work, or return it to its preparer with a comment."""
    actor = api_user()
    occurrence = occurrence_service.get_occurrence(actor, occurrence_id)
    body = request.get_json(silent=True)
    form = require_valid(form_from_json(ReviewForm, body))
    signoff.review(actor, occurrence, form.decision.data, form.comment.data)
    return jsonify(occurrence_json(occurrence))


@bp.get("/occurrences/<int:occurrence_id>/reviews")
def occurrence_reviews(occurrence_id: int):  # noqa: ANN201
    """Every decision on the occurrence, oldest first."""
    occurrence = occurrence_service.get_occurrence(api_user(), occurrence_id)
    return jsonify({"items": [review_json(r) for r in signoff.history(occurrence)]})


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "SignOffInput": openapi.form_schema(openapi.blank_form(ReviewForm)),
        "SignOffDecision": openapi.object_of({
            "id": openapi.INTEGER, "occurrence_id": openapi.INTEGER,
            "decision": {"type": "string", "enum": list(DECISIONS)},
            "comment": openapi.STRING, "reviewer_id": openapi.INTEGER,
            "reviewer": openapi.STRING, "decided_at": openapi.DATETIME}),
        "SignOffDecisionList": openapi.object_of({
            "items": {"type": "array", "items": openapi.ref("SignOffDecision")}}),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    occurrence_id = openapi.path_param("occurrence_id")
    return {
        "/occurrences/{occurrence_id}/review": {
            "parameters": [occurrence_id],
            "post": openapi.op(
                "Approve or return prepared work (sign-off)", openapi.ok("Occurrence"),
                (403, 404, 409, 422), body=openapi.ref("SignOffInput"), tag="Occurrences",
                description="`approve` makes it done; `return` sends it back to its preparer, "
                            "open, and needs a `comment`. 403 to its preparer and to anyone "
                            "not qualified on the task (level 3 or more), administrators "
                            "included; 409 when it is not prepared."),
        },
        "/occurrences/{occurrence_id}/reviews": {
            "parameters": [occurrence_id],
            "get": openapi.op("The review decisions on an occurrence, oldest first",
                              openapi.ok("SignOffDecisionList"), (404,), tag="Occurrences"),
        },
    }
