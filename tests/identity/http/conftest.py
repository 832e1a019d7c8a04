"""Calling /scim/v2 as a directory does."""
from __future__ import annotations

import json

import pytest

from planner.core.extensions import db
from planner.identity import tokens
from tests.identity.scim_protocol import SCIM


@pytest.fixture
def scim(app, client):  # noqa: ANN001, ANN201
    """Calls /scim/v2 with a live token named "entra"."""
    with app.app_context():
        _, plaintext = tokens.create("entra")
        db.session.commit()
    headers = {"Authorization": f"Bearer {plaintext}"}

    def call(method: str, path: str, body: dict | None = None, **kwargs):  # noqa: ANN003, ANN202
        return client.open(f"/scim/v2{path}", method=method, headers=headers,
                           data=None if body is None else json.dumps(body),
                           content_type=SCIM, **kwargs)

    return call


