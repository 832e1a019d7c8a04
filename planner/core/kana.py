"""Readings (フリガナ), 五十音 order and kana-insensitive search, pure.

A Japanese list is read in the order of its readings, not of the code points
of its kanji (源泉 < 住民税 < 勤怠 by code point; きんたい < げんせん <
じゅうみんぜい by 五十音). A search must find a title whether it is typed in
kanji, hiragana, katakana or half-width katakana. Readings are suggested with
pykakasi (its own dictionary, no MeCab to install); the folding is NFKC and
jaconv."""
from __future__ import annotations

import re
import unicodedata
from functools import cache

import jaconv
import pykakasi

# The 清音 in 五十音 order: each one's place is its primary weight; a voiced
# (が), semi-voiced (ぱ) or small (ゃ) kana weighs as its base kana and
# differs only at the next levels, as in JIS X 4061 and in dictionaries.
GOJUON = ("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ"
          "ヤユヨラリルレロワヰヱヲン")
_VOWEL_ROWS = {"ア": "アカサタナハマヤラワ", "イ": "イキシチニヒミリヰ", "ウ": "ウクスツヌフムユル",
               "エ": "エケセテネヘメレヱ", "オ": "オコソトノホモヨロヲ"}
VOWEL_OF = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}
SMALL = dict(zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ", strict=True))
LONG_MARK = "ー"
_VOICED, _SEMI_VOICED = "\u3099", "\u309a"
# Kana weigh between the other scripts' code points: Latin and digits (below
# U+3000) come first, kanji (from U+4E00) after, as in a Japanese index.
_KANA_BASE = 0x3040
# The key covers the reading's first characters: past them a tie is broken by
# the record's id, and the stored key stays short.
KEY_CHARS = 64
KEY_LENGTH = 6 * KEY_CHARS + 4
READING_MAX = 200
_SPACES = re.compile(r"\s+")
_IGNORED = re.compile(r"[\s・]+")


def normalise_reading(text: str) -> str:
    """A reading as stored: full-width katakana (half-width made full-width by
    NFKC, hiragana folded to katakana), words separated by one full-width space."""
    folded = jaconv.hira2kata(unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", folded).strip().replace(" ", "\u3000")


def normalise_for_search(text: str) -> str:
    """Text folded so that kanji, hiragana, katakana and half-width katakana
    typed for the same word compare equal: NFKC (half-width katakana and
    full-width Latin to their usual forms), hiragana to katakana, case folded,
    and spaces dropped so that ヤマダ　タロウ is found by やまだたろう. The long
    vowel mark stays: コーヒー is not コヒ."""
    folded = jaconv.hira2kata(unicodedata.normalize("NFKC", text)).casefold()
    return _SPACES.sub("", folded)


def search_text(*parts: str) -> str:
    """The stored search column of a record: each part folded, one a line, so
    that a search never matches across two of them."""
    return "\n".join(normalise_for_search(part) for part in parts if part)


@cache
def _kakasi() -> pykakasi.kakasi:
    # Loading the dictionaries takes about a second: once per process.
    return pykakasi.kakasi()


def suggest_reading(text: str) -> str:
    """The reading pykakasi gives a name or title, in katakana (a guess: names
    have several readings, and the person may correct it)."""
    if not text.strip():
        return ""
    kana = "".join(part["kana"] for part in _kakasi().convert(text))
    return normalise_reading(kana)[:READING_MAX]


def reading_to_keep(reading: str, name: str, old_name: str | None = None,
                    old_reading: str | None = None) -> str:
    """The reading to store: the one given, normalised; when none is given,
    or the name changed while the reading was still the old name's suggestion,
    a new suggestion."""
    reading = normalise_reading(reading or "")
    stale = (old_name is not None and old_name != name and reading == normalise_reading(
        old_reading or "") and reading == suggest_reading(old_name))
    return suggest_reading(name) if not reading or stale else reading


def _weights(char: str, previous: str | None) -> tuple[int, int, int]:
    """A character's (primary, voicing, size) weights; the last two decide only
    between readings that are otherwise the same."""
    if char == LONG_MARK and previous in VOWEL_OF:
        # カー reads カア: it sorts with the vowel it lengthens, after it.
        return _KANA_BASE + GOJUON.index(VOWEL_OF[previous]), 1, 3
    base, *marks = unicodedata.normalize("NFD", char)
    voicing = 2 if _VOICED in marks else 3 if _SEMI_VOICED in marks else 1
    size = 1 if base in SMALL else 2
    base = SMALL.get(base, base)
    if base in GOJUON and (not marks or voicing > 1):
        return _KANA_BASE + GOJUON.index(base), voicing, size
    return min(ord(char), 0xFFFF), 1, 2


def gojuon_key(reading: str) -> str:
    """A sort key putting readings in 五十音 order when compared as plain
    strings: か < が < き (voiced after unvoiced, before the next kana),
    small kana as their large ones (しょう before しよう), ー as the vowel it
    lengthens, hiragana as katakana, half-width as full-width. Made only of
    0-9a-f, so a database orders it the same under any collation."""
    # Spaces and the middle dot of a foreign name (ジョン・スミス) are not read.
    folded = _IGNORED.sub("", jaconv.hira2kata(unicodedata.normalize("NFKC", reading)))
    primary, voicing, size = [], [], []
    previous: str | None = None
    for char in folded[:KEY_CHARS]:
        weight, voiced, small = _weights(char, previous)
        primary.append(f"{weight:04x}")
        voicing.append(str(voiced))
        size.append(str(small))
        if char != LONG_MARK:
            base = unicodedata.normalize("NFD", char)[0]
            previous = SMALL.get(base, base)
    # 0000 ends the primary weights: no character weighs that little, so a
    # reading sorts before any longer reading it begins.
    return "".join(primary) + "0000" + "".join(voicing) + "".join(size)
