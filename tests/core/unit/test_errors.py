"""What the domain's errors tell the user: their default messages, in English
and Japanese, the fields they name, and how parameters are filled in."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from conftest import JAPANESE_CATALOG

from planner.core.errors import N_, Conflict, DomainError, Forbidden, NotFound, ValidationError

CATALOG = JAPANESE_CATALOG


def japanese() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id}


@pytest.mark.parametrize(("make", "code", "english"), [
    (DomainError, "error", "The request could not be completed."),
    (Conflict, "conflict", "The request could not be completed."),
    (NotFound, "not_found", "Not found."),
    (Forbidden, "forbidden", "You do not have permission to do this."),
    (lambda: ValidationError({}), "validation_error", "Some fields are not valid."),
])
def test_an_error_raised_without_a_message_says_why_in_english_and_japanese(make, code, english):
    error = make()
    assert error.code == code  # the API's JSON error code
    assert error.message.render() == english
    assert str(error) == english  # what a log line shows
    # A wording that is not in the catalog would reach Japanese users in English.
    catalog = japanese()
    assert catalog.get(english) and error.message.render(catalog.__getitem__) == catalog[english]


@pytest.mark.parametrize("make", [
    DomainError, Conflict, NotFound, Forbidden,
    lambda message: ValidationError({"code": [message]}, message),
])
def test_an_error_keeps_the_message_it_was_raised_with(make):
    message = N_("This task is archived.")
    error = make(message)
    assert error.message == message
    assert str(error) == "This task is archived."


def test_a_single_field_validation_error_names_that_field():
    message = N_("The end must not be before the start.")
    error = ValidationError.single("end_date", message)
    assert error.fields == {"end_date": [message]}
    assert error.message.render() == "Some fields are not valid."


def test_parameters_are_filled_into_the_translated_text():
    message = N_("Due on %(day)s.", day="2027-01-12")
    assert message.render() == "Due on 2027-01-12."
    assert message.render({"Due on %(day)s.": "期限は%(day)sです。"}.__getitem__) == (
        "期限は2027-01-12です。")


def test_a_message_without_parameters_is_shown_as_written_even_with_a_percent_sign():
    assert N_("e.g. 0.03 for 3% a year.").render() == "e.g. 0.03 for 3% a year."
