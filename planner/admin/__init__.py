"""The administrators' pages that span features (people, departments and their cost defaults, the
calendar's closed days, the audit log, the outbox) and removing a person's personal data."""
