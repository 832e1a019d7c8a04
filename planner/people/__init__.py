"""People and departments, signing in (sessions, second factor, rate limits), API and feed tokens,
and the scope a person sees."""
