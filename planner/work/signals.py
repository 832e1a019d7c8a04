"""What happens to occurrences, told to the features that follow them (blinker)."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

occurrences_rescheduled = _signals.signal("occurrences-rescheduled")
"""Sender: None. Keyword `task_ids`: tasks whose open occurrences were made,
moved or cancelled (their reminders are to follow)."""

occurrence_closed = _signals.signal("occurrence-closed")
"""Sender: the Occurrence, just done or skipped (nothing more is to be sent for it)."""
