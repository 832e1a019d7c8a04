"""The codes people give tasks and departments (PAY-001, payroll). They are
quoted in e-mails, file names and spreadsheets, so they stay plain ASCII."""
from __future__ import annotations

from planner.core.errors import N_, Message


def check_code(code: str) -> Message | None:
    """The message to show for a code that is not plain, or None."""
    if code and not all(c.isascii() and (c.isalnum() or c in "-_.") for c in code):
        return N_("Use letters, digits, '-', '_' or '.' only.")
    return None
