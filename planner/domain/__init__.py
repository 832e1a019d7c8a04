"""Pure business logic: no Flask, no database session. Unit-tested directly."""
