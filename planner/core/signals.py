"""What features tell each other. Each feature declares its own blinker
signals (`<feature>/signals.py`) and answers others' in its `subscriptions.py`;
a page that shows other features' sections sends one signal and merges what
the receivers return."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def merged(results: Iterable[tuple[object, dict[str, Any] | None]]) -> dict[str, Any]:
    """The dicts the receivers of one `send` returned, as one (None adds nothing)."""
    merged_values: dict[str, Any] = {}
    for _receiver, values in results:
        merged_values.update(values or {})
    return merged_values
