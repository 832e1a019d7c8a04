"""Excel and CSV in and out: row-by-row import reports, exports of the registry, matrix, workload
and calendar, and SQLite backups."""
