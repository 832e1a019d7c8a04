"""A person's own settings: language, reminder lead times and digest, API and calendar-feed tokens,
second factor, signing out everywhere."""
