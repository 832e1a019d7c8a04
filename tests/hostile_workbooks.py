"""Hostile .xlsx files, built in the test: bombs that inflate to 1.1 GiB from
about a megabyte, a DTD with entities, truncated XML.

A part's content is a generator of (bytes, times) pieces. Each distinct
piece is deflated once, flushed with Z_FULL_FLUSH (which forgets the history,
so the same input deflates to the same bytes every time) and that block is
written `times` times: 1.1 GiB of XML costs its CRC, not its compression, and
never sits in memory. The zip is written by hand (local headers, central
directory) because zipfile can only deflate what it is given.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

GIB = 1 << 30
Pieces = Iterable[tuple[bytes, int]]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPES}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPES}.sharedStrings+xml"/>
</Types>""".encode()
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>""".encode()
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>
<sheet name="tasks" sheetId="1" r:id="rId1"/></sheets></workbook>""".encode()
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>""".encode()
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
# The tasks sheet's required columns, so that a reader goes on to the rows.
HEADER_ROW = '<row r="1">' + "".join(
    f'<c r="{letter}1" t="inlineStr"><is><t>{key}</t></is></c>'
    for letter, key in zip("ABCDE", ("code", "title", "department", "category", "preset"),
                           strict=True)
) + "</row>"
SHEET_END = "</sheetData></worksheet>"
STRINGS_START = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'


def _one(text: str | bytes) -> Pieces:
    return [(text.encode() if isinstance(text, str) else text, 1)]


def _repeat(unit: bytes, total: int) -> Pieces:
    """`unit` repeated to about `total` bytes, in pieces of about 1 MiB."""
    piece = unit * max((1 << 20) // len(unit), 1)
    return [(piece, max(total // len(piece), 1))]


def write_xlsx(path: Path, sheet: Pieces, strings: Pieces | None = None,
               extra: dict[str, bytes] | None = None) -> Path:
    """A workbook of one sheet ("tasks") with these parts' contents."""
    parts: dict[str, Pieces] = {
        "[Content_Types].xml": _one(CONTENT_TYPES), "_rels/.rels": _one(ROOT_RELS),
        "xl/workbook.xml": _one(WORKBOOK), "xl/_rels/workbook.xml.rels": _one(WORKBOOK_RELS),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings or _one(STRINGS_START + "</sst>"),
        **{name: _one(content) for name, content in (extra or {}).items()}}
    central = []
    with path.open("wb") as out:
        for name, pieces in parts.items():
            offset, encoded = out.tell(), name.encode()
            out.write(b"\0" * (30 + len(encoded)))  # the local header, once sizes are known
            crc = size = written = 0
            for block, data, times in _deflated(pieces):
                for _ in range(times):
                    crc = zlib.crc32(data, crc)
                    out.write(block)
                size += len(data) * times
                written += len(block) * times
            end = out.tell()
            fields = (20, 0, 8, 0, 0x21, crc, written, size, len(encoded), 0)
            out.seek(offset)
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded)
            out.seek(end)
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields[:-1], 0, 0,
                                       0, 0, 0, offset) + encoded)
        start = out.tell()
        for entry in central:
            out.write(entry)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                              out.tell() - start, start, 0))
    return path


def _deflated(pieces: Pieces) -> Iterator[tuple[bytes, bytes, int]]:
    """(deflated block, data, times) for each piece, then the final block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    for data, times in pieces:
        yield compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH), data, times
    yield compressor.flush(), b"", 1


# ------------------------------------------------------- the hostile files --


def plain(path: Path, extra: dict[str, bytes] | None = None) -> Path:
    """A harmless workbook: the header row only (and `extra` parts)."""
    return write_xlsx(path, _one(SHEET_START + HEADER_ROW + SHEET_END), extra=extra)


def shared_strings_bomb(path: Path, size: int = GIB + GIB // 10) -> Path:
    """A shared-strings part that inflates to `size` (1.1 GiB by default)."""
    return write_xlsx(path, _one(SHEET_START + HEADER_ROW + SHEET_END), [
        *_one(STRINGS_START), *_repeat(b"<si><t>" + b"x" * 1000 + b"</t></si>", size),
        *_one("</sst>")])


def huge_cell(path: Path, size: int = GIB + GIB // 10) -> Path:
    """One inline-string cell of `size` characters."""
    return write_xlsx(path, [*_one(SHEET_START + HEADER_ROW + '<row r="2"><c r="A2" '
                                   't="inlineStr"><is><t>'),
                             *_repeat(b"A", size), *_one("</t></is></c></row>" + SHEET_END)])


def blank_rows(path: Path, size: int = GIB + GIB // 10) -> Path:
    """`size` bytes of blank rows (<row/>) under the header."""
    return write_xlsx(path, [*_one(SHEET_START + HEADER_ROW), *_repeat(b"<row/>", size),
                             *_one(SHEET_END)])


def far_row(path: Path, row: int = 1_000_000) -> Path:
    """A few bytes that make a reader walk a million blank rows: the one row
    below the header is number `row`."""
    return write_xlsx(path, _one(SHEET_START + HEADER_ROW + f'<row r="{row}"><c r="A{row}" '
                                 't="inlineStr"><is><t>X</t></is></c></row>' + SHEET_END))


def entity_expansion(path: Path, with_entities: bool = True) -> Path:
    """The "billion laughs": entities of entities in the sheet's DTD (or,
    without entities, a bare DTD)."""
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    dtd = (f'<!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>' if with_entities
           else "<!DOCTYPE worksheet>")
    cell = "&e9;" if with_entities else "X"
    return write_xlsx(path, _one(f'<?xml version="1.0"?>{dtd}<worksheet xmlns="{_MAIN}">'
                                 f'<sheetData>{HEADER_ROW}<row r="2"><c r="A2" t="inlineStr">'
                                 f"<is><t>{cell}</t></is></c></row>{SHEET_END}"))


def truncated_xml(path: Path) -> Path:
    """A sheet whose XML stops in the middle of a row."""
    return write_xlsx(path, _one(SHEET_START + HEADER_ROW + '<row r="2"><c r="A2" t="inl'))
