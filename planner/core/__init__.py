"""What every feature stands on and no feature owns: extensions and the
database, i18n, the transaction boundary, audit, settings, the clock, errors and
roles, the API blueprint with its error format and OpenAPI builder, pagination,
spreadsheets, the base form. It imports no feature (`make lint` checks it)."""
from __future__ import annotations

from pathlib import Path

# The project's folder: templates/, instance/ and migrations/ are beside the package.
ROOT = Path(__file__).resolve().parent.parent.parent
