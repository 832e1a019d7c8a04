"""The company's part of pages the tasks feature owns: the catalogue shows what
applies to this company, on its fiscal year, and a task started from it gets
the company's dates."""
from __future__ import annotations

from typing import Any

from planner.company import domain
from planner.company import operations as company
from planner.tasks.signals import catalogue_shown


@catalogue_shown.connect
def _for_this_company(sender: None, *, language: str, **_: Any) -> dict[str, Any]:
    profile = company.get_profile()
    return {"entries": {
        shown.key: {"applies": shown.applies, "next_due": shown.next_due, "title": shown.title,
                    "schedule": domain.schedule_fields(shown.entry, profile)}
        for shown in company.company_catalogue(language, profile)
    }}
