"""The S3 storage of evidence (EVIDENCE_STORAGE=s3) against a running
S3-compatible server, through the planner's own HTTP API and boto3.

The server is moto's standalone server (`moto[server]`), started here as a
subprocess on a loopback port. moto is an emulator of the S3 API, not S3
itself: it is used because no real S3-compatible server (MinIO and the like)
installs on this machine from PyPI, Debian or npm. The planner talks to it
exactly as to a real store: boto3 over HTTP, with signed requests, to the
configured endpoint; the test then reads the bucket back with its own boto3
client, so what the planner says it stored is checked in the store itself."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port
from sqlalchemy import select

from planner.core.extensions import db
from planner.work.models import Occurrence

boto3 = pytest.importorskip("boto3")

BUCKET = "planner-evidence"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PDF_FIXED = PDF.replace(b"<<>> endobj", b"<< /Fixed true >> endobj")
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "planner-test", "AWS_SECRET_ACCESS_KEY": "planner-test",
               "AWS_DEFAULT_REGION": "ap-northeast-1"}


@pytest.fixture
def s3_endpoint(tmp_path: Path) -> Iterator[str]:
    """moto's S3-compatible server on a loopback port, for this test only."""
    port = free_port()
    log = (tmp_path / "moto.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **CREDENTIALS})
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    pytest.fail("the S3 server did not start: "
                                + (tmp_path / "moto.log").read_text(errors="replace"))
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(30)
        log.close()


@pytest.fixture
def s3(app, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN001, ANN201
    """The app keeps its evidence in a bucket of the running server; the
    test's own client of the same bucket."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="ap-northeast-1")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={
        "LocationConstraint": "ap-northeast-1"})
    app.config.update(EVIDENCE_STORAGE="s3", EVIDENCE_S3_BUCKET=BUCKET,
                      EVIDENCE_S3_PREFIX="evidence/", EVIDENCE_S3_ENDPOINT_URL=s3_endpoint,
                      EVIDENCE_S3_REGION="ap-northeast-1",
                      EVIDENCE_PATH=str(tmp_path / "no-local-files"))
    app.extensions.pop("evidence_storage", None)  # built from these settings on first use
    return client


def _objects(client) -> dict[str, bytes]:  # noqa: ANN001
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read()
            for o in listed}


@pytest.mark.real_clock  # a subprocess, and request signatures checked against its clock
def test_evidence_is_stored_read_hashed_and_versioned_in_the_bucket(app, client, world, bearer,
                                                                    s3, tmp_path):
    with app.app_context():
        occurrence = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))
    staff = bearer(world.staff)

    def upload(data: bytes):  # noqa: ANN202
        return client.post(f"/api/v1/occurrences/{occurrence}/evidence", headers=staff,
                           data={"file": (io.BytesIO(data), "給与台帳.pdf")},
                           content_type="multipart/form-data")

    first = upload(PDF)
    assert first.status_code == 201, first.json
    assert first.json["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert first.json["version"] == 1
    # In the bucket under the prefix, byte for byte; nothing in a local folder.
    stored = _objects(s3)
    assert list(stored.values()) == [PDF]
    assert all(key.startswith("evidence/") for key in stored)
    assert not (tmp_path / "no-local-files").exists()

    second = upload(PDF_FIXED)  # the same name again: a new version, the first kept
    assert second.status_code == 201 and second.json["version"] == 2
    assert second.json["sha256"] == hashlib.sha256(PDF_FIXED).hexdigest()
    assert sorted(_objects(s3).values()) == sorted([PDF, PDF_FIXED])

    # Read back through the planner, from the bucket.
    for body, data in ((first.json, PDF), (second.json, PDF_FIXED)):
        download = client.get(f"/api/v1/evidence/{body['id']}", headers=staff)
        assert download.status_code == 200 and download.data == data
        assert hashlib.sha256(download.data).hexdigest() == body["sha256"]
    listed = client.get(f"/api/v1/occurrences/{occurrence}/evidence", headers=staff).json
    assert sorted((i["version"], i["sha256"]) for i in listed["items"]) == [
        (1, hashlib.sha256(PDF).hexdigest()), (2, hashlib.sha256(PDF_FIXED).hexdigest())]


@pytest.mark.real_clock
def test_a_file_missing_from_the_bucket_is_a_404_naming_it(app, client, world, bearer, s3):
    with app.app_context():
        occurrence = db.session.scalar(select(Occurrence.id).where(
            Occurrence.task_id == world.payroll_task, Occurrence.status == "open")
            .order_by(Occurrence.due_date).limit(1))
    staff = bearer(world.staff)
    made = client.post(f"/api/v1/occurrences/{occurrence}/evidence", headers=staff,
                       data={"file": (io.BytesIO(PDF), "a.pdf")},
                       content_type="multipart/form-data").json
    for key in _objects(s3):
        s3.delete_object(Bucket=BUCKET, Key=key)
    response = client.get(f"/api/v1/evidence/{made['id']}", headers=staff)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found" and "a.pdf" in \
        response.json["error"]["message"]
