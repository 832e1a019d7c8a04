"""Reading and writing spreadsheets: the columns of each sheet, the checks a
workbook must pass before any row is read, and cells turned into values.

Reading happens in a child process with limits (sheet_reader), in openpyxl's
read-only mode, and the rows come back a line at a time, so memory does not
grow with the file; writing uses write-only workbooks and CSV generators for
the same reason.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.worksheet.datavalidation import DataValidation

from planner.core import sheet_reader
from planner.core.errors import N_, DomainError, Message
from planner.core.sheet_reader import MIB, Cell, ReadLimits, Refused, SheetRead, header_key

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
    # A date's example counts from the day the template is made, so the example
    # row still imports (a leave ahead, an event today) whenever it is downloaded.
    example_days_from_today: int | None = None
    width: int = 16
    number_format: str | None = None
    also: tuple[str, ...] = ()  # former headers a file made earlier may still carry


    def example_on(self, today: date) -> Any:
        """The example row's value in a template made on `today`."""
        if self.example_days_from_today is not None:
            return today + timedelta(days=self.example_days_from_today)
        return self.example


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
    size: int = 0  # characters of text, so that a batch of rows can be kept small


# ---------------------------------------------------------------- reading --

_REFUSALS = {
    "encrypted": N_("The workbook is protected by a password. Remove the password in Excel "
                    "(File → Info → Protect Workbook), save and upload it again."),
    "xls": N_("This is an old Excel 97–2003 (.xls) file. Save it as an Excel workbook "
              "(.xlsx) and upload it again."),
    "not_xlsx": N_("This is not an Excel workbook (.xlsx). Download the template, fill it in "
                   "and upload it."),
    "no_sheet": N_("The workbook has no sheet."),
}
DAMAGED = N_("The file could not be read as an Excel workbook (.xlsx). It may be damaged.")


def read_limits(config: Mapping[str, Any]) -> ReadLimits:
    """The IMPORT_* settings as the reader's limits."""
    return ReadLimits(
        max_rows=config["IMPORT_MAX_ROWS"],
        max_parts=config["IMPORT_MAX_PARTS"],
        max_uncompressed=config["IMPORT_MAX_UNCOMPRESSED_MB"] * MIB,
        max_whole_part=config["IMPORT_MAX_SHARED_STRINGS_MB"] * MIB,
        max_ratio=config["IMPORT_MAX_RATIO"],
        max_cell_chars=config["IMPORT_MAX_CELL_CHARS"],
        memory=config["IMPORT_PARSE_MEMORY_MB"] * MIB,
        cpu_seconds=config["IMPORT_PARSE_SECONDS"],
    )


def read_sheet(stream: IO[bytes], columns: list[Column], limits: ReadLimits) -> SheetRead:
    """The sheet of `stream` whose header has `columns`' required ones (else
    the first), read in a child process under `limits` (see sheet_reader);
    a SheetError says why the file cannot be read."""
    try:
        return sheet_reader.read_sheet(stream, limits, header_aliases(columns),
                                       [c.key for c in columns if c.required])
    except Refused as refused:
        raise refusal_error(refused.reason, limits) from None


def refusal_error(reason: str, limits: ReadLimits) -> SheetError:
    if reason == "too_many_rows":
        return SheetError(N_("The sheet has more than %(max)s rows. Split it into several "
                             "files.", max=f"{limits.max_rows:,}"))
    return SheetError(_REFUSALS.get(reason, DAMAGED))


def header_aliases(columns: Iterable[Column]) -> dict[str, str]:
    """Every header a column answers to: its key, its English and its Japanese
    header, so a file made by a colleague in the other language still reads."""
    aliases: dict[str, str] = {}
    for column in columns:
        aliases[header_key(column.key)] = column.key
        for locale in ("en", "ja"):
            with force_locale(locale):
                aliases[header_key(str(column.label))] = column.key
        for former in column.also:
            aliases[header_key(former)] = column.key
    return aliases


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
        key = aliases.get(header_key(str(value)))
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


def iter_data_rows(rows: Iterable[tuple[int, Mapping[int, Cell]]], positions: dict[int, str],
                   columns: list[Column]) -> Iterator[SheetRow]:
    """The rows under the header as values by key, each cell converted by its
    column's kind. Blank rows are skipped (the reader counted them against
    the row limit)."""
    by_key = {c.key: c for c in columns}
    choices = {c.key: choice_index(c) for c in columns if c.kind == CHOICE}
    for number, cells in rows:
        row = SheetRow(number, {})
        blank = True
        for index, key in positions.items():
            cell = cells.get(index)
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
        row.size = sum(len(v) for v in row.values.values() if isinstance(v, str))
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
        index[header_key(str(value))] = value
        for locale in ("en", "ja"):
            with force_locale(locale):
                index[header_key(str(label))] = value
    return index


def convert(raw: Any, column: Column, choices: dict[str, Any] | None = None) -> Any:
    """A cell's value as the column's kind; CellError says what is wrong."""
    kind = column.kind
    if kind == TEXT:
        return _plain_text(raw)
    if kind == CHOICE:
        found = (choices if choices is not None else choice_index(column)).get(
            header_key(_plain_text(raw)), _MISSING)
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


def sheet_title(title: str) -> str:
    """A title Excel accepts: a department's name may hold a character a sheet's
    name may not (openpyxl refuses them), and Excel cuts at 31 characters."""
    return INVALID_TITLE_REGEX.sub("・", str(title))[:31] or "-"


def new_sheet(book: Workbook, title: str, columns: list[Column],
              validations: bool = False, max_row: int = 5000):  # noqa: ANN201
    """A write-only sheet with the header row written, widths and a frozen
    header; with `validations`, drop-down lists on the choice columns."""
    sheet = book.create_sheet(sheet_title(title))
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
            # Not inside the f-string: message extraction would miss it there.
            one_of = _("One of: %(values)s", values=listed)
            text = f"{text} {one_of}".strip()
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
