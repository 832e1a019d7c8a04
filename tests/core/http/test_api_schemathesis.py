"""Property-based test of the whole API (issue 7): schemathesis reads
/api/v1/openapi.json, generates requests for every operation and checks that
none answers 5xx, that every status is documented and that every response
matches its schema. Bounded (a few examples per operation and caller) so it
runs in `make test`; raise PLANNER_API_EXAMPLES for a longer hunt."""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from config import TestConfig
from planner import create_app

EXAMPLES = int(os.environ.get("PLANNER_API_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# The document as the app serves it. Loading needs no database; each test then
# calls its own `app` fixture, over a database emptied and filled by `world`.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://"),
)


@pytest.mark.parametrize("caller", ["admin", "staff"])
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, caller, app, world, api_headers):
    case.call_and_validate(app=app, headers=api_headers[caller], checks=CHECKS)


@pytest.fixture
def api_headers(world, bearer) -> dict[str, dict[str, str]]:
    """Bearer tokens of an administrator (sees and may change everything) and
    of a staff member (most writes refused, other departments hidden)."""
    return {"admin": bearer(world.admin), "staff": bearer(world.staff)}
