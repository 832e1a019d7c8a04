"""Reading an uploaded workbook in a child process that has limits.

Why a child process rather than a streaming reader of our own: openpyxl, even
in read-only mode, reads the shared strings and every part other than the
worksheets whole into memory, and CPython keeps what it freed in its own
arenas, so a worker that once read a bomb stays large. Checking the zip's
declared sizes first refuses the bombs we know of, but only a separate
process can promise a bound for the ones we do not: it runs under
RLIMIT_AS (memory), RLIMIT_CPU (the time budget, with an alarm on the clock
behind it) and RLIMIT_FSIZE (what it may write), and everything it used goes
back to the system when it exits.
openpyxl keeps doing what it is good at (cell types, dates by number format,
shared, inline and rich strings) instead of a second reader of ours.

The child is `python -m planner.core.sheet_reader PARAMS` with the workbook
as its standard input (a seekable file) and a temporary file as its standard
output, where it writes one JSON line for the sheet's header, one per row,
and one to say it reached the end. Its exit status names a refusal.

This module is pure (no Flask, no SQLAlchemy: `make lint` checks it), so the
child starts in a fraction of a second.
"""
from __future__ import annotations

import json
import logging
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from typing import IO, Any, NamedTuple

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring, iterparse
from openpyxl import load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.xml.constants import ARC_CONTENT_TYPES, WORKSHEET_TYPE

log = logging.getLogger(__name__)

MIB = 1 << 20
# Parts smaller than this are never refused for their compression ratio: they
# cannot hurt, and small XML parts compress very well.
_RATIO_GRACE = MIB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

# Why a file was refused: the child's exit status is 10 + the index.
REASONS = ("damaged", "encrypted", "xls", "not_xlsx", "too_many_rows", "no_sheet")
_FIRST_STATUS = 10
_PEAK = "peak_kib="  # the child's last line on stderr


@dataclass(frozen=True)
class ReadLimits:
    """What one workbook may cost to read (the IMPORT_* settings)."""

    max_rows: int = 100_000  # every row read counts, blank or not
    max_parts: int = 1_000  # files inside the zip
    max_uncompressed: int = 1024 * MIB  # all parts inflated, and what the child writes
    max_whole_part: int = 64 * MIB  # a part openpyxl reads whole: shared strings, styles…
    max_ratio: int = 100  # inflated size / compressed size of one part
    max_cell_chars: int = 32_767  # Excel's own limit for a cell
    memory: int = 512 * MIB  # the child's address space
    cpu_seconds: int = 60  # the child's CPU time


class Cell(NamedTuple):
    """A cell as openpyxl read it: its value, and "f" for a formula."""

    value: Any
    data_type: str = "n"


