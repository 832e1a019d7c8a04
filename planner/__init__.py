"""The back-office planner."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: object | str | None = None, **overrides: Any) -> Flask:
    """Build the application: config first, then each subsystem's init_app."""
    # Imported here, not at the top: importing one pure module of a feature
    # (planner.calendar.domain) must not load the whole application.
    from planner.app import build

    return build(config, **overrides)
