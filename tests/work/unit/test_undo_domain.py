"""Undoing a tick-off on "my work", the pure rule: one's own done (or hand-over
for review), unchanged since to the second, for ten minutes. Fixed instants,
never the clock; the instant has microseconds, as the browser remembers them."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from planner.work.domain import UNDO_WINDOW, TickOff, undo_allowed

AT = datetime(2026, 12, 7, 0, 30, 15, 250_000, tzinfo=timezone.utc)
ME, COLLEAGUE = 7, 8
DONE = TickOff("done", ME, AT)
SOON = AT + timedelta(minutes=2)


def test_the_window_is_ten_minutes() -> None:
    assert UNDO_WINDOW == timedelta(minutes=10)


def test_ones_own_done_can_be_undone_up_to_exactly_ten_minutes_later() -> None:
    assert undo_allowed(DONE, DONE, ME, AT)
    assert undo_allowed(DONE, DONE, ME, SOON)
    assert undo_allowed(DONE, DONE, ME, AT + timedelta(minutes=9, seconds=59))
    assert undo_allowed(DONE, DONE, ME, AT + timedelta(minutes=10))


def test_past_ten_minutes_it_can_no_longer_be_undone() -> None:
    assert not undo_allowed(DONE, DONE, ME, AT + timedelta(minutes=10, seconds=1))
    assert not undo_allowed(DONE, DONE, ME, AT + timedelta(minutes=10, microseconds=1))
    assert not undo_allowed(DONE, DONE, ME, AT + timedelta(hours=1))
    assert not undo_allowed(DONE, DONE, ME, AT + timedelta(days=1))


def test_a_hand_over_for_review_can_be_undone_the_same_way() -> None:
    prepared = TickOff("prepared", ME, AT)
    assert undo_allowed(prepared, prepared, ME, SOON)
    assert undo_allowed(prepared, prepared, ME, AT + UNDO_WINDOW)
    assert not undo_allowed(prepared, prepared, ME, AT + UNDO_WINDOW + timedelta(seconds=1))


def test_a_skip_is_not_undone_nor_anything_but_done_or_prepared() -> None:
    # A skip ends the offer on my work; the rule refuses it too, even unchanged and at once.
    for status in ("skipped", "open", "cancelled"):
        same = TickOff(status, ME, AT)
        assert not undo_allowed(same, same, ME, SOON), status


def test_only_the_person_who_ticked_it_off_may_undo_it() -> None:
    # Someone else signed in on the same browser.
    assert not undo_allowed(DONE, DONE, COLLEAGUE, SOON)
    # A colleague ticked it off again within the same second: the person changed.
    assert not undo_allowed(TickOff("done", COLLEAGUE, AT), DONE, ME, SOON)
    # The tick-off remembered was a colleague's, whatever the occurrence shows now.
    assert not undo_allowed(DONE, TickOff("done", COLLEAGUE, AT), ME, SOON)
    # Nobody recorded as having done it (an import): nobody's to undo.
    anonymous = TickOff("done", None, AT)
    assert not undo_allowed(anonymous, anonymous, ME, SOON)


def test_any_change_since_ends_the_offer() -> None:
    # Reopened and ticked off again, by the same person: another moment.
    assert not undo_allowed(TickOff("done", ME, AT + timedelta(seconds=30)), DONE, ME, SOON)
    assert not undo_allowed(TickOff("done", ME, AT + timedelta(seconds=1)), DONE, ME, SOON)
    # Done became prepared (or the other way round) within the same second.
    assert not undo_allowed(TickOff("prepared", ME, AT), DONE, ME, SOON)
    assert not undo_allowed(DONE, TickOff("prepared", ME, AT), ME, SOON)
    # Reopened: open again, nobody, no moment.
    assert not undo_allowed(TickOff("open", None, None), DONE, ME, SOON)


def test_the_moment_is_compared_to_the_second() -> None:
    # The database may keep fewer digits than the browser remembered.
    assert undo_allowed(TickOff("done", ME, AT.replace(microsecond=0)), DONE, ME, SOON)
    assert undo_allowed(DONE, TickOff("done", ME, AT.replace(microsecond=0)), ME, SOON)
    assert undo_allowed(TickOff("done", ME, AT.replace(microsecond=999_999)),
                        TickOff("done", ME, AT.replace(microsecond=1)), ME, SOON)


def test_a_tick_off_without_its_moment_cannot_be_undone() -> None:
    # The browser lost the moment, or the occurrence never had one.
    assert not undo_allowed(DONE, TickOff("done", ME, None), ME, SOON)
    assert not undo_allowed(TickOff("done", ME, None), DONE, ME, SOON)
