"""The shipped event types as JSON: what recording an event would open.

Everyone signed in may read them (they are the law and the company's usual
steps, not anyone's data)."""
from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_babel import get_locale

from planner.core import openapi
from planner.core.api import bp
from planner.events.domain import CONDITIONS, DEPARTMENTS, KINDS, EventType, StepTemplate
from planner.events.event_types import event_types
from planner.tasks.domain import CATEGORIES


def _step_json(step: StepTemplate, language: str) -> dict[str, Any]:
    rule = step.deadline
    return {
        "key": step.key,
        "title": step.title_ja if language == "ja" else step.title_en,
        "title_ja": step.title_ja, "title_en": step.title_en,
        "legal_basis": step.legal_basis_ja if language == "ja" else step.legal_basis_en,
        "department": step.department, "category": step.category,
        "effort_minutes": step.effort_minutes,
        "deadline": {"kind": rule.kind, "n": rule.n, "day": rule.day,
                     "counts_event_day": rule.counts_event_day, "statutory": rule.statutory},
        "when": step.when, "source": step.source, "url": step.url or None,
    }


def event_type_json(event_type: EventType, language: str) -> dict[str, Any]:
    return {
        "key": event_type.key,
        "title": event_type.title_ja if language == "ja" else event_type.title_en,
        "title_ja": event_type.title_ja, "title_en": event_type.title_en,
        "steps": [_step_json(step, language) for step in event_type.steps],
    }


@bp.get("/event-types")
def list_event_types():  # noqa: ANN201
    """Every shipped event type with its steps, in the data file's order."""
    language = "ja" if str(get_locale()).startswith("ja") else "en"
    found = event_types()
    return jsonify({"items": [event_type_json(each, language) for each in found],
                    "total": len(found)})


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    text = openapi.STRING
    return {
        "RelativeDeadline": openapi.object_of({
            "kind": {"type": "string", "enum": list(KINDS)},
            "n": {"type": "integer", "minimum": 0},
            "day": openapi.nullable({"type": "integer", "minimum": 1, "maximum": 31}),
            "counts_event_day": openapi.BOOLEAN,
            "statutory": openapi.BOOLEAN,
        }),
        "EventStepTemplate": openapi.object_of({
            "key": text, "title": text, "title_ja": text, "title_en": text,
            "legal_basis": text,
            "department": {"type": "string", "enum": list(DEPARTMENTS)},
            "category": {"type": "string", "enum": list(CATEGORIES)},
            "effort_minutes": {"type": "integer", "minimum": 1},
            "deadline": openapi.ref("RelativeDeadline"),
            # null (every employee) is one of the values, so the enum lists it too.
            "when": openapi.nullable({"type": "string", "enum": list(CONDITIONS)}),
            "source": text,
            "url": openapi.nullable(text),
        }),
        "EventType": openapi.object_of({
            "key": text, "title": text, "title_ja": text, "title_en": text,
            "steps": {"type": "array", "items": openapi.ref("EventStepTemplate")},
        }),
        "EventTypeList": openapi.object_of({
            "items": {"type": "array", "items": openapi.ref("EventType")},
            "total": openapi.INTEGER,
        }),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/event-types": {
            "get": openapi.op(
                "Event types and the steps each opens", openapi.ok("EventTypeList"), (),
                tag="Events",
                description="`title` and `legal_basis` follow the caller's language. A step's "
                            "`deadline` counts from the event's date: `within_days` (the "
                            "event's day not counted unless `counts_event_day`), "
                            "`day_of_next_month` (day `day` of the month after the event's, "
                            "`n` months after when above 1), `within_months` (the Civil Code's "
                            "months), `business_days_before` (company business days before the "
                            "event). A `statutory` date moves to the authorities' next open day; "
                            "any other is the company's target. `when` names what the employee "
                            "must be for the step to apply (null: everyone). `source` says "
                            "where the deadline comes from; `url` is the authority's page, null "
                            "when none was found."),
        },
    }
