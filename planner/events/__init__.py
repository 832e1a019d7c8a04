"""Work that starts with an event (a hire, a leaver, a bonus…): procedure runs
whose steps are occurrences with deadlines counted from the event."""
