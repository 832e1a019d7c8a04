"""The Japanese catalogue reads as a Japanese business application writes:
full-width punctuation inside Japanese text (、。：（）！？), and none of the
words a back office would not use (issue 23).

ASCII punctuation is allowed only inside what is not Japanese prose, listed
in ALLOWED below; anything else is reported with the entry it is in."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from conftest import PROJECT

CATALOG = PROJECT / "planner/translations/ja/LC_MESSAGES/messages.po"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")

# What may keep ASCII punctuation inside a Japanese message, and why.
ALLOWED = {
    "placeholder": r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|%[sd]",  # %(name)s, %(hours).0f
    "url": r"https?://[^\s　、。）]*",  # https://example.jp/a?b=c
    "code sample": r"`[^`]*`|\{\"[^}]*\}|\{[^{}]*\}",  # `FREQ=MONTHLY`, {"owners": [...]}
    "e-mail address": r"[\w.+-]+@[\w.-]+",
    "number": r"\d{1,3}(?:,\d{3})+|\d+\.\d+",  # 1,000 and 0.5
    "list of numbers to type": r"\d+(?:, ?\d+)+",  # 例：7, 1, 0 (what the field accepts)
    "numbered step": r"^\d+\. ",  # 1. テンプレートをダウンロード
    "protocol": r"\bhttps?\(s\)",
    "English term": r"\b[A-Za-z][A-Za-z0-9 ./-]*[A-Za-z0-9]\b",  # Slack, Microsoft Teams, e-Tax
}
ASCII_PUNCTUATION = re.compile(r"[,():!?]|\.(?=\s|$)")


def _without_allowed(text: str) -> str:
    for pattern in ALLOWED.values():
        text = re.sub(pattern, "", text)
    return text


def _japanese_strings() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every Japanese text, each plural form apart."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    pairs = ((message.id, message.string) for message in catalog if message.id)
    return [(source if isinstance(source, str) else source[0], text)
            for source, strings in pairs
            for text in (strings if isinstance(strings, tuple) else (strings,))
            if JAPANESE.search(text)]


def ascii_punctuation(text: str) -> list[str]:
    """The ASCII punctuation marks left in Japanese text once the allowed
    patterns are taken out."""
    return ASCII_PUNCTUATION.findall(_without_allowed(text))


@pytest.mark.parametrize(("text", "marks"), [
    ("数値は 1 以上, 31 以下でなければいけません。", [","]),
    ("担当者 (主担当)", ["(", ")"]),
    ("注意: 期限です!", [":", "!"]),
    ("保存しました. ", ["."]),
    ("%(name)s の %(hours).0f時間（%(count)d件）", []),
    ("https://example.jp/a?b=c で確認できます。", []),
    ("合計 1,000円、率 0.5", []),
    ("{\"owners\": [...]} の形で送信してください。", []),
    ("例：7, 1, 0", []),
    ("1. テンプレートをダウンロード", []),
    ("Slack または Microsoft Teams の通知先", []),
])
def test_the_rule_finds_ascii_punctuation_only_in_prose(text, marks):
    assert ascii_punctuation(text) == marks


def test_japanese_messages_use_full_width_punctuation():
    problems = [f"{source!r}: {text!r} ({' '.join(marks)})"
                for source, text in _japanese_strings() if (marks := ascii_punctuation(text))]
    assert problems == []


# Words a back office does not use for these, and the entry that used them.
WRONG_WORDS = {
    "単一障害点": "jargon: 一人しかできない業務 / 一人担当",
    "バス係数": "jargon: 何人休むと業務が止まるか",
    "人事・労務": "the department is 人事労務 everywhere",
    "でなければいけません": "WTForms' wording: 〜してください",
    "フィールド": "a form's 項目",
}


def test_no_wrong_words_in_the_catalogue():
    problems = [f"{source!r}: {text!r} ({why})" for source, text in _japanese_strings()
                for word, why in WRONG_WORDS.items() if word in text]
    assert problems == []


def test_names_and_roles_say_whose():
    """氏名 is a person's name only; 権限 is the account's role only."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    wording = {key: catalog.get(key).string for key in (
        "Name", "Department name", "Closure name", "Inventory name", "Token name",
        "Role", "Owner role", "Saved by", "Bus factor")}
    assert wording == {
        "Name": "氏名", "Department name": "部署名", "Closure name": "名称",
        "Inventory name": "棚卸の名称", "Token name": "トークン名",
        "Role": "権限", "Owner role": "担当区分", "Saved by": "更新者",
        "Bus factor": "何人休むと業務が止まるか",
    }
