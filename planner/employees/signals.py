"""What happens to an employee, told to the features that keep records about
them (the events recorded for them, their procedures), through blinker. The
roster's writes are flushed before a signal is sent; receivers flush their
own and never commit."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

employee_personal_data = _signals.signal("employee-personal-data")
"""Sender: the Employee. Each receiver returns {section: JSON-ready data} of
what its feature holds about them, for the export a data-subject request asks for."""

employee_anonymised = _signals.signal("employee-anonymised")
"""Sender: the Employee, its name just removed. Receivers remove the copies of
personal data their own records hold (a note that names them); the records stay."""
