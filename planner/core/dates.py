"""The span of dates the product handles at all: what a form field, an API
parameter or an imported cell may name. The calendar computes holidays and
business days inside it; a date outside is refused where it is typed."""
from __future__ import annotations

from datetime import date

EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


class YearMonth(str):
    """A month as "YYYY-MM": the form the API, forms and file names use. A
    message that carries one shows it in the reader's language (2026年11月,
    Nov 2026) where the message is translated (core.i18n.translate)."""
