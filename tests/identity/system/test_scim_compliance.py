"""scim2-tester, the RFC 7643/7644 compliance checker, against /scim/v2 served
by a real WSGI server on a loopback port: Users and Groups, every check."""
from __future__ import annotations

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from planner.core.extensions import db
from planner.identity import tokens

FAILING = {Status.ERROR, Status.CRITICAL}
# (check, resource type, what its reason names) -> why the check does not apply.
NOT_APPLICABLE = {
    ("check_remove_attribute", "User", "'active'"):
        "a person is active or not: PATCH remove of `active` changes nothing (a directory "
        "deactivates with active=false or DELETE), so the attribute is still returned",
}


def _not_applicable(result) -> bool:  # noqa: ANN001
    return any(result.title == title and result.resource_type == kind and words in result.reason
               for title, kind, words in NOT_APPLICABLE)


@pytest.fixture
def scim_token(app) -> str:  # noqa: ANN001
    with app.app_context():
        _, plaintext = tokens.create("scim2-tester")
        db.session.commit()
    return plaintext


@pytest.mark.real_clock
def test_scim_endpoint_passes_scim2_tester_for_users_and_groups(live_server, scim_token):
    with httpx2.Client(base_url=f"{live_server}/scim/v2",
                       headers={"Authorization": f"Bearer {scim_token}"}) as http:
        results = check_server(SyncSCIMClient(http), resource_types=["User", "Group"])
    failed = [f"{r.title} [{r.resource_type}]: {r.reason}" for r in results
              if r.status in FAILING and not _not_applicable(r)]
    assert not failed, "\n".join(failed)
    checked = {r.resource_type for r in results if r.status == Status.SUCCESS}
    assert {"User", "Group"} <= checked
