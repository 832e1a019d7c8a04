"""A SCIM_ROLE_GROUPS the planner cannot read stops start-up, saying why,
before any directory call could be read wrongly."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import TestConfig
from planner import create_app
from planner.identity.provisioning import ScimSettingsError

PLANNER = str(Path(sys.executable).parent / "planner")


@pytest.mark.parametrize(("value", "named"), [
    ('{"Planner managers": "boss"}', "unknown role 'boss'"),
    ('["Planner managers"]', "must be a JSON object"),
    ("Planner managers=manager", "is not JSON"),
])
def test_a_malformed_map_stops_start_up(value, named):
    with pytest.raises(ScimSettingsError, match="bad SCIM settings") as refused:
        create_app(TestConfig, SCIM_ROLE_GROUPS=value)
    assert named in str(refused.value)


def test_a_good_map_and_none_start():
    assert create_app(TestConfig, SCIM_ROLE_GROUPS='{"Planner managers": "manager"}')
    assert create_app(TestConfig, SCIM_ROLE_GROUPS="")


@pytest.mark.real_clock
def test_the_planner_command_refuses_with_the_reason_and_no_traceback(tmp_path):
    environment = {**os.environ, "SCIM_ROLE_GROUPS": '{"Planner admins": "root"}',
                   "PLANNER_INSTANCE": str(tmp_path),
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'planner.db'}"}
    finished = subprocess.run([PLANNER, "scim-tokens", "list"], env=environment,
                              capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 1
    assert "bad SCIM settings: SCIM_ROLE_GROUPS gives the group 'Planner admins' the " \
           "unknown role 'root'" in finished.stderr
    assert "Traceback" not in finished.stderr
