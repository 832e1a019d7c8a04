"""Sign-in through the company's identity provider in a real browser: the
login page's button, the real provider's login form (node's oidc-provider on
loopback), and back to "my work"."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port, fresh_app
from flask import Flask
from oidc_support import Provider, running_provider, settings
from playwright.sync_api import expect
from werkzeug.serving import make_server

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url() -> str:
    # Chosen before the provider starts: its client is registered with the
    # app's callback address, and the app must be served there.
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def oidc_provider(app_url: str, tmp_path: Path) -> Iterator[Provider]:
    with running_provider(app_url, tmp_path / "provider.log") as provider:
        yield provider


@pytest.fixture
def app(_schema: None, database_url: str, tmp_path: Path, app_url: str,
        oidc_provider: Provider) -> Iterator[Flask]:
    yield from fresh_app(database_url, tmp_path, **settings(oidc_provider),
                         PLANNER_BASE_URL=app_url)


@pytest.fixture
def live_server(app: Flask, app_url: str) -> Iterator[str]:
    server = make_server("127.0.0.1", int(app_url.rsplit(":", 1)[1]), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app_url
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def test_sign_in_with_the_provider_lands_on_my_work(page, world, oidc_provider):
    page.goto("/login")
    page.get_by_role("link", name="Test IdPでログイン").click()
    # The provider's own login form (its development login page).
    expect(page.locator("input[name=login]")).to_be_visible()
    assert page.url.startswith(f"{oidc_provider.issuer}/interaction/")
    page.locator("input[name=login]").fill("hanako")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.locator("h1")).to_have_text("マイ業務")
    expect(page.locator("body")).to_contain_text("佐藤 花子")
