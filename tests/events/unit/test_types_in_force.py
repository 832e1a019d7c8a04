"""The event types in force (domain tier): the shipped types with an
administrator's changes on top, and what must be right in a step they write."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.events.domain import (
    EventType,
    RelativeDeadline,
    StepSetting,
    StepTemplate,
    TypeSetting,
    step_problems,
    with_settings,
)


def step(key: str, **changes) -> StepTemplate:  # noqa: ANN003
    base = StepTemplate(
        key=key, title_ja=f"{key}の手続", title_en=f"{key} procedure", legal_basis_ja="",
        legal_basis_en="", department="hr", category="labour", effort_minutes=30,
        deadline=RelativeDeadline(kind="within_days", n=5), when=None,
        source="日本年金機構「…5日以内」", url="", seen_on=date(2026, 12, 6))
    return replace(base, **changes)


SHIPPED = [
    EventType(key="hire", title_ja="入社", title_en="Hire",
              steps=(step("contract"), step("enrolment"), step("insurance"))),
    EventType(key="leave", title_ja="退職", title_en="Leaving", steps=(step("loss"),)),
]


def keys(event_type: EventType) -> list[str]:
    return [s.key for s in event_type.steps]


def test_without_settings_the_shipped_types_are_in_force_as_they_are():
    found = with_settings(SHIPPED, [], [])
    assert found == SHIPPED
    assert [t.origin for t in found] == ["shipped", "shipped"]
    assert {s.origin for t in found for s in t.steps} == {"shipped"}


def test_an_edited_shipped_step_keeps_its_place_and_says_it_was_changed():
    edited = step("enrolment", effort_minutes=45, title_ja="資格取得届（電子申請）")
    hire, leave = with_settings(SHIPPED, [], [StepSetting("hire", edited)])
    assert keys(hire) == ["contract", "enrolment", "insurance"]
    assert hire.steps[1] == replace(edited, origin="edited")
    assert hire.origin == "edited"
    assert leave.origin == "shipped"  # a change to one type leaves the others alone


def test_a_disabled_shipped_step_is_no_longer_opened():
    hire, _ = with_settings(SHIPPED, [], [StepSetting("hire", step("enrolment"), disabled=True)])
    assert keys(hire) == ["contract", "insurance"]
    assert hire.origin == "edited"


def test_own_steps_follow_the_shipped_ones_in_their_order():
    settings = [StepSetting("hire", step("pc-return"), position=2),
                StepSetting("hire", step("badge"), position=1),
                StepSetting("hire", step("gone"), position=3, disabled=True)]
    hire, _ = with_settings(SHIPPED, [], settings)
    assert keys(hire) == ["contract", "enrolment", "insurance", "badge", "pc-return"]
    assert [s.origin for s in hire.steps][-2:] == ["own", "own"]


def test_own_types_come_after_the_shipped_ones_with_their_steps():
    types = [TypeSetting("transfer", "部署異動", "Transfer"),
             TypeSetting("secondment", "出向", "Secondment", archived=True)]
    steps = [StepSetting("transfer", step("access-review"), position=1)]
    found = with_settings(SHIPPED, types, steps)
    assert [t.key for t in found] == ["hire", "leave", "transfer", "secondment"]
    transfer, secondment = found[2:]
    assert (transfer.title_ja, transfer.title_en, transfer.origin) == ("部署異動", "Transfer",
                                                                       "own")
    assert keys(transfer) == ["access-review"]
    assert transfer.archived is False
    assert secondment.archived is True and secondment.steps == ()


def test_new_titles_or_putting_a_shipped_type_away_keep_its_steps():
    hire, _ = with_settings(SHIPPED, [TypeSetting("hire", "採用", "Joining", archived=True)], [])
    assert (hire.title_ja, hire.title_en, hire.archived) == ("採用", "Joining", True)
    assert hire.steps == SHIPPED[0].steps
    assert hire.origin == "edited"


def test_a_type_finds_its_step_by_key():
    assert SHIPPED[0].step("enrolment") is SHIPPED[0].steps[1]
    assert SHIPPED[0].step("nothing") is None


def test_a_well_formed_step_has_no_problems():
    assert step_problems(step("pc-return")) == {}
    assert step_problems(step("a")) == {}
    assert step_problems(step("x" * 40)) == {}


KEY = ("Use 1 to 40 lower-case letters, digits, hyphens or underscores, "
       "starting and ending with a letter or digit.")
DEADLINE_N = "Enter 0 or more."
DAY = "Enter a day of the month from 1 to 31."


@pytest.mark.parametrize("changes, field, english", [
    ({"key": ""}, "key", KEY),
    ({"key": "PC返却"}, "key", KEY),
    ({"key": "-pc"}, "key", KEY),
    ({"key": "pc-"}, "key", KEY),
    ({"key": "x" * 41}, "key", KEY),
    ({"title_ja": " "}, "title_ja", "Enter a title."),
    ({"title_en": ""}, "title_en", "Enter a title."),
    ({"effort_minutes": 0}, "effort_minutes",
     "Enter the minutes one occurrence takes (1 or more)."),
    ({"when": "retired"}, "when", "Choose who the step applies to."),
    ({"deadline": RelativeDeadline(kind="someday")}, "deadline_kind",
     "Choose how the deadline is counted."),
    ({"deadline": RelativeDeadline(kind="within_days", n=-1)}, "deadline_n", DEADLINE_N),
    ({"deadline": RelativeDeadline(kind="within_days", n=0, counts_event_day=True)},
     "deadline_n", "A period that counts the event's day lasts at least 1 day."),
    ({"deadline": RelativeDeadline(kind="within_months", n=0)}, "deadline_n",
     "Enter 1 month or more."),
    ({"deadline": RelativeDeadline(kind="day_of_next_month")}, "deadline_day", DAY),
    ({"deadline": RelativeDeadline(kind="day_of_next_month", day=32)}, "deadline_day", DAY),
    ({"deadline": RelativeDeadline(kind="day_of_next_month", day=0)}, "deadline_day", DAY),
    ({"deadline": RelativeDeadline(kind="business_days_before", n=3, statutory=True)},
     "statutory", "Business days before the event are the company's own target: "
                  "a law's deadline is counted after the event."),
    ({"source": "  "}, "source", "Say where the law sets this deadline (the authority's page "
                                 "or the article), so that others can check it."),
    ({"url": "www.nenkin.go.jp"}, "url", "Enter an address starting with https:// or http://."),
])
def test_what_a_step_needs_is_named_by_its_field_and_said_in_words(changes, field, english):
    problems = step_problems(replace(step("pc-return"), **changes))
    assert {name: [m.render() for m in messages] for name, messages in problems.items()} == {
        field: [english]}


def test_a_step_with_several_problems_hears_each_next_to_its_field():
    problems = step_problems(replace(step("pc-return"), title_ja="", title_en=" ",
                                     deadline=RelativeDeadline(kind="within_months", n=-1)))
    assert {name: [m.render() for m in messages] for name, messages in problems.items()} == {
        "title_ja": ["Enter a title."], "title_en": ["Enter a title."],
        "deadline_n": [DEADLINE_N, "Enter 1 month or more."]}


@pytest.mark.parametrize("changes", [
    {"effort_minutes": 1},
    {"deadline": RelativeDeadline(kind="within_days", n=0)},
    {"deadline": RelativeDeadline(kind="within_days", n=1, counts_event_day=True)},
    {"deadline": RelativeDeadline(kind="within_months", n=1)},
    {"deadline": RelativeDeadline(kind="day_of_next_month", day=1)},
])
def test_the_smallest_values_a_step_may_take_are_accepted(changes):
    assert step_problems(replace(step("pc-return"), **changes)) == {}


def test_a_company_target_needs_no_source_and_a_day_31_is_a_months_end():
    internal = step("pc-return", source="",
                    deadline=RelativeDeadline(kind="business_days_before", n=1, statutory=False))
    assert step_problems(internal) == {}
    month_end = step("report", deadline=RelativeDeadline(kind="day_of_next_month", day=31))
    assert step_problems(month_end) == {}
    assert step_problems(step("report", url="http://example.jp/")) == {}
    assert step_problems(step("report", url="https://www.nenkin.go.jp/service/")) == {}


def test_a_source_is_searched_in_vain_only_when_its_note_says_so_and_no_page_is_linked():
    searched = "no authority page found: searched for 月額変更届 提出時期"
    assert step("a", source=searched).source_searched_in_vain
    # The authority's own words, with or without their page, are a source found.
    assert not step("b").source_searched_in_vain
    assert not step("c", url="https://www.nenkin.go.jp/").source_searched_in_vain
    assert not step("d", source=searched, url="https://www.nenkin.go.jp/").source_searched_in_vain
    # Only a note that begins so: an authority's words may mention the phrase.
    assert not step("e", source=f"日本年金機構「…」（{searched}）").source_searched_in_vain
