"""`planner events preview TYPE DATE`: one step a line with the due date last,
against the company's calendar as stored (closures move the steps before the
event) and the authorities' calendar for the law's dates; bad input is exit 1
with a message on stderr, a missing argument exit 2."""
from __future__ import annotations

from datetime import date

from planner.calendar import operations as calendar_service
from planner.core.extensions import db


def _lines(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def test_a_leaving_prints_each_step_with_its_due_date_last(runner, world):
    result = runner.invoke(args=["events", "preview", "leave", "2027-03-31"])
    assert result.exit_code == 0, result.output
    lines = _lines(result.output)
    assert [(line[0], line[-1]) for line in lines] == [
        ("insurance-card-return", "2027-04-02"),
        ("health-pension-loss", "2027-04-05"),
        ("employment-insurance-loss", "2027-04-12"),
        ("separation-certificate", "2027-04-12"),
        ("withholding-slip-leaver", "2027-04-30"),
        ("resident-tax-transfer", "2027-04-12"),
        ("accounts-removal", "2027-03-31"),
    ]
    assert lines[1][1] == "健康保険・厚生年金保険 被保険者資格喪失届の提出"


def test_someone_not_insured_gets_no_insurance_steps(runner, world):
    result = runner.invoke(args=["events", "preview", "hire", "2027-04-01",
                                 "--employee-insured", "no"])
    assert result.exit_code == 0, result.output
    assert [line[0] for line in _lines(result.output)] == [
        "employment-contract", "accounts-and-equipment", "resident-tax-special-collection"]
    insured = runner.invoke(args=["events", "preview", "hire", "2027-04-01"])
    assert "employment-insurance-enrolment\t雇用保険被保険者資格取得届の提出\t2027-05-10" in (
        insured.output.splitlines())


def test_steps_before_the_event_follow_the_company_closures(app, runner, world):
    with app.app_context():
        calendar_service.add_closed_day("棚卸休業", date(2027, 7, 5), date(2027, 7, 6), False)
        db.session.commit()
    result = runner.invoke(args=["events", "preview", "bonus", "2027-07-09"])
    assert result.exit_code == 0, result.output
    dues = {line[0]: line[-1] for line in _lines(result.output)}
    # Three business days before Friday 9 July: 8, 7, then (5–6 closed) Friday 2 July.
    assert dues["bonus-calculation"] == "2027-07-02"
    # The law's date ignores the company's closures.
    assert dues["bonus-payment-report"] == "2027-07-14"


def test_an_unknown_type_or_a_bad_date_is_exit_1_on_stderr(runner, world):
    unknown = runner.invoke(args=["events", "preview", "wedding", "2027-04-01"])
    assert unknown.exit_code == 1
    assert "unknown event type 'wedding'" in unknown.stderr
    assert unknown.stdout == ""
    for bad in ("2027-02-30", "1.4.2027", "2027-4-1", "20270401", "9999-01-01"):
        result = runner.invoke(args=["events", "preview", "hire", bad])
        assert result.exit_code == 1, bad
        assert "bad date" in result.stderr, bad
        assert result.stdout == ""


def test_a_missing_argument_is_a_usage_error(runner, world):
    result = runner.invoke(args=["events", "preview", "hire"])
    assert result.exit_code == 2
    bad_option = runner.invoke(args=["events", "preview", "hire", "2027-04-01",
                                     "--employee-insured", "maybe"])
    assert bad_option.exit_code == 2
