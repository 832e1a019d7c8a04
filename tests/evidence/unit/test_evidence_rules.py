"""Evidence files are taken by what they contain, not what they are called,
and their names are made safe to show and to send back."""
from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from planner.evidence.domain import (
    CSV,
    JPEG,
    PDF,
    PNG,
    XLSX,
    check_upload,
    detect,
    may_delete,
    safe_name,
    size_label,
    stored_name,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    book = Workbook()
    book.active.append(["社員番号", "氏名", "支給額"])
    book.save(out)
    return out.getvalue()


def zip_bytes(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


def test_each_kind_is_told_by_its_content():
    assert detect(PDF_BYTES) == PDF
    assert detect(PNG_BYTES) == PNG
    assert detect(JPEG_BYTES) == JPEG
    assert detect(xlsx_bytes()) == XLSX
    assert detect("社員番号,氏名\n1,山田\n".encode()) == CSV
    assert detect("社員番号,氏名\r\n1,山田\r\n".encode("cp932")) == CSV
    assert detect("\ufeffa,b\n".encode()) == CSV


def test_other_content_is_no_kind_taken():
    assert detect(b"MZ\x90\x00\x03" + b"\x00" * 20) is None  # a Windows program
    assert detect(zip_bytes(["word/document.xml", "[Content_Types].xml"])) is None  # .docx
    assert detect(zip_bytes(["xl/workbook.xml"])) is None  # no content types
    assert detect(b"PK\x03\x04 not really a zip") is None
    assert detect(b"a,b\x00c\n") is None  # a NUL is no text
    assert detect(b"\x80\x81\xff\xfe") is None
    assert detect(b"") is None


def test_a_name_that_says_another_kind_is_refused():
    kind, problem = check_upload(b"<html>not a pdf</html>\x00", "請求書.pdf", 1000)
    assert kind is None and problem is not None
    kind, problem = check_upload(b"a,b\n1,2\n", "請求書.pdf", 1000)
    assert kind is None
    assert problem.render() == "The file's content is not what its name says (.pdf)."
    kind, problem = check_upload(PNG_BYTES, "scan.JPG", 1000)
    assert kind is None and problem is not None


def test_the_extension_is_what_follows_the_last_dot():
    kind, problem = check_upload(b"a,b\n1,2\n", "2026.11 明細.csv.pdf", 1000)
    assert kind is None
    assert problem.render() == "The file's content is not what its name says (.pdf)."
    kind, problem = check_upload(b"a,b\n", "a.pdf", 1000)
    assert kind is None and problem is not None
    # As with os.path.splitext, a leading dot starts a (hidden) name, not an extension.
    assert check_upload(b"a,b\n", ".pdf", 1000) == (CSV, None)


def test_a_name_without_a_taken_extension_takes_the_content_s_kind():
    assert check_upload(PDF_BYTES, "scan", 1000) == (PDF, None)
    assert check_upload(b"a,b\n", "data.txt", 1000) == (CSV, None)
    assert check_upload(JPEG_BYTES, "photo.jpeg", 1000) == (JPEG, None)
    assert check_upload(JPEG_BYTES, "photo.jpg", 1000) == (JPEG, None)


def test_empty_and_oversize_files_are_refused():
    assert check_upload(b"", "a.pdf", 1000)[1].render() == "The file is empty."
    kind, problem = check_upload(PDF_BYTES, "a.pdf", len(PDF_BYTES) - 1)
    assert kind is None and problem.render() == "The file is larger than 34 bytes."
    _, problem = check_upload(PDF_BYTES * 40_000, "a.pdf", 1024 * 1024)
    assert problem.render() == "The file is larger than 1 MB."


def test_content_of_no_kind_taken_is_refused_with_the_kinds_that_are():
    kind, problem = check_upload(b"MZ\x90\x00", "tool.exe", 1000)
    assert kind is None and problem.render() == (
        "Only PDF, Excel (.xlsx), CSV, PNG and JPEG files can be attached.")
    assert check_upload(PDF_BYTES, "a.pdf", len(PDF_BYTES)) == (PDF, None)


@pytest.mark.parametrize(("sent", "kept"), [
    ("給与台帳 2026年11月.pdf", "給与台帳 2026年11月.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("C:\\Users\\sato\\賃金台帳.xlsx", "賃金台帳.xlsx"),
    ("a\x00b\nc.pdf", "a_b_c.pdf"),
    ('re<po>rt:"1"|?*.csv', "re_po_rt__1____.csv"),
    (".htaccess", "htaccess"),
    ("...", "evidence"),
    ("", "evidence"),
    ("ＡＢＣ．ｐｄｆ", "ABC.pdf"),
    ("XBRL 2026.xlsx", "XBRL 2026.xlsx"),
    ("  . 議事録.pdf", "議事録.pdf"),  # full-width, as a Japanese keyboard may type it
])
def test_a_sent_name_is_kept_only_as_its_last_part_without_what_could_harm(sent, kept):
    assert safe_name(sent) == kept


def test_a_very_long_name_keeps_its_end_and_extension():
    assert safe_name("あ" * 300 + ".pdf").endswith(".pdf")
    assert len(safe_name("あ" * 300 + ".pdf")) == 150


def test_the_stored_name_has_the_extension_of_what_the_file_is():
    assert stored_name("給与台帳.pdf", PDF) == "給与台帳.pdf"
    assert stored_name("scan", PDF) == "scan.pdf"
    assert stored_name("data.txt", CSV) == "data.csv"
    assert stored_name("photo.jpeg", JPEG) == "photo.jpeg"
    assert stored_name("2026年11月 給与台帳.pdf", PDF) == "2026年11月 給与台帳.pdf"
    assert stored_name("2026.11 台帳.txt", CSV) == "2026.11 台帳.csv"
    assert stored_name("XBRL.xlsx", XLSX) == "XBRL.xlsx"


def test_a_stored_name_of_nothing_but_replaced_characters_reads_evidence():
    assert stored_name(safe_name("\x00.pdf"), PDF) == "evidence.pdf"
    assert stored_name("_ _.csv", CSV) == "evidence.csv"


def test_a_long_stored_name_keeps_120_characters_and_its_extension():
    assert stored_name("あ" * 140 + ".pdf", PDF) == "あ" * 120 + ".pdf"


def test_sizes_read_as_people_write_them():
    assert size_label(20 * 1024 * 1024) == "20 MB"
    assert size_label(1536 * 1024) == "1.5 MB"
    assert size_label(2048) == "2 KB"
    assert size_label(900) == "900 bytes"


@pytest.mark.parametrize(("size", "label"), [
    (1024 * 1024, "1 MB"), (1024 * 1024 - 1, "1023 KB"),
    (1024, "1 KB"), (1023, "1023 bytes"),
    (1000 * 1024 * 1024, "1000 MB"), (int(100.5 * 1024 * 1024), "100.5 MB"),
])
def test_a_size_changes_unit_at_exactly_1024(size, label):
    assert size_label(size) == label


def test_only_the_uploader_may_delete_and_only_while_the_occurrence_is_open():
    assert may_delete("open", 7, 7) is None
    assert may_delete("open", 7, 8) is not None
    assert may_delete("open", None, 8) is not None
    for status in ("prepared", "done", "skipped", "cancelled", "approved"):
        assert may_delete(status, 7, 7) is not None


def test_a_refused_deletion_says_why():
    assert may_delete("open", 7, 8).render() == (
        "Only the person who uploaded a file can delete it.")
    assert may_delete("done", 7, 8).render() == (
        "Evidence of an occurrence that is no longer open is kept; "
        "upload a new version instead.")
