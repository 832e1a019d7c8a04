"""Hostile uploads on the import page: the damaged-file message, no apply
button, nothing left in the uploads folder (under the instance folder), and
an apply that reads its file again as warily as the dry run did; and the
same file refused by `planner import`."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import hostile_workbooks as hostile
import pytest
from conftest import workbook_bytes
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from planner.core.extensions import db
from planner.tasks.models import Task

DAMAGED_JA = "Excelブック（.xlsx）として読み込めませんでした。ファイルが壊れている可能性があります。"
BOMBS = {
    "shared-strings bomb": hostile.shared_strings_bomb,
    "one huge cell": hostile.huge_cell,
    "1.1 GiB of blank rows": hostile.blank_rows,
    "XML entities": hostile.entity_expansion,
    "truncated XML": hostile.truncated_xml,
}
GOOD = [["PAY-400", "住民税の納付", "payroll", "tax", "monthly_day", 10]]
HEADER = ["code", "title", "department", "category", "preset", "day"]


@pytest.fixture
def uploads(app, tmp_path):  # noqa: ANN001, ANN201
    """The app's instance folder moved to a temporary one; its uploads folder."""
    app.instance_path = str(tmp_path)
    return tmp_path / "imports"


def _upload(client, auth, content: bytes) -> str:  # noqa: ANN001
    """The page that answers the upload. The body is encoded here, in memory:
    the test client would spool a large one to a file it never closes."""
    boundary, body = encode_multipart({
        "csrf_token": auth.csrf_token("/import"), "kind": "tasks",
        "file": FileStorage(io.BytesIO(content), "tasks.xlsx")})
    return client.post("/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}"
                       ).get_data(as_text=True)


def _tasks(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(func.count(Task.id)))


@pytest.mark.parametrize("build", BOMBS.values(), ids=BOMBS.keys())
def test_a_hostile_upload_is_refused_as_damaged_and_not_kept(
        app, client, auth, world, uploads, tmp_path, build):  # noqa: ANN001
    auth.login("staff@example.com")
    content = build(tmp_path / "hostile.xlsx").read_bytes()
    page = _upload(client, auth, content)
    assert DAMAGED_JA in page and 'class="file-problem"' in page
    assert "/commit" not in page  # never "ready"
    assert list(uploads.iterdir()) == []


def test_a_million_blank_rows_pass_the_row_limit_and_are_refused(
        app, client, auth, world, uploads, tmp_path):  # noqa: ANN001
    auth.login("staff@example.com")
    text = _upload(client, auth, hostile.far_row(tmp_path / "far.xlsx").read_bytes())
    assert "シートの行数が100,000行を超えています。" in text and "/commit" not in text
    assert list(uploads.iterdir()) == []


def test_apply_reads_the_file_again_and_refuses_it_when_it_is_now_hostile(
        app, client, auth, world, uploads, tmp_path):  # noqa: ANN001
    """The stored copy changed between the dry run and the apply (here by
    hand; a tighter limit set meanwhile does the same): the apply refuses it
    with the same message, saves nothing and removes it."""
    auth.login("staff@example.com")
    before = _tasks(app)
    page = _upload(client, auth, workbook_bytes(HEADER, GOOD).getvalue())
    action = re.search(r'action="(/import/tasks/[0-9a-f]{32}/commit)"', page).group(1)
    [stored] = uploads.iterdir()
    hostile.shared_strings_bomb(stored)

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post(action, data={"csrf_token": token}).get_data(as_text=True)
    assert DAMAGED_JA in done
    assert _tasks(app) == before
    assert list(uploads.iterdir()) == []


@pytest.mark.real_clock
def test_the_instance_folder_is_planner_instance(tmp_path):  # noqa: ANN001
    """Where the uploads above wait: app.instance_path, from PLANNER_INSTANCE
    (read when config is imported, hence a fresh process)."""
    shown = subprocess.run(
        [sys.executable, "-c", "from planner import create_app; print(create_app().instance_path)"],
        env={**os.environ, "PLANNER_INSTANCE": str(tmp_path), "SECRET_KEY": "test",
             "SCHEDULER_ENABLED": "0"},
        capture_output=True, text=True, check=True, timeout=60)
    assert Path(shown.stdout.strip()) == tmp_path


def test_the_command_refuses_a_bomb_as_damaged(app, runner, world, tmp_path):  # noqa: ANN001
    before = _tasks(app)
    path = hostile.shared_strings_bomb(tmp_path / "bomb.xlsx")
    result = runner.invoke(args=["import", "tasks", str(path), "--commit", "--language", "en"])
    assert result.exit_code == 1
    assert "It may be damaged." in result.output
    assert _tasks(app) == before
