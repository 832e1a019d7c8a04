"""How dates, money and Markdown are shown; pure functions, used by templates."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import nh3
from babel.dates import format_date as babel_format_date
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}


@lru_cache(maxsize=4096)  # pure; a page of rows shows a few dozen distinct dates, at 12 µs each
def format_due_date(value: date | datetime | None, locale: str) -> str:
    """2026年12月10日（木） in Japanese (full-width parentheses, as in Japanese text), Thu, Dec 10, 2026 in English."""
    if value is None:
        return ""
    if locale.startswith("ja"):
        return babel_format_date(value, "y年M月d日（E）", locale="ja")
    return babel_format_date(value, "EEE, MMM d, y", locale="en")


def format_month(month: str, locale: str, with_year: bool = True) -> str:
    """A "YYYY-MM" month as a reader says it: 2026年12月 (12月 without the
    year), Dec 2026 (Dec): never "26/12", which reads as a day and month."""
    year, number = int(month[:4]), int(month[5:7])
    japanese = locale.startswith("ja")
    if with_year:
        pattern = "y年M月" if japanese else "MMM y"
    else:
        pattern = "M月" if japanese else "MMM"
    return babel_format_date(date(year, number, 1), pattern, locale=locale)


def format_yen(amount: int | float | None) -> str:
    """¥1,234,000 (the half-width sign, as Japanese business documents print it)."""
    if amount is None:
        return ""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,}"


def render_markdown(text: str) -> Markup:
    """Procedure notes as HTML: raw HTML is off in the parser, and nh3 (ammonia)
    strips anything left that could run script, such as javascript: links."""
    html = _markdown.render(text or "")
    clean = nh3.clean(html, tags=_ALLOWED_TAGS, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer")
    return Markup(clean)  # noqa: S704 - sanitised just above
