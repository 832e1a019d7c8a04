"""Rules about people: the password policy, when a session holds."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from planner.people.domain import check_password, session_holds


def _said(message) -> str | None:  # noqa: ANN001 - a Message or None
    # The English text the person reads (the msgid the translations are keyed on).
    return message.render() if message is not None else None


def test_password_policy_is_length_not_composition_and_refuses_the_obvious():
    assert check_password("short") is not None
    assert check_password("correct horse battery") is None
    assert check_password("qwertyuiop") is not None  # a common one
    assert check_password("aaaaabbbbb") is not None  # too few distinct characters
    assert check_password("sato.hanako-2026", email="sato.hanako@example.co.jp") is not None
    assert check_password("佐藤花子のパスワード", name="佐藤 花子") is not None
    assert check_password("x" * 257) is not None


def test_ten_characters_are_enough_and_nine_are_not():
    assert check_password("tokyo-2026") is None
    assert _said(check_password("tokyo-202")) == "Use at least 10 characters."


def test_up_to_256_characters_are_accepted():
    long = "correct horse battery staple " * 9  # 261 characters, many distinct ones
    assert check_password(long[:256]) is None
    assert _said(check_password(long[:257])) == "Use at most 256 characters."


def test_four_distinct_characters_are_enough_and_three_are_not():
    assert check_password("abcdabcdab") is None
    assert _said(check_password("abcabcabca")) == (
        "This password is too common or too easy to guess; choose another.")


def test_the_whole_address_is_refused_even_when_its_local_part_is_short():
    # "ito" alone is too short to count, so a password may contain it ...
    assert check_password("ditto horse battery", email="ito@example.jp") is None
    # ... but not the whole address, whatever its case.
    assert _said(check_password("ITO@example.jp-2026", email="ito@example.jp")) == (
        "Do not use your e-mail address or name in the password.")


def test_a_romanised_name_is_refused_whatever_its_case():
    assert check_password("SatoHanako-2026", name="Sato Hanako") is not None


def test_a_name_written_with_a_full_width_space_is_refused_too():
    assert check_password("佐藤花子のパスワード", name="佐藤\u3000花子") is not None


def test_without_an_address_or_name_nothing_counts_as_personal():
    assert check_password("maxxxxed out battery") is None


SIGN_IN = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
LIFETIME, IDLE = timedelta(hours=12), timedelta(minutes=120)


def _holds(after: timedelta, seen_before: timedelta = timedelta(0),
           ended: datetime | None = None) -> bool:
    now = SIGN_IN + after
    return session_holds(SIGN_IN, now - seen_before, ended, now, LIFETIME, IDLE)


def test_a_session_holds_up_to_its_lifetime_from_sign_in_however_busy():
    assert _holds(timedelta(hours=11, minutes=59, seconds=59))
    assert not _holds(LIFETIME)  # seen a moment ago, still over
    assert not _holds(LIFETIME + timedelta(seconds=1))


def test_a_session_unused_for_the_idle_time_is_over():
    assert _holds(timedelta(hours=3), seen_before=IDLE - timedelta(seconds=1))
    assert not _holds(timedelta(hours=3), seen_before=IDLE)


def test_an_ended_session_is_over_at_once():
    assert not _holds(timedelta(minutes=1), ended=SIGN_IN + timedelta(seconds=30))
