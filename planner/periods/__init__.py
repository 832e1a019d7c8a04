"""The period lock (締め): a department's month closed once its work is checked, and the evidence pack."""
