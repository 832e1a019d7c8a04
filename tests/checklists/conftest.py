from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def evidence_folder(app: Flask, tmp_path) -> str:  # noqa: ANN001
    """Evidence files of this test only, in its own folder (a real one)."""
    folder = str(tmp_path / "evidence")
    app.config["EVIDENCE_PATH"] = folder
    return folder