class Refused(Exception):
    """The workbook cannot be read; `reason` is one of REASONS."""

    def __init__(self, reason: str, detail: str = "", peak_kib: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.peak_kib = peak_kib


@dataclass
class SheetRead:
    """What the child read: the chosen sheet's header, whether it has merged
    cells, and its rows, read back a line at a time from the child's output."""

    title: str
    header: list[Cell]
    merged: bool
    peak_kib: int | None  # the child's peak resident memory, as it reported it
    _output: IO[bytes] = field(repr=False)

    def rows(self) -> Iterator[tuple[int, dict[int, Cell]]]:
        """(row number, cells by column index) of every row read under the
        header; only the columns the header names, only cells with a value."""
        for line in self._output:
            item = json.loads(line)
            if isinstance(item, dict):  # the end marker
                return
            number, cells = item
            yield number, {index: _decode(raw) for index, raw in cells}

    def close(self) -> None:
        self._output.close()


def header_key(text: str) -> str:
    """A header as compared: NFKC, trimmed, no trailing "*", case-folded."""
    text = unicodedata.normalize("NFKC", str(text)).strip().rstrip("*").strip().casefold()
    return re.sub(r"\s+", " ", text)


# ------------------------------------------------------------ the parent --


def read_sheet(stream: IO[bytes], limits: ReadLimits, aliases: Mapping[str, str],
               required: list[str]) -> SheetRead:
    """Read the workbook in `stream` in a child process under `limits`.

    The sheet read is the first whose header (matched through `aliases`,
    header_key -> column key) has every `required` key, else the first.
    Raises Refused, with the child's peak memory, when it cannot be read."""
    output = tempfile.TemporaryFile()
    try:
        status, peak_kib, errors = _run_child(stream, limits, "rows", aliases, required, output)
        if status != 0:
            raise Refused(_reason(status), errors.removeprefix(f"{_reason(status)}: "),
                          peak_kib)
        output.seek(0)
        # Status 0 comes only after the last line was written and flushed.
        first = json.loads(output.readline())
        return SheetRead(first["title"], [_decode(raw) for raw in first["header"]],
                         first["merged"], peak_kib, output)
    except BaseException:
        output.close()
        raise


def declared_rows(stream: IO[bytes], limits: ReadLimits) -> int | None:
    """The first sheet's row count as its file declares it (for a progress
    bar), read under the same limits; None when the file is refused."""
    with tempfile.TemporaryFile() as output:
        status, _, _ = _run_child(stream, limits, "dimension", {}, [], output)
        if status != 0:
            return None
        output.seek(0)
        return json.loads(output.readline() or b"{}").get("max_row")


def _run_child(stream: IO[bytes], limits: ReadLimits, mode: str,
               aliases: Mapping[str, str], required: list[str],
               output: IO[bytes]) -> tuple[int, int | None, str]:
    """Run the child on `stream`: (exit status, its peak memory in KiB or None
    when it was killed before it could tell, what it said on stderr)."""
    params = json.dumps({"limits": asdict(limits), "mode": mode, "aliases": dict(aliases),
                         "required": required})
    with _seekable_file(stream) as source, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, "-m", __name__, params], stdin=source,
                                 stdout=output, stderr=errors)
        # No timeout here: the child enforces its own budgets (below), and a
        # timed wait would sleep, which libfaketime breaks in the clock-shifted
        # test run.
        status = child.wait()
        errors.seek(0)
        said = errors.read()[-4000:].decode("utf-8", "replace").strip()
    detail, _, peak = said.rpartition(_PEAK)
    peak_kib = int(peak) if peak.isdigit() else None
    if not peak.isdigit():
        detail = said
    if status != 0:
        log.info("workbook refused (status %s, peak %s KiB): %s", status, peak_kib, detail)
    return status, peak_kib, detail.strip()


def _wall_clock_budget(limits: ReadLimits) -> int:
    # RLIMIT_CPU is the budget; this only catches a child that waits instead
    # of computing, which ours never should. Generous, since on a busy machine
    # a child's CPU time may take several times as long on the clock.
    return limits.cpu_seconds * 5 + 30


@contextmanager
def _seekable_file(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    """The stream itself when it is a real file the child can seek; else a
    copy of it in a temporary file (an upload held in memory, a pipe)."""
    try:
        os.lseek(stream.fileno(), 0, os.SEEK_SET)
    except (AttributeError, OSError, ValueError):  # no file descriptor, or a pipe
        with tempfile.TemporaryFile() as copy:
            if stream.seekable():
                stream.seek(0)
            shutil.copyfileobj(stream, copy, MIB)
            copy.seek(0)
            yield copy
        return
    yield stream


def _reason(status: int) -> str:
    index = status - _FIRST_STATUS
    return REASONS[index] if 0 <= index < len(REASONS) else "damaged"


def _decode(raw: Any) -> Cell:
    if not isinstance(raw, dict):
        return Cell(raw)
    ((tag, text),) = raw.items()
    if tag == "f":
        return Cell(text, "f")
    if tag == "dt":
        return Cell(datetime.fromisoformat(text), "d")
    if tag == "d":
        return Cell(date.fromisoformat(text), "d")
    if tag == "t":
        return Cell(time_of_day.fromisoformat(text), "d")
    return Cell(timedelta(seconds=text), "d")


# ------------------------------------------------------------- the child --


def _limit_self(limits: ReadLimits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    # SIGXCPU at the soft limit ends the process; the hard limit is a backstop.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    # Python ignores SIGXFSZ, so a write past the limit raises instead.
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.max_uncompressed, limits.max_uncompressed))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file of a killed child
    signal.alarm(_wall_clock_budget(limits))  # SIGALRM ends the process


