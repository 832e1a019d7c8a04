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
