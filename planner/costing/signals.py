"""What happens to cost inputs, told to what follows them (blinker)."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

cost_inputs_saved = _signals.signal("cost-inputs-saved")
"""Sender: None. Keyword `tasks`: the Tasks whose estimate inputs changed (a
task's own profile, or every active task of a department whose defaults did)."""
