"""Proposals follow their cost inputs; and costing's part of pages other
features own: the improvements a person carries out, on "my work"."""
from __future__ import annotations

from typing import Any

from planner.costing import suggestions
from planner.costing.api import suggestion_json
from planner.costing.signals import cost_inputs_saved
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.signals import my_work_document, my_work_page


@cost_inputs_saved.connect
def _recompute(sender: None, *, tasks: list[Task], **_: Any) -> None:
    suggestions.recompute(tasks)


@my_work_page.connect
def _improvements(person: User, **_: Any) -> dict[str, Any]:
    return {"improvements": suggestions.assigned_to(person)}


@my_work_document.connect
def _improvements_document(person: User, **_: Any) -> dict[str, Any]:
    return {"improvements": [suggestion_json(s) for s in suggestions.assigned_to(person)]}
