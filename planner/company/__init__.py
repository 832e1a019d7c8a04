"""The company profile (fiscal year end, filing extension, special payment schedules,
headcount): the catalogue of statutory deadlines is instantiated from it."""
