"""event_types.toml: the shipped event types with the steps other parts rely on,
every deadline with its source, and a broken file refused at start-up with the
place named."""
from __future__ import annotations

from datetime import date

import pytest

from planner.events.shipped import EventTypesError, load, shipped_type, shipped_types
from planner.tasks.domain import CATEGORIES

GOOD_STEP = """\
[[types.steps]]
key = "report"
title.ja = "届出"
title.en = "Report"
legal_basis.ja = "第1条"
legal_basis.en = "Art. 1"
department = "hr"
category = "social_insurance"
effort_minutes = 30
deadline = { kind = "within_days", n = 5 }
source = "no authority page found: searched for it"
url = ""
seen_on = 2026-12-06
"""
GOOD = f"""\
[[types]]
key = "hire"
title.ja = "入社"
title.en = "Hire"

{GOOD_STEP}"""


def test_the_nine_event_types_in_file_order():
    assert [each.key for each in shipped_types()] == [
        "hire", "leave", "bonus", "maternity_leave", "childcare_leave", "pay_change",
        "address_change", "dependant_change", "work_injury"]


def test_the_step_keys_other_parts_rely_on():
    def keys(type_key: str) -> set[str]:
        return {step.key for step in shipped_type(type_key).steps}

    assert "employment-insurance-enrolment" in keys("hire")
    assert {"employment-insurance-loss", "separation-certificate", "withholding-slip-leaver",
            "resident-tax-transfer"} <= keys("leave")
    assert "bonus-payment-report" in keys("bonus")
    assert shipped_type("holiday") is None


def test_every_step_says_where_its_deadline_comes_from():
    for each in shipped_types():
        assert each.title_ja and each.title_en
        for step in each.steps:
            assert step.category in CATEGORIES
            assert step.seen_on == date(2026, 12, 6)
            assert step.url == "" or step.url.startswith(("https://", "http://"))
            # A step without an authority's page says so (and what was searched), or is the
            # company's own.
            assert step.url or step.source.startswith(("no authority page found",
                                                        "internal step")), step.key
            if step.source.startswith("internal step"):
                assert not step.deadline.statutory, step.key


def test_the_insurance_steps_depend_on_the_employee():
    when = {step.key: step.when for each in shipped_types() for step in each.steps}
    assert when["employment-insurance-enrolment"] == "employment_insurance_insured"
    assert when["separation-certificate"] == "employment_insurance_insured"
    assert when["health-pension-enrolment"] == "health_pension_insured"
    assert when["withholding-slip-leaver"] is None


def test_a_good_file_loads():
    [hire] = load(GOOD)
    assert hire.key == "hire" and hire.title_en == "Hire"
    [step] = hire.steps
    assert (step.key, step.deadline.kind, step.deadline.n, step.when) == (
        "report", "within_days", 5, None)


@pytest.mark.parametrize(("change", "message"), [
    (("department = \"hr\"", "department = \"sales\""), "step 'report': department 'sales'"),
    (("category = \"social_insurance\"", "category = \"fun\""), "category 'fun'"),
    (("kind = \"within_days\", n = 5", "kind = \"weeks\", n = 5"), "unknown kind 'weeks'"),
    (("kind = \"within_days\", n = 5", "kind = \"business_days_before\", n = 5"),
     "not statutory"),
    (("kind = \"within_days\", n = 5", "kind = \"within_days\", n = \"5\""),
     "wrong type"),
    (("kind = \"within_days\", n = 5", "kind = \"within_days\", n = 5, weeks = 1"),
     "unknown fields ['weeks']"),
    (("source = \"no authority page found: searched for it\"", "source = \" \""),
     "source must say"),
    (("url = \"\"", "url = \"nenkin.go.jp\""), "url must be"),
    (("seen_on = 2026-12-06", "seen_on = \"yesterday\""), "seen_on must be a date"),
    (("effort_minutes = 30", "effort_minutes = 0"), "effort_minutes"),
    (("effort_minutes = 30", "effort_minutes = 30\nwhen = \"married\""), "when 'married'"),
    (("legal_basis.en = \"Art. 1\"\n", ""), "legal_basis needs a non-empty ja and en"),
    (("url = \"\"\n", ""), "missing fields ['url']"),
])
def test_a_broken_file_names_the_type_and_the_step(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(EventTypesError) as caught:
        load(GOOD.replace(old, new))
    assert "type 'hire'" in str(caught.value)
    assert message in str(caught.value)


def test_repeated_keys_and_empty_types_are_refused():
    with pytest.raises(EventTypesError, match="step keys repeat"):
        load(GOOD + "\n" + GOOD_STEP)
    with pytest.raises(EventTypesError, match="event type keys repeat"):
        load(GOOD + "\n" + GOOD)
    with pytest.raises(EventTypesError, match="at least one step"):
        load(GOOD.split("[[types.steps]]")[0])
    with pytest.raises(EventTypesError, match="only \\[\\[types\\]\\]"):
        load("title = 'x'")
    with pytest.raises(EventTypesError, match="event_types.toml"):
        load("[[types]\n")
