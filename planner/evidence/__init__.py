"""Evidence: the files that show an occurrence's work was done, kept outside the database."""
