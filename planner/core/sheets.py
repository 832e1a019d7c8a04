"""Reading and writing spreadsheets: the columns of each sheet, the checks a
workbook must pass before any row is read, and cells turned into values.

Reading is streaming (openpyxl's read-only mode) so a 50,000-row file costs
one row's memory at a time; writing uses write-only workbooks and CSV
generators for the same reason.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from planner.core.errors import N_, DomainError, Message

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
YEN_FORMAT = '"¥"#,##0;-"¥"#,##0'
DATE_FORMAT = "yyyy-mm-dd"

TEXT, INTEGER, DATE, CHOICE, NUMBERS, DECIMAL = "text", "integer", "date", "choice", "numbers", "decimal"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, its header (lazy, translated) and how a
    cell becomes a value."""

    key: str
    label: Any  # a lazy string: the header in the reader's language
    kind: str = TEXT
    required: bool = False
    choices: Mapping[Any, Any] | None = None  # value -> lazy label, for CHOICE
    help: Any = ""
    example: Any = None
    width: int = 16
    number_format: str | None = None


class SheetError(DomainError):
    """The file as a whole cannot be read: nothing in it is imported."""
    code = "invalid_file"


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: "C5", the column's header and a message."""
    cell: str
    column: str
    message: Message | str


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # key -> "C5"


# ---------------------------------------------------------------- reading --

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def open_workbook(stream: IO[bytes]) -> Workbook:
    """The workbook in `stream`, or a SheetError saying why it cannot be read."""
    head = stream.read(8)
    stream.seek(0)
    if head == _OLE_MAGIC:
        # Excel stores a password-protected .xlsx inside an OLE container,
        # the same container as the old .xls format: tell the two apart.
        if _ENCRYPTION_INFO in stream.read():
            raise SheetError(N_("The workbook is protected by a password. Remove the password "
                                "in Excel (File → Info → Protect Workbook), save and upload "
                                "it again."))
        raise SheetError(N_("This is an old Excel 97–2003 (.xls) file. Save it as an Excel "
                            "workbook (.xlsx) and upload it again."))
    if not head.startswith(b"PK\x03\x04"):
        raise SheetError(N_("This is not an Excel workbook (.xlsx). Download the template, "
                            "fill it in and upload it."))
    try:
        return load_workbook(stream, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise SheetError(N_("The file could not be read as an Excel workbook (.xlsx). It may "
                            "be damaged.")) from None


def data_sheet(book: Workbook, wanted_title: str | None = None):  # noqa: ANN201 - ReadOnlyWorksheet
    """The sheet holding the rows: the one with our title, else the first."""
    if wanted_title and wanted_title in book.sheetnames:
        return book[wanted_title]
    return book.worksheets[0]


def has_merged_cells(sheet) -> bool:  # noqa: ANN001
    """Read-only mode does not report merged ranges, so look for <mergeCell>
    in the sheet's XML, a chunk at a time (memory stays bounded)."""
    needle, tail = b"<mergeCell ", b""
    try:
        source = sheet.parent._archive.open(sheet._worksheet_path)
    except (AttributeError, KeyError):
        return False
    with source:
        while chunk := source.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def header_aliases(columns: Iterable[Column]) -> dict[str, str]:
    """Every header a column answers to: its key, its English and its Japanese
    header, so a file made by a colleague in the other language still reads."""
    aliases: dict[str, str] = {}
    for column in columns:
        aliases[_header_key(column.key)] = column.key
        for locale in ("en", "ja"):
            with force_locale(locale):
                aliases[_header_key(str(column.label))] = column.key
    return aliases


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().rstrip("*").strip().casefold()
    return re.sub(r"\s+", " ", text)


def read_header(header_cells: tuple, columns: list[Column]) -> tuple[dict[int, str], list[Problem]]:
    """Column positions by key; problems for required columns not found and
    for duplicated ones. Unknown headers are reported by the caller as ignored."""
    aliases = header_aliases(columns)
    positions: dict[int, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(header_cells):
        value = cell.value if hasattr(cell, "value") else cell
        if value in (None, ""):
            continue
        key = aliases.get(_header_key(str(value)))
        letter = get_column_letter(index + 1)
        if key is None:
            problems.append(Problem(f"{letter}1", str(value),
                                    N_("This column is not one of the template's; it is "
                                       "ignored.")))
            continue
        if key in seen:
            problems.append(Problem(f"{letter}1", str(value),
                                    N_("This column appears twice (also %(cell)s).",
                                       cell=seen[key])))
            continue
        seen[key] = f"{letter}1"
        positions[index] = key
    return positions, problems


def missing_columns(positions: dict[int, str], columns: list[Column]) -> list[Column]:
    present = set(positions.values())
    return [c for c in columns if c.required and c.key not in present]


def iter_data_rows(sheet, positions: dict[int, str], columns: list[Column],  # noqa: ANN001
                   max_rows: int) -> Iterator[SheetRow]:
    """The rows under the header as values by key, each cell converted by its
    column's kind. Blank rows are skipped; row max_rows + 1 raises SheetError."""
    by_key = {c.key: c for c in columns}
    choices = {c.key: choice_index(c) for c in columns if c.kind == CHOICE}
    count = 0
    for number, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
        row = SheetRow(number, {})
        blank = True
        for index, key in positions.items():
            cell = cells[index] if index < len(cells) else None
            raw = getattr(cell, "value", None)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                row.values[key] = None
                continue
            blank = False
            ref = f"{get_column_letter(index + 1)}{number}"
            row.cells[key] = ref
            column = by_key[key]
            if getattr(cell, "data_type", None) == "f":
                row.problems.append(Problem(ref, str(column.label), N_(
                    "This cell holds a formula (%(formula)s). Replace it with its value "
                    "(copy, then Paste Values).", formula=str(raw)[:60])))
                row.values[key] = None
                continue
            try:
                row.values[key] = convert(raw, column, choices.get(key))
            except CellError as error:
                row.problems.append(Problem(ref, str(column.label), error.message))
                row.values[key] = None
        if blank:
            continue
        count += 1
        if count > max_rows:
            raise SheetError(N_("The sheet has more than %(max)s rows. Split it into several "
                                "files.", max=f"{max_rows:,}"))
        yield row


_MISSING = object()


class CellError(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.text)


_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"(?P<era>令和|平成|昭和)(?P<y>\d{1,2}|元)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"(?P<era>[RHS])(?P<y>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})",
               re.IGNORECASE),
)


