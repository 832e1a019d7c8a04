"""A real OpenID provider for the sign-in tests: node's oidc-provider (OpenID
Certified), run from tests/identity/oidc_provider/ on a loopback port, with
its own login form; and a browser stand-in that fills that form.

Its npm packages are installed into that folder on first use (`npm ci`, from
the committed lock file; `.ci/run` does it ahead), under a file lock so
parallel test workers install once."""
from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from conftest import free_port, fresh_app
from flask import Flask

from config import TestConfig

PROVIDER_DIR = Path(__file__).resolve().parent / "identity" / "oidc_provider"
CLIENT_ID = "planner-test"
CLIENT_SECRET = "planner-test-secret"  # noqa: S105 - the test provider's own client

# Logins at the provider (its form takes any password) and the claims it
# vouches for. staff@example.com is the World's staff member.
ACCOUNTS = {
    "hanako": {"email": "staff@example.com", "email_verified": True, "name": "佐藤 花子",
               "groups": []},
    "newcomer": {"email": "new.person@example.com", "email_verified": True,
                 "name": "山田 太郎", "groups": ["payroll-managers", "everyone"]},
    "unmapped": {"email": "plain@example.com", "email_verified": True, "name": "伊藤 恵",
                 "groups": ["not-in-the-map"]},
    "unverified": {"email": "manager@example.com", "email_verified": False,
                   "name": "鈴木 一郎"},
}
GROUP_MAP = {"payroll-managers": {"role": "manager", "departments": ["payroll"]},
             "everyone": {"role": "staff"}}


def install() -> None:
    with open(PROVIDER_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=PROVIDER_DIR, check=True, timeout=600)


@dataclass
class Provider:
    issuer: str

    def next_id_token(self, change: str) -> None:
        """The next token response carries an ID token to refuse (provider.js)."""
        requests.post(f"{self.issuer}/test/next-id-token", params={"change": change},
                      timeout=10).raise_for_status()

    def sign_in(self, authorization_url: str, login: str | None) -> str:
        """What a browser does at the provider: follow the authorization
        request to the login form, submit it (or, with no login, cancel), follow
        the redirects until the one back to the application; returns that URL
        (the callback's)."""
        browser = requests.Session()
        form = browser.get(authorization_url, timeout=10)
        form.raise_for_status()
        action = re.search(r'<form[^>]*action="([^"]+)"', form.text)
        assert action, form.text
        if login is None:
            response = browser.get(f"{form.url}/abort", allow_redirects=False, timeout=10)
        else:
            response = browser.post(urljoin(form.url, action.group(1).replace("&amp;", "&")),
                                    data={"prompt": "login", "login": login,
                                          "password": "any"},
                                    allow_redirects=False, timeout=10)
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(self.issuer):
                return location
            response = browser.get(location, allow_redirects=False, timeout=10)
        raise AssertionError(f"the provider did not send the browser back: {response.text}")


def settings(provider: Provider, **overrides: object) -> dict[str, object]:
    return {"OIDC_ISSUER": provider.issuer, "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_PROVIDER_NAME": "Test IdP",
            "OIDC_GROUP_MAP": json.dumps(GROUP_MAP), **overrides}


@contextmanager
def running_provider(app_url: str, log: Path) -> Iterator[Provider]:
    """The provider on a free loopback port, its one client sending browsers
    back to `app_url`."""
    install()
    port = free_port()
    env = {**os.environ, "PORT": str(port), "CLIENT_ID": CLIENT_ID,
           "CLIENT_SECRET": CLIENT_SECRET,
           "REDIRECT_URI": f"{app_url}/login/oidc/callback",
           "POST_LOGOUT_REDIRECT_URI": f"{app_url}/login", "ACCOUNTS": json.dumps(ACCOUNTS)}
    with open(log, "w") as output:
        process = subprocess.Popen(["node", "provider.js"], cwd=PROVIDER_DIR, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while "listening" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        yield Provider(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(10)


# The HTTP tests' fixtures (imported by their modules): a provider for the
# module, sending browsers back to TestConfig's address, and the app with OIDC
# on; a test changes other OIDC_* settings by parametrizing `oidc_settings`.


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with running_provider(TestConfig.PLANNER_BASE_URL, log) as provider:
        yield provider


@pytest.fixture
def oidc_settings() -> dict[str, object]:
    return {}


@pytest.fixture
def app(_schema: None, database_url: str, tmp_path: Path, oidc_provider: Provider,
        oidc_settings: dict[str, object]) -> Iterator[Flask]:
    yield from fresh_app(database_url, tmp_path, **settings(oidc_provider, **oidc_settings))
