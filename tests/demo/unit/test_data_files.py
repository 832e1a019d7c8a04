"""The hand-edited data files (tasks/catalogue.toml, demo/demo.toml): the facts users rely on.

A slip in either file is not caught by the type checker any more, so these read the shipped
files and check what a wrong edit would break: legal bases, due days, who owns what.
"""
from __future__ import annotations

import pytest

from planner.calendar.recurrence import PRESETS
from planner.demo import loader as demo
from planner.tasks import catalogue
from planner.tasks.domain import CATEGORIES, CRITICALITIES, LEVELS, OWNER_ROLES

# --- Catalogue of statutory deadlines --------------------------------------------------------

_BY_KEY = {entry["key"]: entry for entry in catalogue.ENTRIES}


def test_withholding_tax_is_due_on_the_10th_under_its_legal_basis():
    entry = _BY_KEY["withholding-tax-monthly"]
    assert entry["legal_basis"] == {"ja": "所得税法第183条第1項",
                                    "en": "Income Tax Act, Art. 183, para. 1"}
    assert (entry["preset"], entry["day"], entry["month"]) == ("monthly_day", 10, None)
    # A national-tax deadline on a holiday moves to the next business day, not the previous.
    assert entry["shift"] == "next"
    assert entry["category"] == "tax" and entry["department"] == "payroll"
    assert entry["lead_days"] == [5, 2, 0]


def test_the_fiscal_year_returns_keep_their_keys_and_cite_every_tax():
    final = _BY_KEY["corporate-tax-final-return"]
    assert "地方法人税法" in final["legal_basis"]["ja"] and "地方税法" in final["legal_basis"]["ja"]
    assert final["fiscal"] == {"months_after_year_end": 2, "day": "end",
                               "extension": "corporation_tax"}
    assert _BY_KEY["consumption-tax-final-return"]["fiscal"]["extension"] == "consumption_tax"
    # Deadlines that run from an event say so instead of pretending to a date.
    assert _BY_KEY["bonus-payment-report"]["per_event"] == "bonus_payment"
    assert _BY_KEY["withholding-slip-leavers"]["per_event"] == "leaving"
    assert _BY_KEY["payroll-payment"]["deadline_basis"] == "internal"


def test_special_withholding_schedule_is_due_10_july_and_20_january():
    assert (_BY_KEY["withholding-tax-special-jan-jun"]["month"],
            _BY_KEY["withholding-tax-special-jan-jun"]["day"]) == (7, 10)
    assert (_BY_KEY["withholding-tax-special-jul-dec"]["month"],
            _BY_KEY["withholding-tax-special-jul-dec"]["day"]) == (1, 20)


def test_every_deadline_keeps_its_source_and_text_in_both_languages():
    assert len(catalogue.ENTRIES) == len(_BY_KEY) == 49  # keys are unique
    for entry in catalogue.ENTRIES:
        for field in ("title", "legal_basis", "description"):
            assert set(entry[field]) == {"ja", "en"}, (entry["key"], field)
            assert all(text.strip() for text in entry[field].values()), (entry["key"], field)


@pytest.mark.parametrize("entry", catalogue.ENTRIES, ids=lambda entry: entry["key"])
def test_every_deadline_has_the_schedule_fields_its_preset_needs(entry):
    assert entry["preset"] in PRESETS
    assert entry["category"] in CATEGORIES and entry["criticality"] in CRITICALITIES
    needed = {"monthly_day": {"day"}, "yearly": {"day", "month"}, "quarterly": {"day", "month"},
              "weekly": {"weekday"}, "business_day": {"business_day"}, "custom": {"rrule"},
              "month_end": set()}[entry["preset"]]
    given = {f for f in ("day", "month", "weekday", "business_day", "rrule") if entry[f] is not None}
    assert given == needed
    assert entry["shift"] in ("next", "previous", "none")
    assert entry["lead_days"] and all(isinstance(d, int) and d >= 0 for d in entry["lead_days"])
    # A source is the authority's page or nothing: never a guess, never a bare word.
    assert entry["source"] == "" or entry["source"].startswith(("https://", "http://"))
    assert entry["deadline_basis"] in ("statutory", "internal")


