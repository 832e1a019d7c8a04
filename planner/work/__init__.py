"""Occurrences: materialised from schedules, ticked off or skipped, my work, overdue work, the team
calendar and the ICS feed."""
