"""What people tells other features, so it imports none of them.

The person's own writes are flushed before a signal is sent; receivers flush
theirs and never commit (the request, command or job does).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the User just made inactive (by hand in the admin form, by SCIM, or
# by any other path through people.operations.update_person). Handover and
# notifications answer it with the "leaving, handled" notice and draft.
person_deactivated = _signals.signal("person-deactivated")
