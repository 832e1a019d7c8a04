"""The period's pure rules: the month's form, what blocks a close, the pack's file names."""
from __future__ import annotations

from datetime import date

import pytest

from planner.core.errors import ValidationError
from planner.periods import domain


def test_a_month_is_read_as_its_first_day_and_shown_back():
    assert domain.parse_month(" 2026-11 ") == date(2026, 11, 1)
    assert domain.label(domain.month_of(date(2026, 2, 28))) == "2026-02"
    with pytest.raises(ValidationError):
        domain.parse_month("2026-00")


MONTH_FORM = "Enter a month as YYYY-MM, e.g. 2026-11."


def refusal(action) -> tuple[str, str]:  # noqa: ANN001 - a callable that raises
    """The one field a refused value names, and its message in English."""
    with pytest.raises(ValidationError) as caught:
        action()
    [(field, [message])] = caught.value.fields.items()
    return field, message.render()


@pytest.mark.parametrize(("text", "first_day"), [
    ("2026-01", date(2026, 1, 1)), ("2026-12", date(2026, 12, 1)),
    ("1900-01", date(1900, 1, 1)), ("9998-12", date(9998, 12, 1)),
])
def test_the_first_and_last_months_and_years_are_accepted(text, first_day):
    assert domain.parse_month(text) == first_day


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "1899-12", "9999-01", "2026-1",
                                  "2026/11", "令和8年11月", "", None, 202611])
def test_a_month_out_of_range_or_not_written_yyyy_mm_is_refused_on_its_field(text):
    assert refusal(lambda: domain.parse_month(text)) == ("month", MONTH_FORM)
    # A form with two months (from, to) hears which one is wrong.
    assert refusal(lambda: domain.parse_month(text, "to")) == ("to", MONTH_FORM)


def test_a_due_date_falls_in_its_month():
    assert domain.month_of(date(2026, 2, 28)) == date(2026, 2, 1)
    assert domain.month_of(date(2026, 3, 1)) == date(2026, 3, 1)


def test_a_reopening_keeps_its_reason_trimmed():
    assert domain.check_reason("  給与の再計算のため ") == "給与の再計算のため"
    assert domain.check_reason("x" * domain.REASON_MAX) == "x" * 500


@pytest.mark.parametrize("reason", [None, "", "   \n", 12])
def test_a_reopening_without_a_reason_is_refused(reason):
    assert refusal(lambda: domain.check_reason(reason)) == (
        "reason", "Say why the period is reopened.")


def test_a_reason_over_500_characters_is_refused():
    assert refusal(lambda: domain.check_reason("理" * 501)) == (
        "reason", "Use at most 500 characters.")


def test_the_closed_message_names_the_month():
    assert domain.closed_message(date(2026, 11, 1)).render() == (
        "The period 2026-11 is closed (締め): its work, checklists and evidence "
        "cannot change until an administrator reopens it.")


def test_only_approved_or_skipped_work_lets_a_month_close():
    work = [domain.Work(i, "給与計算", date(2026, 11, 25), status)
            for i, status in enumerate(("done", "skipped", "open", "prepared"))]
    assert [w.status for w in domain.blocking(work)] == ["open", "prepared"]


def test_pack_paths_keep_versions_and_repeated_names_apart():
    assert domain.pack_paths([(7, "台帳.pdf", 1), (7, "台帳.pdf", 2), (7, "台帳 (v2).pdf", 1),
                              (7, "README", 1), (7, "readme", 1), (8, "台帳.pdf", 1)]) == [
        "evidence/7/台帳.pdf", "evidence/7/台帳 (v2).pdf", "evidence/7/台帳 (v2) (2).pdf",
        "evidence/7/README", "evidence/7/readme (2)", "evidence/8/台帳.pdf"]


def test_who_downloads_the_pack():
    assert [domain.may_download_pack(r) for r in ("staff", "manager", "admin", "auditor")] == [
        False, True, True, True]


def test_a_later_version_is_numbered_before_the_last_extension_only():
    assert domain.pack_paths([(3, "2026.11 給与.pdf", 2), (3, "議事録", 3)]) == [
        "evidence/3/2026.11 給与 (v2).pdf", "evidence/3/議事録 (v3)"]


def test_a_name_repeated_three_times_is_numbered_2_then_3():
    assert domain.pack_paths([(5, "明細.xlsx", 1)] * 3 + [(5, "明細 (3).xlsx", 1)]) == [
        "evidence/5/明細.xlsx", "evidence/5/明細 (2).xlsx", "evidence/5/明細 (3).xlsx",
        "evidence/5/明細 (3) (2).xlsx"]