def test_a_misspelt_catalogue_field_fails_at_load_instead_of_reading_as_none():
    text = ('[[entries]]\nkey = "x"\ntitle.ja = "t"\nlegal_basis.ja = "l"\ndescription.ja = "d"\n'
            'category = "tax"\ncriticality = "high"\ndepartment = "payroll"\n'
            'effort_minutes = 1\npreset = "monthly_day"\ndya = 10\nshift = "next"\n'
            'lead_days = [0]\n')
    with pytest.raises(ValueError, match=r"unknown fields \['dya'\]"):
        catalogue.load(text)
    assert catalogue.load(text.replace("dya", "day"))[0]["day"] == 10


# --- Demo back office ------------------------------------------------------------------------

_EMAILS = {person["email"] for person in demo.PEOPLE}
_DEPARTMENTS = {department["code"] for department in demo.DEPARTMENTS}


def test_the_documented_demo_accounts_come_first_with_their_roles():
    # The login page and the README list the first four people as the demo accounts.
    assert [(p["email"], p["role"]) for p in demo.PEOPLE[:4]] == [
        ("takahashi.makoto@example.co.jp", "admin"), ("suzuki.ichiro@example.co.jp", "manager"),
        ("sato.hanako@example.co.jp", "staff"), ("tanaka.misaki@example.co.jp", "staff")]
    assert (len(demo.DEPARTMENTS), len(demo.PEOPLE), len(demo.TASKS)) == (4, 25, 64)


def test_every_demo_person_is_unique_and_in_existing_departments():
    assert len(_EMAILS) == len(demo.PEOPLE)
    for person in demo.PEOPLE:
        assert person["departments"] and set(person["departments"]) <= _DEPARTMENTS, person
        assert person["language"] in ("ja", "en")


def test_every_demo_task_owner_is_a_demo_person_and_each_task_has_one_primary():
    assert len({task["code"] for task in demo.TASKS}) == len(demo.TASKS)
    for task in demo.TASKS:
        assert task["department"] in _DEPARTMENTS, task["code"]
        assert task["owners"], task["code"]
        for owner in task["owners"]:
            email, role, level = owner
            assert isinstance(owner, tuple)  # the loader unpacks (email, role, level)
            assert email in _EMAILS, (task["code"], email)
            assert role in OWNER_ROLES and level in LEVELS, (task["code"], owner)
        assert [role for _, role, _ in task["owners"]].count("primary") == 1, task["code"]


def test_demo_tasks_from_the_catalogue_name_an_existing_entry():
    keyed = {task["code"]: task["catalogue_key"] for task in demo.TASKS if task["catalogue_key"]}
    assert set(keyed.values()) <= set(_BY_KEY)
    assert keyed["ACC-007"] == "corporate-tax-final-return"
    assert keyed["PAY-005"] == "withholding-tax-monthly"
    assert "PAY-003" not in keyed  # the company's own payday is not a catalogue copy


def test_every_demo_task_has_exactly_one_schedule_and_a_known_category():
    for task in demo.TASKS:
        assert (task["rrule"] is None) != (task["business_day"] is None), task["code"]
        assert task["category"] in CATEGORIES and task["criticality"] in CRITICALITIES
        assert isinstance(task["legal_basis"], str)  # "" where none applies, never None


def test_the_demos_overdue_tasks_exist_and_march_closing_is_there():
    codes = {task["code"] for task in demo.TASKS}
    assert set(demo.OVERDUE_CODES) <= codes
    closing = next(task for task in demo.TASKS if task["code"] == "ACC-018")
    assert closing["rrule"] == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31"
    assert closing["legal_basis"] == "会社法第432条第1項"
