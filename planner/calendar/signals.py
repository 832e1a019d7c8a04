"""What happens to the calendar, told to the features that follow it (blinker).

The calendar's writes are flushed before the signal is sent; receivers flush
their own and never commit: everything stays in the caller's one transaction.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

calendar_changed = _signals.signal("calendar-changed")
"""Sender: None. Closures or weekend days changed: every due date computed on
the company's calendar is to be computed again."""
