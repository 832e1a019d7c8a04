"""Each template's example row imports into the demo as it stands (the completions one
says which occurrence is missing), and against a database without that department the
row says what to do."""
from __future__ import annotations

import io

from flask_babel import force_locale
from openpyxl import load_workbook

from planner.core.i18n import translate
from planner.demo import loader as demo
from planner.people.operations import PersonData, create_person
from planner.transfer import exports, imports


def _template(kind: str) -> io.BytesIO:
    stream = io.BytesIO()
    exports.template(kind).save(stream)
    stream.seek(0)
    return stream


def test_the_example_rows_import_into_a_fresh_demo(ctx):
    demo.seed_demo()
    admin = imports.default_actor()
    with force_locale("ja"):
        _examples_import(admin)


def _examples_import(admin) -> None:  # noqa: ANN001
    for kind in ("tasks", "owners", "absences", "cost_profiles", "events", "employees"):
        report = imports.run_import(admin, kind, _template(kind))
        problems = [translate(p.message) for row in report.rows for p in row.problems]
        assert report.ok and not problems, (kind, problems, report.file_problems)
    # A completion belongs to one occurrence of the demo's: its due date and the
    # day it was done are the user's to fill in, and the row says so.
    [row] = imports.run_import(admin, "completions", _template("completions")).rows
    assert row.action == "reject"
    assert sorted((p.cell, translate(p.message)) for p in row.problems) == [
        ("B2", "必ず入力してください。"), ("C2", "必ず入力してください。")]
    # The tasks template's example is a new task, not one of the demo's.
    [row] = imports.run_import(admin, "tasks", _template("tasks")).rows
    assert row.action == "create"


def test_on_an_empty_database_the_example_row_says_what_to_do(ctx):
    admin = create_person(PersonData(email="admin@example.com", name="高橋 管理", role="admin",
                                     language="ja", department_ids=[]), "a long password")
    with force_locale("ja"):
        report = imports.run_import(admin, "tasks", _template("tasks"))
        [row] = report.rows
        messages = [translate(p.message) for p in row.problems]
    assert not report.ok
    assert any("payroll" in m and "部署" in m and "管理" in m for m in messages), messages


def test_the_help_sheet_lists_the_choices_in_japanese(ctx):
    with force_locale("ja"):
        stream = _template("tasks")
    book = load_workbook(stream, read_only=True)
    help_text = " ".join(str(cell) for row in book.worksheets[1].iter_rows(values_only=True)
                         for cell in row if cell)
    assert "One of" not in help_text
    assert "次のいずれか" in help_text
