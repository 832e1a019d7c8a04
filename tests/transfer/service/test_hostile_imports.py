"""Hostile workbooks (issue 18): each is refused as a damaged file before it
costs the server, and the child process that reads workbooks stays under a
stated memory bound, whichever limit stops it. The child reports its own
peak resident memory since its exec (VmHWM): its rusage would also count the
test process's pages it shared until the exec.

The bound: with the shipped limits the child never passes 100 MiB (it reads
no bomb: the zip's declared sizes refuse them first); with those checks
lifted, it never passes its address-space limit (here 128 MiB).
"""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import hostile_workbooks as hostile
import openpyxl
import pytest
from conftest import workbook_bytes
from flask_babel import force_locale

from planner.core.extensions import db
from planner.core.sheet_reader import MIB, ReadLimits, Refused, read_sheet
from planner.core.sheets import DAMAGED, read_limits
from planner.people.models.user import User
from planner.transfer import imports

SHIPPED_BOUND_KIB = 100 * 1024
ALIASES = {"code": "code", "title": "title"}
# Every pre-parse check lifted: only the child's own limits stand.
UNCHECKED = ReadLimits(max_rows=10**9, max_parts=10**6, max_uncompressed=4096 * MIB,
                       max_whole_part=4096 * MIB, max_ratio=10**6, memory=128 * MIB,
                       cpu_seconds=1)

BOMBS = {
    "shared-strings bomb": hostile.shared_strings_bomb,
    "one huge cell": hostile.huge_cell,
    "1.1 GiB of blank rows": hostile.blank_rows,
    "XML entities": hostile.entity_expansion,
    "a DTD without entities": lambda path: hostile.entity_expansion(path, with_entities=False),
    "truncated XML": hostile.truncated_xml,
}


@pytest.fixture(autouse=True)
def english(ctx):  # noqa: ANN001, ANN201
    with force_locale("en"):
        yield


def _refusal(path: Path, limits: ReadLimits) -> Refused:
    with path.open("rb") as stream, pytest.raises(Refused) as refused:
        read_sheet(stream, limits, ALIASES, ["code", "title"])
    return refused.value


@pytest.mark.parametrize("build", BOMBS.values(), ids=BOMBS.keys())
def test_a_hostile_workbook_is_refused_as_damaged_within_the_memory_bound(
        ctx, world, tmp_path, build):  # noqa: ANN001
    path = build(tmp_path / "hostile.xlsx")
    assert path.stat().st_size < 3 * MIB  # a small upload…
    refused = _refusal(path, read_limits(ctx.config))
    assert refused.reason == "damaged"
    assert refused.peak_kib is not None
    assert 0 < refused.peak_kib < SHIPPED_BOUND_KIB  # …that costs the reader next to nothing

    with path.open("rb") as stream:
        report = imports.run_import(db.session.get(User, world.admin), "tasks", stream)
    assert [p.message.text for p in report.file_problems] == [DAMAGED.text]
    assert not report.ok and not report.rows


@pytest.mark.parametrize("build", [hostile.shared_strings_bomb, hostile.huge_cell],
                         ids=["shared-strings bomb", "one huge cell"])
def test_with_the_checks_lifted_the_memory_limit_stops_a_bomb(tmp_path, build):  # noqa: ANN001
    # CPU time to spare (a slow or clock-shifted machine): the memory limit stops it.
    refused = _refusal(build(tmp_path / "bomb.xlsx"),
                       dataclasses.replace(UNCHECKED, cpu_seconds=30))
    assert refused.reason == "damaged"
    assert refused.peak_kib is not None and refused.peak_kib <= UNCHECKED.memory // 1024


def test_with_the_checks_lifted_the_time_budget_stops_endless_blank_rows(tmp_path):
    refused = _refusal(hostile.blank_rows(tmp_path / "rows.xlsx"), UNCHECKED)
    assert refused.reason == "damaged"  # stopped at one second of CPU
    assert refused.peak_kib is not None and refused.peak_kib <= UNCHECKED.memory // 1024


def test_blank_rows_count_against_the_row_limit(ctx, world, tmp_path):
    """A 2 KB file whose one data row is row 1,000,000: the reader walks a
    million blank rows, and stops at IMPORT_MAX_ROWS + 1 instead."""
    path = hostile.far_row(tmp_path / "far.xlsx")
    with path.open("rb") as stream:
        report = imports.run_import(db.session.get(User, world.admin), "tasks", stream)
    assert [p.message.text for p in report.file_problems] == [
        "The sheet has more than %(max)s rows. Split it into several files."]
    assert report.file_problems[0].message.params == {"max": "100,000"}
    assert not report.ok

    lifted = dataclasses.replace(read_limits(ctx.config), max_rows=1_000_000)
    with path.open("rb") as stream:
        sheet = read_sheet(stream, lifted, ALIASES, ["code", "title"])
    assert [number for number, cells in sheet.rows() if cells] == [1_000_000]
    sheet.close()


@pytest.mark.parametrize(("limit", "value", "build"), [
    ("max_whole_part", 2 * MIB, lambda p: hostile.shared_strings_bomb(p, 3 * MIB)),
    ("max_uncompressed", 2 * MIB, lambda p: hostile.shared_strings_bomb(p, 3 * MIB)),
    ("max_ratio", 50, lambda p: hostile.shared_strings_bomb(p, 3 * MIB)),
    ("max_parts", 8, lambda p: hostile.plain(p, {f"x/{i}.bin": b"" for i in range(3)})),
], ids=["shared strings", "inflated size", "compression ratio", "number of parts"])
def test_each_zip_limit_refuses_alone(tmp_path, limit, value, build):  # noqa: ANN001
    """Each file passes with every limit lifted but the one named."""
    path = build(tmp_path / "file.xlsx")
    with path.open("rb") as stream:
        read_sheet(stream, UNCHECKED, ALIASES, ["code", "title"]).close()
    assert _refusal(path, dataclasses.replace(UNCHECKED, **{limit: value})).reason == "damaged"


def test_a_cell_longer_than_the_cap_makes_the_file_damaged(ctx, world):
    admin = db.session.get(User, world.admin)
    ctx.config["IMPORT_MAX_CELL_CHARS"] = 40
    try:
        fits = imports.run_import(admin, "tasks", _tasks_file("給" * 40))
        too_long = imports.run_import(admin, "tasks", _tasks_file("給" * 41))
    finally:
        ctx.config["IMPORT_MAX_CELL_CHARS"] = 32_767
    assert not fits.file_problems and fits.rows
    assert [p.message.text for p in too_long.file_problems] == [DAMAGED.text]


def _tasks_file(title: str) -> io.BytesIO:
    return workbook_bytes(["code", "title", "department", "category", "preset", "day"],
                          [["PAY-300", title, "payroll", "tax", "monthly_day", 10]])


def test_openpyxl_parses_with_defusedxml():
    """The second line behind the reader's own DTD check: with defusedxml
    installed (a dependency), openpyxl's own parsing refuses entities."""
    assert openpyxl.DEFUSEDXML
