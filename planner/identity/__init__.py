"""Identity: provisioning from the company's directory (SCIM 2.0), its tokens
and request log, and what happens when a person leaves."""
