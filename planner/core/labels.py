"""Translated labels for the domain's enumerations (the domain keeps values only)."""
from __future__ import annotations

from flask_babel import gettext as _
from wtforms import SelectChoice

from planner.core.formatting import format_yen
from planner.core.i18n import lazy_gettext as _l

CRITICALITY = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High"),
               "critical": _l("Critical")}
CATEGORY = {"payroll": _l("Payroll"), "tax": _l("Tax"),
            "social_insurance": _l("Social insurance"), "accounting": _l("Accounting"),
            "labour": _l("HR and labour"), "general_affairs": _l("General affairs"),
            "other": _l("Other")}
ROLE = {"staff": _l("Staff"), "manager": _l("Manager"), "admin": _l("Administrator"),
        "auditor": _l("Auditor")}
OWNER_ROLE = {"primary": _l("Primary"), "backup": _l("Backup"), "trainee": _l("Trainee")}
LANGUAGE = {"ja": "日本語", "en": "English"}
AUDIT_ACTION = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted")}
TASK_STATUS = {"active": _l("Active"), "archived": _l("Archived"), "all": _l("All")}
SORT = {
    "title": _l("Title by reading (A–Z)"),
    "-title": _l("Title by reading (Z–A)"),
    "-criticality": _l("Most critical first"),
    "criticality": _l("Least critical first"),
    "department": _l("Department"),
    "-effort": _l("Most effort first"),
    "effort": _l("Least effort first"),
    "-updated": _l("Recently changed"),
    "updated": _l("Least recently changed"),
    "code": _l("Code"),
}


PRESET = {
    "monthly_day": _l("Monthly on a day"),
    "month_end": _l("Monthly at month end"),
    "business_day": _l("Monthly on the Nth business day"),
    "weekly": _l("Weekly"),
    "quarterly": _l("Quarterly"),
    "yearly": _l("Yearly on a date"),
    "once": _l("Once"),
    "custom": _l("Advanced (RRULE)"),
}
DEADLINE_BASIS = {"internal": _l("Internal (company calendar)"),
                  "statutory": _l("Statutory (set by law)")}
SHIFT = {"none": _l("Keep the date"), "previous": _l("Previous business day"),
         "next": _l("Next business day")}
WEEKDAY = {
    "MO": _l("Monday"), "TU": _l("Tuesday"), "WE": _l("Wednesday"), "TH": _l("Thursday"),
    "FR": _l("Friday"), "SA": _l("Saturday"), "SU": _l("Sunday"),
}
MONTH = {n: _l("Month %(number)d", number=n) for n in range(1, 13)}
OCCURRENCE_STATUS = {
    "open": _l("Open"), "prepared": _l("Prepared, awaiting review"), "done": _l("Done"), "skipped": _l("Skipped"),
    "cancelled": _l("Cancelled"),
}


LEVEL = {
    0: _l("none"),
    1: _l("in training"),
    2: _l("can do with help"),
    3: _l("independent"),
    4: _l("can teach"),
}
# "3 independent" as one choice: lazy, so the label is translated when a page
# shows it, not once in English when the form's module is imported.
LEVEL_CHOICE = {n: _l("%(level)d %(label)s", level=n, label=label) for n, label in LEVEL.items()}
HANDOVER_REASON = {"leaving": _l("Leaving the company"), "long_leave": _l("Long leave")}
PROPOSAL = {
    "keep": _l("Keep as it is"),
    "drop": _l("Drop it"),
    "simplify": _l("Simplify"),
    "automate": _l("Automate"),
    "outsource": _l("Outsource"),
}
IMPORT_KIND = {"tasks": _l("Tasks"), "owners": _l("Owners and skill levels"),
               "absences": _l("Absences"), "cost_profiles": _l("Cost profiles"),
               "completions": _l("Past completions (minutes taken)"),
               "events": _l("Events (hires, leavers…)"),
               "employees": _l("Employees")}
IMPORT_ACTION = {"create": _l("New"), "update": _l("Changed"), "unchanged": _l("Unchanged"),
                 "reject": _l("Rejected")}
ABSENCE_KIND = {"annual_leave": _l("Annual leave"),
                "half_day_am": _l("Half day off (morning)"),
                "half_day_pm": _l("Half day off (afternoon)"),
                "sick": _l("Sick leave"), "parental": _l("Parental leave"),
                "maternity": _l("Maternity leave (before and after birth)"),
                "family_care": _l("Family care leave"), "special": _l("Special leave"),
                "training": _l("Training"), "other": _l("Other")}


