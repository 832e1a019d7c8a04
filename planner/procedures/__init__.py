"""A task's procedure (the handover document): its versions and its periodic review."""
