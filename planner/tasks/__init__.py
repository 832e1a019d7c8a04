"""The registry of recurring back-office work: tasks and their owners, the catalogue of statutory
deadlines (catalogue.toml), pages and API."""
