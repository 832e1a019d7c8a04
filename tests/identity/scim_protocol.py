"""The media type and schema URNs of SCIM 2.0 (RFC 7643/7644) the tests send
and expect (the `scim` fixture that calls /scim/v2 is in tests/conftest.py)."""
from __future__ import annotations

SCIM = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
