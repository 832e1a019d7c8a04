"""The inventory's part of "my work": the questions a person has to answer."""
from __future__ import annotations

from typing import Any

from planner.inventory import operations
from planner.people.models.user import User
from planner.work.signals import my_work_page


@my_work_page.connect
def _questions(person: User, **_: Any) -> dict[str, Any]:
    return {"questions": operations.pending_for(person)}
