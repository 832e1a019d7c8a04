"""Use cases over the database. They flush, never commit: the request, job or
command that called them commits once at its boundary."""
