"""`planner preview-dates` tells which months a rule skips, on stderr after the
dates, so that a script reading one date a line from stdout reads the same."""
from __future__ import annotations


def test_the_months_a_rule_skips_are_told_after_the_dates(runner):
    result = runner.invoke(args=["preview-dates", "--rrule", "FREQ=MONTHLY;BYMONTHDAY=31",
                                 "--start", "2027-01-01", "--count", "4"])
    assert result.exit_code == 0, result.output
    assert [line.split()[-1] for line in result.stdout.splitlines()] == [
        "2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"]
    assert result.stderr.splitlines() == [
        "note: 2027年2月は31日がないため、この月はスキップされます。",
        "note: 2027年4月は31日がないため、この月はスキップされます。",
        "note: 2027年6月は31日がないため、この月はスキップされます。"]


def test_a_rule_that_skips_nothing_adds_nothing(runner):
    result = runner.invoke(args=["preview-dates", "--rrule",
                                 "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
                                 "--start", "2027-01-01", "--count", "3"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert [line.split()[-1] for line in result.stdout.splitlines()] == [
        "2027-01-31", "2027-02-28", "2027-03-31"]
