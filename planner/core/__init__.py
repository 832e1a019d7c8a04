"""What every feature stands on and no feature owns: the transaction boundary
(and, as the features move into their packages, the app factory's pieces, db,
i18n, security, the API's auth and error format). It imports no feature."""
from __future__ import annotations

from pathlib import Path

# The project's folder: templates/, instance/ and migrations/ are beside the package.
ROOT = Path(__file__).resolve().parent.parent.parent
