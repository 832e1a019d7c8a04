"""What happens to occurrences, told to the features that follow them (blinker)."""
from __future__ import annotations

from typing import NamedTuple

from blinker import Namespace

_signals = Namespace()

occurrences_rescheduled = _signals.signal("occurrences-rescheduled")
"""Sender: None. Keyword `task_ids`: tasks whose open occurrences were made,
moved or cancelled (their reminders are to follow)."""

occurrence_closed = _signals.signal("occurrence-closed")
"""Sender: the Occurrence, just done or skipped (nothing more is to be sent for it)."""

my_work_page = _signals.signal("my-work-page")
"""Sender: the signed-in User. Each receiver returns the template variables of
its own section of the "my work" page (training, improvements, …) as a dict."""

my_work_document = _signals.signal("my-work-document")
"""Sender: the User asking GET /api/v1/my-work. Each receiver returns its own
fields of the answer (JSON-ready) as a dict."""

team_calendar_shown = _signals.signal("team-calendar-shown")
"""Sender: the signed-in User; keywords `department_id`, `first`, `last` (the
days shown). Each receiver returns template variables of its own part of the
team calendar (who is away which day…) as a dict, in a bounded number of queries."""


occurrence_preparing = _signals.signal("occurrence-preparing")
"""Sender: the Occurrence its preparer is about to hand over for review. Each
receiver returns a list of Messages saying what stops it (an unticked
required checklist step, missing evidence…); an empty list lets it through.
The sender refuses with every message collected."""


class RunStep(NamedTuple):
    """What the events feature says about an occurrence that is a step of a
    procedure run, for the calendar and the ICS feed to show."""
    label: str  # the employee and the event, e.g. 山田 太郎（退職）
    path: str  # the run's page, /events/<id>
    doer: str | None  # the name of the person it was given to, else of the task's primary


run_steps = _signals.signal("run-steps")
"""Sender: None. Keyword `occurrences`: the Occurrences with an event_id that a
page or feed shows. Each receiver returns {occurrence id: RunStep}, read in a
bounded number of queries whatever their number."""

occurrence_prepared = _signals.signal("occurrence-prepared")
"""Sender: the Occurrence just handed over for review, or handed back to its
preparer (its reviewers' reminders are to follow)."""

occurrence_page = _signals.signal("occurrence-page")
"""Sender: the Occurrence shown on its own page; keyword `viewer`: the
signed-in User. Each receiver returns its section's template variables."""

occurrence_changing = _signals.signal("occurrence-changing")
"""Sender: the Occurrence about to change (its status, note, minutes,
checklist or evidence). Each receiver returns a Message saying why it may not
(its period is closed, 締め) or None, without waiting on anything: what a page
shows and an import's dry run reports (work.operations.period_closed asks)."""

month_changing = _signals.signal("month-changing")
"""Sender: None. Keywords `department_id` and `day`: work of that department
due that day is about to be made, moved or changed. Each receiver returns a
Message saying why it may not (the month is closed, 締め) or None, and may hold
a lock on the month until the transaction ends, so that a close of the same
month waits for this change or this change sees the close
(work.operations.ensure_month_open asks, on every change path)."""

closed_months = _signals.signal("closed-months")
"""Sender: None. Keyword `department_ids` (None: every department). Each
receiver returns the set of (department id, the month's first day) of the
closed months (締め) it knows of: the generation job skips them."""