def _refuse_unless_xlsx(source: IO[bytes]) -> None:
    head = source.read(8)
    source.seek(0)
    if head == _OLE_MAGIC:
        # Excel stores a password-protected .xlsx inside an OLE container,
        # the same container as the old .xls format: tell the two apart.
        tail = b""
        while chunk := source.read(MIB):
            if _ENCRYPTION_INFO in tail + chunk:
                raise Refused("encrypted")
            tail = chunk[-len(_ENCRYPTION_INFO):]
        raise Refused("xls")
    if not head.startswith(b"PK\x03\x04"):
        raise Refused("not_xlsx")


def check_archive(archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Refuse a zip whose parts would cost more than `limits` to read.

    The sizes are the ones the zip declares; zipfile never inflates a part
    beyond its declared size (it stops there and the CRC check fails), so a
    part that lies about its size is refused as damaged when read."""
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise Refused("damaged", f"{len(infos)} parts")
    if sum(info.file_size for info in infos) > limits.max_uncompressed:
        raise Refused("damaged", "too large once inflated")
    for info in infos:
        if (info.file_size > _RATIO_GRACE
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise Refused("damaged", f"{info.filename} inflates too much")
    streamed = _worksheet_parts(archive, limits)
    for info in infos:
        if (_is_xml(info.filename) and info.filename not in streamed
                and info.file_size > limits.max_whole_part):
            raise Refused("damaged", f"{info.filename} too large to read whole")
    for info in infos:
        if _is_xml(info.filename):
            _refuse_dtd(archive, info.filename)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _worksheet_parts(archive: zipfile.ZipFile, limits: ReadLimits) -> set[str]:
    """The parts [Content_Types].xml calls worksheets: openpyxl streams those
    in read-only mode; every other XML part it reads whole."""
    info = archive.getinfo(ARC_CONTENT_TYPES)
    if info.file_size > limits.max_whole_part:
        raise Refused("damaged", "content types too large")
    manifest = Manifest.from_tree(fromstring(archive.read(info)))
    return {o.PartName.lstrip("/") for o in manifest.Override if o.ContentType == WORKSHEET_TYPE}


def _refuse_dtd(archive: zipfile.ZipFile, name: str) -> None:
    """A document type declaration comes before the root element: parse up to
    the root's start tag with DTDs forbidden (entities and external
    references are forbidden by defusedxml, which openpyxl also uses)."""
    try:
        with archive.open(name) as part:
            for _ in iterparse(part, events=("start",), forbid_dtd=True):
                return
    except (ParseError, DefusedXmlException) as error:
        raise Refused("damaged", f"{name}: {error!r}") from None
    raise Refused("damaged", f"{name} has no root element")


def _encode(cell: Any, limits: ReadLimits) -> Any:
    value = cell.value
    if isinstance(value, str) and len(value) > limits.max_cell_chars:
        raise Refused("damaged", f"a cell of {len(value)} characters")
    if getattr(cell, "data_type", None) == "f":
        return {"f": str(value)}
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, time_of_day):
        return {"t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"td": value.total_seconds()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _choose_sheet(book: Any, aliases: Mapping[str, str], required: list[str],
                  limits: ReadLimits) -> tuple[Any, tuple]:
    """The first sheet whose header has every required column (an export may
    hold a colour-coded view first), else the first sheet; and its header."""
    found = None
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(min_row=1, max_row=1), ())
        for cell in header:
            _encode(cell, limits)
        keys = {aliases.get(header_key(c.value)) for c in header if c.value not in (None, "")}
        if found is None:
            found = (sheet, header)
        if keys.issuperset(required):
            return sheet, header
    if found is None:
        raise Refused("no_sheet")
    return found


def _has_merged_cells(sheet: Any) -> bool:
    """Read-only mode does not report merged ranges, so look for <mergeCell>
    in the sheet's XML, a chunk at a time."""
    needle, tail = b"<mergeCell ", b""
    with sheet.parent._archive.open(sheet._worksheet_path) as source:
        while chunk := source.read(MIB):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def _write_rows(book: Any, params: dict, limits: ReadLimits, out: IO[str]) -> None:
    aliases, required = params["aliases"], params["required"]
    sheet, header = _choose_sheet(book, aliases, required, limits)
    wanted = {index for index, cell in enumerate(header)
              if cell.value not in (None, "") and header_key(cell.value) in aliases}
    keys = {aliases[header_key(header[i].value)] for i in wanted}
    merged = _has_merged_cells(sheet)
    out.write(json.dumps({"title": sheet.title, "header": [_encode(c, limits) for c in header],
                          "merged": merged}, ensure_ascii=False) + "\n")
    count = 0
    if wanted and keys.issuperset(required) and not merged:
        # max_col: a row is never padded beyond the last column we read.
        for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=max(wanted) + 1),
                                       start=2):
            count += 1  # blank rows too: they cost as much to read
            if count > limits.max_rows:
                raise Refused("too_many_rows")
            found = [[i, _encode(cells[i], limits)] for i in sorted(wanted)
                     if i < len(cells) and cells[i].value is not None]
            out.write(json.dumps([number, found], ensure_ascii=False) + "\n")
    out.write(json.dumps({"end": count}) + "\n")


