"""The audit log's wording, without Flask or a database: how values read in
Japanese and English, and which entries are changes, recalculations or
preferences. Japanese through the project's own catalogue."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.support import Translations

from planner.core import audit_wording as wording
from planner.core.audit_wording import (
    AUTOMATIC,
    BOOLEAN,
    CHANGE,
    CHOICE,
    DATE,
    DATETIME,
    EMPTY,
    LIST,
    NUMBER,
    PREFERENCE,
    REFERENCE,
    TEXT,
    YEN,
    Field,
)

TOKYO = ZoneInfo("Asia/Tokyo")
CATALOGUE = Path(__file__).resolve().parents[3] / "planner" / "translations"
JA = Translations.load(str(CATALOGUE), ["ja"]).gettext


def english(text: str) -> str:
    return text


def ja(value, field: Field) -> str:  # noqa: ANN001
    return wording.display(value, field, JA, "ja", TOKYO)


def en(value, field: Field) -> str:  # noqa: ANN001
    return wording.display(value, field, english, "en", TOKYO)


@pytest.mark.parametrize(("value", "japanese", "english_text"), [
    ("2026-12-10", "2026年12月10日", "Dec 10, 2026"),
    (date(2027, 1, 4), "2027年1月4日", "Jan 4, 2027"),
    ("2026-12-10T00:00:00+00:00", "2026年12月10日", "Dec 10, 2026"),
])
def test_dates_read_as_the_locale_writes_them(value, japanese, english_text) -> None:  # noqa: ANN001
    assert ja(value, Field("期限", DATE)) == japanese
    assert en(value, Field("Due", DATE)) == english_text


def test_a_moment_is_told_in_tokyo_time_to_the_second() -> None:
    moment = "2026-12-01T01:00:05.123456+00:00"  # as the flush hook records it
    assert ja(moment, Field("", DATETIME)) == "2026年12月1日 10:00:05"
    assert en(moment, Field("", DATETIME)) == "Dec 1, 2026 10:00:05"
    late = datetime(2026, 12, 31, 15, 30, tzinfo=timezone.utc)  # already 1 January in Tokyo
    assert wording.local_datetime(late, TOKYO, "ja") == "2027年1月1日 00:30:00"


@pytest.mark.parametrize(("amount", "shown"), [
    (3500, "¥3,500"), (1234567, "¥1,234,567"), (0, "¥0"), (-120000, "-¥120,000"),
    ("980000", "¥980,000"),
])
def test_yen_has_its_sign_and_thousands_separators(amount, shown) -> None:  # noqa: ANN001
    assert ja(amount, Field("時間単価", YEN)) == shown
    assert en(amount, Field("Hourly cost", YEN)) == shown


def test_booleans_are_yes_and_no_in_the_readers_language() -> None:
    assert (ja(True, Field("", BOOLEAN)), ja(False, Field("", BOOLEAN))) == ("はい", "いいえ")
    assert (en(True, Field("", BOOLEAN)), en(False, Field("", BOOLEAN))) == ("Yes", "No")
    assert ja(True, Field("", TEXT)) == "はい"  # a JSON true whatever the column says


@pytest.mark.parametrize("empty", [None, "", []])
def test_an_empty_value_is_a_dash_not_none(empty) -> None:  # noqa: ANN001
    for kind in (TEXT, DATE, YEN, BOOLEAN, CHOICE, REFERENCE):
        assert ja(empty, Field("", kind)) == EMPTY == "—"


def test_enumerations_show_their_label_and_an_unknown_value_as_recorded() -> None:
    criticality = Field("重要度", CHOICE, choices={"high": "高", "critical": "最重要"})
    assert ja("critical", criticality) == "最重要"
    assert ja("retired", criticality) == "retired"
    levels = Field("レベル", CHOICE, choices={3: "独力で可", 4: "指導できる"})
    assert ja(4, levels) == "指導できる"


def test_references_show_the_name_and_a_gone_record_its_number() -> None:
    person = Field("担当者", REFERENCE, names={"7": "佐藤 花子", "9": "鈴木 一郎"})
    assert ja(7, person) == "佐藤 花子"
    assert ja(12, person) == "#12"
    departments = Field("部署", REFERENCE, names={"1": "給与", "2": "経理"})
    assert ja({"added": [2], "removed": [1]}, departments) == "+経理 −給与"
    assert en({"added": [1, 2], "removed": []}, departments) == "+給与, 経理"
    assert ja({"added": [], "removed": []}, departments) == EMPTY


def test_lists_and_numbers() -> None:
    assert ja([7, 1, 0], Field("リマインド", LIST)) == "7、1、0"
    assert en([7, 1, 0], Field("Reminders", LIST)) == "7, 1, 0"
    assert en("0.05", Field("Rework rate", NUMBER)) == "0.05"
    assert en(12000, Field("Minutes", NUMBER)) == "12,000"
    assert en("n/a", Field("Minutes", NUMBER)) == "n/a"
    assert en("not a date", Field("Due", DATE)) == "not a date"
    assert en("2026-02-30", Field("Due", DATE)) == "2026-02-30"
    assert en("yesterday", Field("At", DATETIME)) == "yesterday"
    assert ja({"name": "株式会社サンプル", "fiscal_year_end": 3}, Field("値")) == \
        '{"fiscal_year_end": 3, "name": "株式会社サンプル"}'


def test_the_summary_names_who_did_what_to_which_record() -> None:
    message = wording.summary("update", "高橋 管理", "業務", "源泉所得税の納付")
    assert message.render(JA) == "高橋 管理が業務「源泉所得税の納付」を変更しました。"
    assert wording.summary("create", "Admin", "Task", "Payroll").render(english) == \
        "Admin created Task “Payroll”."
    assert wording.summary("delete", "システム", "不在", "佐藤 花子").render(JA) == \
        "システムが不在「佐藤 花子」を削除しました。"


def test_an_entry_names_the_person_else_the_directorys_token_else_the_system() -> None:
    # A person who acted is named, whatever the call came through.
    assert wording.actor_name("高橋 管理", "entra", JA) == "高橋 管理"
    assert wording.actor_name("高橋 管理", None, JA) == "高橋 管理"
    # Nobody: the directory, by its token's name, in the reader's language.
    assert wording.actor_name(None, "entra", JA) == "ディレクトリ連携（SCIMトークン「entra」）"
    assert wording.actor_name(None, "Okta 100%", english) == \
        "Directory sync (SCIM token “Okta 100%”)"
    # Neither: the application itself (a job, a command run as nobody).
    assert wording.actor_name(None, None, JA) == "システム"
    assert wording.actor_name(None, "", english) == "System"


def test_change_pairs_split_old_and_new() -> None:
    assert wording.change_pairs("update", {"title": ["旧", "新"]}) == [("title", "旧", "新")]
    assert wording.change_pairs("create", {"title": "新"}) == [("title", None, "新")]
    links = {"departments": {"added": [2], "removed": []}}
    assert wording.change_pairs("update", links) == [("departments", None, links["departments"])]
    # A list value of a creation (reminder days) is the new value, not old and new.
    assert wording.change_pairs("create", {"lead_days": [7, 1]}) == [("lead_days", None, [7, 1])]


def test_referenced_ids_collects_every_id_an_entry_names() -> None:
    changes = {"user_id": [3, 4], "departments": {"added": [1], "removed": [2]},
               "task_id": None, "active": [True, False]}
    assert wording.referenced_ids(changes, "user_id") == {"3", "4"}
    assert wording.referenced_ids(changes, "departments") == {"1", "2"}
    assert wording.referenced_ids(changes, "task_id") == set()
    assert wording.referenced_ids(changes, "active") == set()
    assert wording.referenced_ids(changes, "missing") == set()


USER = {"preferences": frozenset({"language", "reminder_days", "digest_opt_out"})}
OCCURRENCE = {"derived": frozenset({"due_date", "work_by"}), "generated": True}


@pytest.mark.parametrize(("action", "changed", "options", "kind"), [
    # A language switch is a preference, not a change to the person's record.
    ("update", ["language"], USER, PREFERENCE),
    ("update", ["language", "reminder_days"], USER, PREFERENCE),
    ("update", ["language", "name"], USER, CHANGE),
    ("update", [], USER, CHANGE),
    ("create", ["language"], USER, CHANGE),
    # A due date the calendar moved is the application's own recalculation.
    ("update", ["due_date", "work_by"], OCCURRENCE, AUTOMATIC),
    ("update", ["due_date", "status"], OCCURRENCE, CHANGE),
    ("create", ["task_id"], OCCURRENCE, AUTOMATIC),
    ("delete", [], OCCURRENCE, CHANGE),
    # Whatever a periodic job writes.
    ("update", ["name"], {**USER, "automatic": True}, AUTOMATIC),
    ("delete", [], {"automatic": True}, AUTOMATIC),
    ("update", ["title"], {}, CHANGE),
])
def test_what_an_entry_is(action, changed, options, kind) -> None:  # noqa: ANN001
    assert wording.classify(action, changed, **options) == kind
