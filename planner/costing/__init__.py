"""What a task costs in-house, automated or outsourced: cost profiles, estimates, suggestions
(cross-train, automate, outsource, keep) and the portfolio a manager decides on."""
