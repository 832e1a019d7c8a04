"""Evidence files: which kinds are taken, told by their content, not their name.

A name is whatever the uploader typed; the bytes are what a reviewer or an
auditor will open. So the kind is read from the bytes: a PDF's header, a
PNG's or JPEG's signature, an Excel workbook's zip parts, or text that
decodes (a CSV), and the stored name gets the extension of that kind."""
from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from planner.core.errors import N_, Message


@dataclass(frozen=True)
class Kind:
    key: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("pdf", "application/pdf", (".pdf",))
PNG = Kind("png", "image/png", (".png",))
JPEG = Kind("jpeg", "image/jpeg", (".jpg", ".jpeg"))
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",))
CSV = Kind("csv", "text/csv", (".csv",))
KINDS = (PDF, PNG, JPEG, XLSX, CSV)

# The encodings a CSV from a Japanese office comes in: UTF-8 (with or without
# Excel's BOM) and Shift_JIS as Windows writes it.
CSV_ENCODINGS = ("utf-8-sig", "cp932")
# Control characters no text file has (tab, line feed and carriage return are fine).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0D}


def _is_xlsx(data: bytes) -> bool:
    """A zip holding an Office Open XML workbook (its content types and workbook part)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_text(data: bytes) -> bool:
    if not data or any(byte in _CONTROL for byte in data):
        return False
    for encoding in CSV_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect(data: bytes) -> Kind | None:
    """The kind of file these bytes are, or None when none that is taken."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return XLSX if _is_xlsx(data) else None
    if _is_text(data):
        return CSV
    return None


def check_upload(data: bytes, name: str, max_bytes: int) -> tuple[Kind | None, Message | None]:
    """The file's kind, or why it is refused (an empty, unknown or misnamed file).

    The size limit itself is the caller's (it answers 413); here a file over
    it is simply not looked at."""
    if not data:
        return None, N_("The file is empty.")
    if len(data) > max_bytes:
        return None, N_("The file is larger than %(limit)s.", limit=size_label(max_bytes))
    kind = detect(data)
    if kind is None:
        return None, N_("Only PDF, Excel (.xlsx), CSV, PNG and JPEG files can be attached.")
    extension = _extension(name)
    claimed = next((k for k in KINDS if extension in k.extensions), None)
    if claimed is not None and claimed != kind:
        return None, N_("The file's content is not what its name says (%(extension)s).",
                        extension=extension)
    return kind, None


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def safe_name(name: str) -> str:
    """A file name fit to show and to put in Content-Disposition: the last part
    of whatever path was sent, without control characters, separators or
    characters Windows refuses, not starting with a dot.

    werkzeug's secure_filename would do for ASCII, but it drops every Japanese
    character ("給与台帳.pdf" becomes "pdf"); the file itself is stored under a
    generated key, so this name never reaches a file system."""
    text = unicodedata.normalize("NFKC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join("_" if unicodedata.category(c)[0] in "CZ" and c != " " or c in '<>:"|?*'
                   else c for c in text)
    kept = " ".join(kept.split())
    return kept[-150:].lstrip(". ") or "evidence"


def stored_name(safe_name: str, kind: Kind) -> str:
    """The name the file is downloaded under: the uploader's (already made
    safe), with the extension of what it really is."""
    base = safe_name[: -len(_extension(safe_name))] if _extension(safe_name) else safe_name
    base = base.strip("._ ") or "evidence"
    extension = _extension(safe_name)
    return f"{base[:120]}{extension if extension in kind.extensions else kind.extensions[0]}"


def size_label(size: int) -> str:
    """A size as people read it: 20 MB, 512 KB, 900 bytes."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB" if size % (1024 * 1024) == 0 \
            else f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def may_delete(status: str, uploaded_by_id: int | None, actor_id: int) -> Message | None:
    """Evidence may be withdrawn only by its uploader and only while the
    occurrence is still open (not yet prepared, done, approved or skipped)."""
    if status != "open":
        return N_("Evidence of an occurrence that is no longer open is kept; "
                  "upload a new version instead.")
    if uploaded_by_id != actor_id:
        return N_("Only the person who uploaded a file can delete it.")
    return None
