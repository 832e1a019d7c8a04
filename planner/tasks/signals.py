"""What happens to a task, told to the features that follow tasks (blinker).

The task's own writes are flushed before a signal is sent; receivers flush
their own and never commit: everything stays in the caller's one transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

task_saved = _signals.signal("task-saved")
"""Sender: the Task. Keywords: `actor` (a User), `created`, `schedule_changed`,
`procedure_changed` (bools)."""

task_archived = _signals.signal("task-archived")
"""Sender: the Task, just archived (its future is to be cancelled)."""

task_restored = _signals.signal("task-restored")
"""Sender: the Task, back from the archive (its future is to be planned again)."""

task_documents = _signals.signal("task-documents")
"""Sender: None; keyword `tasks`: the Tasks of one API answer. Each receiver
returns {task id: its own fields of that task's JSON} for all of them at once
(one query for a page of tasks, not one per task)."""

task_page = _signals.signal("task-page")
"""Sender: the Task shown; keyword `today`. Each receiver returns the template
variables of its own section of the task's page (due dates, coverage, …)."""


catalogue_shown = _signals.signal("catalogue-shown")
"""Sender: None; keyword `language`. The catalogue as this company sees it: a
receiver returns {"entries": {key: {"applies", "next_due", "title", "schedule"}}}
(whether the duty applies, its next legal dates, its title and its schedule
fields for the company's fiscal year)."""

task_list_shown = _signals.signal("task-list-shown")
"""Sender: None; keyword `task_ids`: the tasks of one page of the registry.
Each receiver returns its own columns as {column name: {task id: value}},
read in one query for the whole page."""