NOTIFICATION_STATUS = {
    "pending": _l("Pending"), "sending": _l("Sending"), "sent": _l("Sent"),
    "failed": _l("Failed"), "cancelled": _l("Cancelled"),
}
NOTIFICATION_KIND = {
    "reminder": _l("Reminder"), "overdue": _l("Overdue notice"),
    "escalation": _l("Escalation"), "at_risk": _l("At risk"), "digest": _l("Daily digest"),
    "review": _l("Review request"), "review_escalation": _l("Review overdue"),
    "leaving": _l("Deactivated with work to hand over"),
}
NOTIFICATION_CHANNEL = {"email": _l("By e-mail"), "inbox": _l("Inbox"), "webhook": _l("Webhook")}
# What went wrong with a send (notifications.domain.failure_reason), in words
# an administrator can act on; a webhook's own where it differs from e-mail's.
SEND_FAILURE = {
    "timeout": _l("The mail server did not answer in time."),
    "refused": _l("Could not connect to the mail server."),
    "unknown_host": _l("The mail server's name could not be found (check SMTP_HOST)."),
    "authentication": _l("The mail server refused the sign-in (check SMTP_USER and "
                         "SMTP_PASSWORD)."),
    "recipient": _l("The mail server refused the recipient's address."),
    "sender": _l("The mail server refused the sender's address (check MAIL_FROM)."),
    "tls": _l("The encrypted connection to the mail server failed (check SMTP_STARTTLS)."),
    "disconnected": _l("The mail server closed the connection."),
    "webhook_status": _l("The webhook refused the message."),
    "webhook_missing": _l("The department no longer has a webhook."),
    "other": _l("The message could not be sent."),
    "webhook:timeout": _l("The webhook did not answer in time."),
    "webhook:refused": _l("Could not connect to the webhook."),
    "webhook:unknown_host": _l("The webhook's host name could not be found."),
    "webhook:tls": _l("The encrypted connection to the webhook failed."),
}


SUITABILITY = {"high": _l("high"), "medium": _l("medium"), "low": _l("low")}


SUGGESTION_KIND = {
    "automate": _l("Automate"), "outsource": _l("Outsource"),
    "cross_train": _l("Cross-train"), "keep": _l("Keep"),
}
SUGGESTION_STATUS = {
    "proposed": _l("Proposed"), "approved": _l("Approved"), "rejected": _l("Rejected"),
    "deferred": _l("Deferred"), "in_progress": _l("In progress"), "done": _l("Done"),
}
REVIEW_ACTION = {
    "approve": _l("Approve"), "reject": _l("Reject"), "defer": _l("Defer"),
    "start": _l("Start"), "done": _l("Mark done"),
}


def describe_suggestion(suggestion) -> str:  # noqa: ANN001 - models.Suggestion
    """The reason in words and numbers."""
    if suggestion.kind == "cross_train":
        return _("Only one person or nobody can do this task: train a second person.")
    if suggestion.kind == "keep":
        return _("No option saves enough or pays back in time.")
    if suggestion.payback_months is None:
        text = _("saves %(saving)s a year", saving=format_yen(suggestion.annual_saving))
    else:
        text = _("saves %(saving)s a year, pays back in %(months)s months",
                 saving=format_yen(suggestion.annual_saving), months=suggestion.payback_months)
    if suggestion.suitability is not None:
        text += _("; suitability %(score)d/100", score=suggestion.suitability)
    return text


def choices(labels: dict) -> list[SelectChoice]:
    return options(labels.items())


def options(pairs) -> list[SelectChoice]:  # noqa: ANN001 - (value, label) pairs
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


# Where an input of an estimate came from (planner/costing/estimates.py).
ESTIMATE_SOURCE = {
    "measured": _l("Measured"), "registered": _l("Registered effort"),
    "price_book": _l("Price book"), "assessment": _l("Automation assessment"),
    "department_default": _l("Department default"), "explicit": _l("Entered for this task"),
    "built_in": _l("Built-in default"), "company_profile": _l("Company profile"),
}
ESTIMATE_INPUT = {
    "effort_minutes": _l("Effort per occurrence"), "hourly_cost": _l("Hourly cost"),
    "automation_build_cost": _l("Automation build cost"),
    "automation_annual_cost": _l("Automation running cost a year"),
    "automation_residual_share": _l("Work left after automation"),
    "outsourcing_fee": _l("Outsourcing fees"),
    "outsourcing_transition_cost": _l("Cost of handing the work over"),
    "employees": _l("Employees paid"), "payroll_runs": _l("Payroll runs a month"),
    "journal_entries": _l("Journal entries a month"), "invoices": _l("Invoices a month"),
    "expense_reports": _l("Expense reports a month"),
}
# An event step's deadline rule and whom it applies to (events).
DEADLINE_KIND = {
    "within_days": _l("Within N days of the event"),
    "day_of_next_month": _l("By day D of the month after the event"),
    "within_months": _l("Within N months of the event"),
    "business_days_before": _l("N business days before the event"),
}
APPLIES_TO = {
    "": _l("Every employee"),
    "health_pension_insured": _l("Only those enrolled in health insurance and pension"),
    "employment_insurance_insured": _l("Only those enrolled in employment insurance"),
}
