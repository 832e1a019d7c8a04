from datetime import date

from planner.core.codes import check_code
from planner.core.errors import N_
from planner.core.formatting import format_due_date, format_month, format_yen, render_markdown
from planner.people.domain import check_password


def test_japanese_date_with_weekday():
    assert format_due_date(date(2026, 12, 10), "ja") == "2026年12月10日（木）"
    assert format_due_date(date(2027, 1, 12), "ja") == "2027年1月12日（火）"


def test_english_date():
    assert format_due_date(date(2026, 12, 10), "en") == "Thu, Dec 10, 2026"


def test_yen():
    assert format_yen(1234000) == "¥1,234,000"
    assert format_yen(0) == "¥0"
    assert format_yen(-42000) == "-¥42,000"


def test_markdown_renders_steps_and_strips_script():
    html = render_markdown("1. e-Taxで申告\n2. **期限厳守**\n\n<script>x()</script>")
    assert "<ol>" in html and "<strong>期限厳守</strong>" in html
    assert "<script>" not in html


def test_markdown_links_get_safe_rel():
    html = render_markdown("[国税庁](https://www.nta.go.jp/)")
    assert 'href="https://www.nta.go.jp/"' in html and "noopener" in html


def test_message_render_with_parameters():
    message = N_("Use at least %(min)d characters.", min=10)
    assert message.render() == "Use at least 10 characters."
    assert message.render(lambda s: "%(min)d文字以上") == "10文字以上"


def test_password_rule_is_length():
    assert check_password("short") is not None
    assert check_password("long enough passphrase") is None


def test_task_codes_are_plain():
    assert check_code("PAY-001") is None
    assert check_code("給与-1") is not None
    assert check_code("") is None


def test_a_month_reads_as_a_month_not_a_day():
    assert format_month("2026-12", "ja") == "2026年12月"
    assert format_month("2027-01", "ja", with_year=False) == "1月"
    assert format_month("2026-12", "en") == "Dec 2026"
    assert format_month("2027-01", "en", with_year=False) == "Jan"
