"""Handing a person's work over when they leave or are away: successors proposed, training planned,
open occurrences to finish."""
