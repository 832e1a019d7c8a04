"""The checklist and its evidence stop an occurrence being handed over for
review while a step is unticked or lacks the file it needs. Here rather than
in checklists/, because the rule needs both and evidence builds on checklists."""
from __future__ import annotations

from typing import Any

from planner.checklists import domain as checklist_rules
from planner.checklists import operations as checklist_service
from planner.core.errors import Message
from planner.evidence import operations as evidence_service
from planner.work.models import Occurrence
from planner.work.signals import occurrence_preparing


@occurrence_preparing.connect
def _steps_done_and_evidenced(occurrence: Occurrence, **_: Any) -> list[Message]:
    # Handing over is working on it: the checklist the reviewer sees is frozen now.
    items = checklist_service.freeze(occurrence)
    counts = evidence_service.counts_by_item(occurrence)
    return checklist_rules.blocking(
        checklist_rules.ItemState(item.position, item.text, item.ticked_at is not None,
                                  item.evidence_required, counts.get(item.id, 0))
        for item in items)