def parse_date_text(text: str) -> date | None:
    """Dates typed as text, as Japanese offices write them: 2026/12/10,
    2026-12-10, 2026年12月10日, 令和8年12月10日, R8.12.10 (full-width digits too)."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s*[(（][^)）]*[)）]$", "", text)  # a trailing weekday: 2026/12/10(木)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = 1 if parts["y"] == "元" else int(parts["y"])
        if era := parts.get("era"):
            year += _ERAS[era.upper() if len(era) == 1 else era]
        try:
            return date(year, int(parts["m"]), int(parts["d"]))
        except ValueError:
            return None
    return None


def _plain_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


def choice_index(column: Column) -> dict[str, Any]:
    """What a cell of a choice column may say (the value, or its English or
    Japanese label), normalised, mapped to the value."""
    index: dict[str, Any] = {}
    for value, label in (column.choices or {}).items():
        index[_header_key(str(value))] = value
        for locale in ("en", "ja"):
            with force_locale(locale):
                index[_header_key(str(label))] = value
    return index


def convert(raw: Any, column: Column, choices: dict[str, Any] | None = None) -> Any:
    """A cell's value as the column's kind; CellError says what is wrong."""
    kind = column.kind
    if kind == TEXT:
        return _plain_text(raw)
    if kind == CHOICE:
        found = (choices if choices is not None else choice_index(column)).get(
            _header_key(_plain_text(raw)), _MISSING)
        if found is _MISSING:
            raise CellError(N_("Choose one of the list's values."))
        return found
    if kind == DATE:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            try:  # a date whose cell lost its date format: Excel's serial number
                return from_excel(raw).date()
            except (ValueError, OverflowError, TypeError):
                pass
        parsed = parse_date_text(str(raw))
        if parsed is None:
            raise CellError(N_("Enter a date such as 2026-12-10 or 2026年12月10日."))
        return parsed
    text = unicodedata.normalize("NFKC", _plain_text(raw))
    if kind == INTEGER:
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise CellError(N_("Enter a whole number.")) from None
        if number != number.to_integral_value():
            raise CellError(N_("Enter a whole number."))
        return int(number)
    if kind == DECIMAL:
        try:
            return Decimal(text.replace(",", "").rstrip("%")) / (100 if text.endswith("%") else 1)
        except InvalidOperation:
            raise CellError(N_("Enter a number.")) from None
    if kind == NUMBERS:
        parts = [p for p in re.split(r"[\s,、;]+", text) if p]
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise CellError(N_("Enter whole numbers separated by commas.")) from None
    raise ValueError(f"unknown column kind {kind}")


def cell_text(value: Any, column: Column) -> Any:
    """A value as written to a sheet: choices by their label, lists joined."""
    if value is None:
        return None
    if column.kind == CHOICE and column.choices:
        label = column.choices.get(value)
        return str(label) if label is not None else str(value)
    if column.kind == NUMBERS:
        return ", ".join(str(n) for n in value)
    return value


# ---------------------------------------------------------------- writing --


def header_cells(sheet, columns: list[Column]) -> list:  # noqa: ANN001 - write-only sheet
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    return cells


def value_cells(sheet, columns: list[Column], values: Iterable[Any]) -> list:  # noqa: ANN001
    cells = []
    for column, value in zip(columns, values, strict=True):
        cell = WriteOnlyCell(sheet, value=cell_text(value, column))
        if column.kind == DATE and value is not None:
            cell.number_format = DATE_FORMAT
        elif column.number_format:
            cell.number_format = column.number_format
        cells.append(cell)
    return cells


def new_sheet(book: Workbook, title: str, columns: list[Column],
              validations: bool = False, max_row: int = 5000):  # noqa: ANN201
    """A write-only sheet with the header row written, widths and a frozen
    header; with `validations`, drop-down lists on the choice columns."""
    sheet = book.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    if validations:
        for index, column in enumerate(columns, start=1):
            if column.kind == CHOICE and column.choices:
                options = ",".join(str(label).replace(",", " ") for label in
                                   column.choices.values())
                if len(options) > 250:  # Excel's limit for an inline list
                    continue
                rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
                rule.error = _("Choose one of the list's values.")
                rule.showErrorMessage = True
                letter = get_column_letter(index)
                rule.add(f"{letter}2:{letter}{max_row}")
                sheet.data_validations.append(rule)
    sheet.append(header_cells(sheet, columns))
    return sheet


def help_sheet(book: Workbook, columns: list[Column]) -> None:
    """The sheet that explains each column, in the reader's language."""
    sheet = book.create_sheet(_("How to fill in")[:31])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    sheet.append(header_cells(sheet, [Column("column", _("Column")),
                                      Column("required", _("Required")),
                                      Column("help", _("What to enter"))]))
    for column in columns:
        text = str(column.help) if column.help else ""
        if column.kind == CHOICE and column.choices:
            listed = " / ".join(str(label) for label in column.choices.values())
            text = f"{text} {_('One of: %(values)s', values=listed)}".strip()
        sheet.append([str(column.label), _("Yes") if column.required else "", text])


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text a line at a time, starting with a BOM so that Excel in Japan
    reads it as UTF-8 rather than Shift_JIS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield codecs.BOM_UTF8.decode("utf-8")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: Iterable[list[Any]]
    # An optional styler: (cell, column index, row values) -> None, for colours.
    style: Callable[[WriteOnlyCell, int, list[Any]], None] | None = None


def write_workbook(tables: list[Table], target: str | IO[bytes]) -> None:
    book = Workbook(write_only=True)
    for table in tables:
        sheet = new_sheet(book, table.title, table.columns)
        for values in table.rows:
            cells = value_cells(sheet, table.columns, values)
            if table.style is not None:
                for index, cell in enumerate(cells):
                    table.style(cell, index, values)
            sheet.append(cells)
    book.save(target)


def csv_of(table: Table) -> Iterator[str]:
    return csv_lines([str(c.label) for c in table.columns],
                     ([cell_text(v, c) for c, v in zip(table.columns, row, strict=True)]
                      for row in table.rows))
