"""Where evidence files live: outside the database, behind one small interface.

The local backend keeps them in a folder (the instance folder by default);
the S3 backend in a bucket of any S3-compatible store, so several hosts see
the same files. A file is stored under a key the application generates,
never under a name a user gave, so no name can reach outside the store."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app

# What a generated key looks like (evidence/operations.new_key): hex, one level.
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}$")


class StorageError(RuntimeError):
    """The store refused or could not be reached."""


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def _checked(key: str) -> str:
    if not _KEY.match(key):
        raise StorageError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """Files in a folder: written to a temporary name and renamed, so a
    reader never sees half a file."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise StorageError(f"missing: {key}") from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """Objects in an S3-compatible bucket (boto3, the optional `s3` extra).
    Credentials come the way boto3 finds them (AWS_ACCESS_KEY_ID… or a role)."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None,
                 region: str | None = None, client: Any = None) -> None:
        if client is None:
            try:
                import boto3
            except ImportError as error:
                raise StorageError("EVIDENCE_STORAGE=s3 needs boto3: "
                                   "pip install 'planner[s3]'") from error
            client = boto3.client("s3", endpoint_url=endpoint_url or None,
                                  region_name=region or None)
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def _name(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data,
                               ContentType=content_type)

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"].read()
        except Exception as error:  # noqa: BLE001 - botocore's errors, not imported here
            raise StorageError(f"missing or unreadable: {key}") from error

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))


def _build(app: Flask) -> Storage:
    kind = app.config.get("EVIDENCE_STORAGE", "local")
    if kind == "s3":
        return S3Storage(app.config["EVIDENCE_S3_BUCKET"],
                         prefix=app.config.get("EVIDENCE_S3_PREFIX", ""),
                         endpoint_url=app.config.get("EVIDENCE_S3_ENDPOINT_URL"),
                         region=app.config.get("EVIDENCE_S3_REGION"))
    if kind != "local":
        raise StorageError(f"EVIDENCE_STORAGE must be local or s3, not {kind!r}")
    root = app.config.get("EVIDENCE_PATH") or os.path.join(app.instance_path, "evidence")
    return LocalStorage(root)


def storage() -> Storage:
    """The application's store, built once from its settings."""
    store = current_app.extensions.get("evidence_storage")
    if store is None:
        store = current_app.extensions["evidence_storage"] = _build(current_app)
    return store
