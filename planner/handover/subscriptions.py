"""Handover's part of "my work": what a person leaving must finish first."""
from __future__ import annotations

from typing import Any

from planner.handover import operations
from planner.people.models.user import User
from planner.work.signals import my_work_page


@my_work_page.connect
def _to_close(person: User, **_: Any) -> dict[str, Any]:
    return {"to_close": operations.to_close_for(person)}
