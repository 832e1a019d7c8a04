"""What the company profile tells the features that follow it (blinker)."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

profile_saved = _signals.signal("company-profile-saved")
"""Sender: None. Keyword `changed`: the names of the profile's fields whose value
the save changed (costing recomputes the estimates when a volume driver did)."""
