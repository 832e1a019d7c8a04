"""A checklist per occurrence: a task's steps, ticked with who and when."""
