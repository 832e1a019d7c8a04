"""The task registry's vocabulary and its rules that need no database."""
from __future__ import annotations

CRITICALITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
CATEGORIES: tuple[str, ...] = (
    "payroll",
    "tax",
    "social_insurance",
    "accounting",
    "labour",
    "general_affairs",
    "other",
)
OWNER_ROLES: tuple[str, ...] = ("primary", "backup", "trainee")
# A statutory deadline is set by law and moves on the authorities' calendar;
# an internal one is the company's own and moves on the company calendar.
DEADLINE_BASES: tuple[str, ...] = ("internal", "statutory")
WORK_BY_BUFFER_MAX_DAYS = 60  # business days before a legal deadline the work is due
LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)
QUALIFIED_LEVEL = 3
# A review falls due at most this many company business days before the deadline.
REVIEW_DAYS_MAX = 60

TITLE_MAX = 200
LEGAL_BASIS_MAX = 200
CODE_MAX = 40
CATALOGUE_KEY_MAX = 60
PROCEDURE_MAX = 20_000
EFFORT_MAX_MINUTES = 100 * 60  # one occurrence taking more than 100 hours is a typo

# A catalogue duty whose mistake reaches employees' pay or the authorities
# (payroll, tax, social insurance) and that is critical is checked by a
# second person from the start (ダブルチェック).
REVIEWED_CATEGORIES: frozenset[str] = frozenset({"payroll", "tax", "social_insurance"})


def review_by_default(category: str, criticality: str) -> bool:
    """Whether a task started from the catalogue requires review at first."""
    return category in REVIEWED_CATEGORIES and criticality == "critical"
