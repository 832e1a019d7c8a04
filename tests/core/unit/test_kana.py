"""Kana folding for search and 五十音 order (planner.core.kana): the cases the
issue names — 濁音 and 半濁音, the long vowel mark, small kana, katakana vs
hiragana, half-width kana — and the suggested readings of the demo's words."""
from __future__ import annotations

import pytest

from planner.core.kana import (
    KEY_CHARS,
    gojuon_key,
    normalise_for_search,
    normalise_reading,
    reading_to_keep,
    search_text,
    suggest_reading,
)


def in_order(*readings: str) -> list[str]:
    return sorted(readings, key=gojuon_key)


# --- search ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["げんせん", "ゲンセン", "ｹﾞﾝｾﾝ", "ｹﾞﾝｾﾝ ", "げん せん"])
def test_every_way_of_typing_a_reading_folds_alike(typed):
    assert normalise_for_search(typed) == "ゲンセン"


def test_half_width_voiced_kana_become_one_full_width_character():
    assert normalise_for_search("ﾊﾟﾝ") == "パン"
    assert len(normalise_for_search("ｶﾞ")) == 1


def test_the_long_vowel_mark_stays_so_that_words_differing_by_it_do_not_match():
    assert normalise_for_search("コーヒー") == "コーヒー"
    assert normalise_for_search("ｺｰﾋｰ") == "コーヒー"
    assert normalise_for_search("こーひー") == "コーヒー"


def test_latin_letters_fold_case_and_full_width():
    assert normalise_for_search("ＰａｙＲｏｌｌ") == normalise_for_search("payroll") == "payroll"


def test_kanji_are_kept_and_hiragana_inside_a_title_fold():
    assert normalise_for_search("源泉所得税の納付") == "源泉所得税ノ納付"


def test_the_search_text_holds_each_part_on_its_own_line():
    assert search_text("源泉所得税の納付", "ゲンセンショトクゼイノノウフ", "") == (
        "源泉所得税ノ納付\nゲンセンショトクゼイノノウフ")


# --- readings -------------------------------------------------------------------


def test_a_reading_is_stored_in_full_width_katakana_with_one_full_width_space():
    assert normalise_reading("やまだ  たろう") == "ヤマダ\u3000タロウ"
    assert normalise_reading("ﾔﾏﾀﾞ ﾀﾛｳ") == "ヤマダ\u3000タロウ"
    assert normalise_reading(" ") == ""


@pytest.mark.parametrize(("text", "reading"), [
    ("住民税", "ジュウミンゼイ"),
    ("年末調整", "ネンマツチョウセイ"),
    ("源泉所得税の納付", "ゲンセンショトクゼイノノウフ"),
    ("勤怠", "キンタイ"),
    ("佐藤花子", "サトウハナコ"),
    ("山田 太郎", "ヤマダ\u3000タロウ"),
])
def test_readings_are_suggested_in_katakana(text, reading):
    assert suggest_reading(text) == reading


def test_nothing_is_suggested_for_nothing():
    assert suggest_reading("  ") == ""


def test_a_reading_given_is_kept_and_an_empty_one_suggested():
    assert reading_to_keep("げんせん", "源泉") == "ゲンセン"
    assert reading_to_keep("", "勤怠") == "キンタイ"


def test_a_suggested_reading_follows_a_new_name_but_a_corrected_one_stays():
    assert reading_to_keep("ジュウミンゼイ", "勤怠", "住民税", "ジュウミンゼイ") == "キンタイ"
    # Someone wrote this reading by hand: a new title does not overwrite it.
    assert reading_to_keep("スミタミゼイ", "勤怠", "住民税", "スミタミゼイ") == "スミタミゼイ"
    # The same name: the reading is the one given.
    assert reading_to_keep("ジュウミンゼイ", "住民税", "住民税", "ジュウミンゼイ") == "ジュウミンゼイ"


# --- 五十音 order ---------------------------------------------------------------


def test_the_demo_titles_sort_by_their_readings_not_their_code_points():
    titles = {"住民税": "ジュウミンゼイ", "勤怠": "キンタイ", "年末調整": "ネンマツチョウセイ",
              "源泉所得税": "ゲンセンショトクゼイ"}
    assert sorted(titles) == ["住民税", "勤怠", "年末調整", "源泉所得税"]  # code points
    assert sorted(titles, key=lambda t: gojuon_key(titles[t])) == [
        "勤怠", "源泉所得税", "住民税", "年末調整"]


def test_the_rows_of_the_gojuon_table_come_in_order():
    assert in_order("ん", "わ", "ら", "や", "ま", "は", "な", "た", "さ", "か", "あ") == [
        "あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ", "ん"]


def test_a_voiced_kana_sorts_after_its_unvoiced_one_and_before_the_next_kana():
    assert in_order("き", "が", "か") == ["か", "が", "き"]
    assert in_order("ぱ", "は", "ば", "ひ") == ["は", "ば", "ぱ", "ひ"]
    assert in_order("ヴ", "ウ", "エ") == ["ウ", "ヴ", "エ"]


def test_voicing_decides_only_between_readings_otherwise_the_same():
    # がい reads as かい first: before かき, as in a dictionary.
    assert in_order("かき", "がい", "かい") == ["かい", "がい", "かき"]


def test_small_kana_sort_as_their_large_ones_and_just_before_them():
    assert in_order("しよう", "しょう", "しゆ") == ["しゆ", "しょう", "しよう"]
    assert in_order("きつね", "きって") == ["きって", "きつね"]


def test_the_long_vowel_mark_sorts_as_the_vowel_it_lengthens():
    assert in_order("カイ", "カー", "カア", "カン") == ["カア", "カー", "カイ", "カン"]
    assert in_order("コーヒー", "コウ", "コオリ") == ["コウ", "コーヒー", "コオリ"]


def test_katakana_and_hiragana_sort_alike():
    assert gojuon_key("げんせん") == gojuon_key("ゲンセン")


def test_half_width_katakana_sort_as_full_width():
    assert gojuon_key("ｹﾞﾝｾﾝ") == gojuon_key("ゲンセン")
    assert gojuon_key("ｶｰ") == gojuon_key("カー")


def test_a_reading_comes_before_the_longer_readings_it_begins():
    assert in_order("かき", "か", "か1", "かa") == ["か", "か1", "かa", "かき"]


def test_latin_letters_and_digits_come_before_kana_and_kanji_after():
    assert in_order("漢", "カ", "A", "1") == ["1", "A", "カ", "漢"]


def test_spaces_and_the_middle_dot_are_not_read():
    assert gojuon_key("ヤマダ\u3000タロウ") == gojuon_key("ヤマダタロウ")
    assert gojuon_key("ジョン・スミス") == gojuon_key("ジョンスミス")


def test_the_key_is_hexadecimal_so_any_database_collation_orders_it_alike():
    key = gojuon_key("ゲンセン ｼｮﾄｸｾﾞｲ abc 漢字")
    assert set(key) <= set("0123456789abcdef")


def test_the_key_reads_only_the_first_characters():
    long = "ア" * (KEY_CHARS + 10)
    assert gojuon_key(long) == gojuon_key(long + "イ")