def _child(params: dict) -> None:
    limits = ReadLimits(**params["limits"])
    _limit_self(limits)
    source = open(0, "rb", closefd=False)  # noqa: SIM115 - standard input, a seekable file
    source.seek(0)
    _refuse_unless_xlsx(source)
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as error:
        raise Refused("damaged", str(error)) from None
    check_archive(archive, limits)
    book = load_workbook(source, read_only=True, data_only=False)
    with open(1, "w", encoding="utf-8", closefd=False, buffering=MIB) as out:
        if params["mode"] == "dimension":
            out.write(json.dumps({"max_row": max((book.worksheets[0].max_row or 1) - 1, 0)
                                  if book.worksheets else 0}) + "\n")
        else:
            _write_rows(book, params, limits, out)


def main() -> None:
    """The child: exit 0 having written the rows, 10 + a REASONS index for a
    refusal; anything else (MemoryError, a parse error, a signal from a
    limit) leaves another status, which the parent reads as damaged."""
    signal.signal(signal.SIGXCPU, _out_of_time)
    status = 1
    try:
        _child(json.loads(sys.argv[1]))
        status = 0
    except Refused as refused:
        print(refused, file=sys.stderr)  # for the parent's log
        status = _FIRST_STATUS + REASONS.index(refused.reason)
    except Exception:  # MemoryError from RLIMIT_AS, a parse error: a damaged file
        traceback.print_exc()
    finally:
        # Refused already, or done: running out of CPU now must not cut the
        # last line the parent reads.
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
        print(f"{_PEAK}{_peak_kib()}", file=sys.stderr)
    sys.exit(status)


def _out_of_time(signum: int, frame: object) -> None:
    raise Refused("damaged", "out of CPU time")


def _peak_kib() -> int:
    """This process's peak resident memory since its exec (VmHWM): the
    rusage of a spawned child also counts the parent's pages it shared
    before the exec, so a big worker would look like a big reader."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:  # not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
