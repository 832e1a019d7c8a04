"""Translated labels for the domain's enumerations (the domain keeps values only)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

CRITICALITY = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
    "critical": _l("Critical"),
}
CATEGORY = {
    "payroll": _l("Payroll"),
    "tax": _l("Tax"),
    "social_insurance": _l("Social insurance"),
    "accounting": _l("Accounting"),
    "labour": _l("HR and labour"),
    "general_affairs": _l("General affairs"),
    "other": _l("Other"),
}
ROLE = {"staff": _l("Staff"), "manager": _l("Manager"), "admin": _l("Administrator")}
OWNER_ROLE = {"primary": _l("Primary"), "backup": _l("Backup"), "trainee": _l("Trainee")}
LANGUAGE = {"ja": "日本語", "en": "English"}
AUDIT_ACTION = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted")}
TASK_STATUS = {"active": _l("Active"), "archived": _l("Archived"), "all": _l("All")}
SORT = {
    "title": _l("Title (A–Z)"),
    "-title": _l("Title (Z–A)"),
    "-criticality": _l("Most critical first"),
    "criticality": _l("Least critical first"),
    "department": _l("Department"),
    "-effort": _l("Most effort first"),
    "effort": _l("Least effort first"),
    "-updated": _l("Recently changed"),
    "updated": _l("Least recently changed"),
    "code": _l("Code"),
}


def choices(labels: dict) -> list[SelectChoice]:
    return options(labels.items())


def options(pairs) -> list[SelectChoice]:  # noqa: ANN001 - (value, label) pairs
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
