"""The sign-in tests' app: OpenID Connect on, against a real provider."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _empty_tables
from flask import Flask
from oidc_support import Provider, running_provider, settings

from config import TestConfig
from planner import create_app
from planner.core import audit
from planner.core.extensions import db


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with running_provider(TestConfig.PLANNER_BASE_URL, log) as provider:
        yield provider


@pytest.fixture
def oidc_settings() -> dict[str, object]:
    """Overridden (or changed) by a test for other OIDC_* settings."""
    return {}


@pytest.fixture
def app(_schema: None, database_url: str, tmp_path: Path, oidc_provider: Provider,
        oidc_settings: dict[str, object]) -> Iterator[Flask]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     EVIDENCE_PATH=str(tmp_path / "evidence"),
                     **settings(oidc_provider, **oidc_settings))
    with app.app_context():
        _empty_tables()
    audit.set_actor(None)
    yield app
    with app.app_context():
        db.engine.dispose()
