"""The manager's overview: where their departments stand, at a glance."""
