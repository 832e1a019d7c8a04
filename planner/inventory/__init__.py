"""The work inventory (業務の棚卸): a department's cycle of questions to each task's owner, and what it
retires or proposes."""
