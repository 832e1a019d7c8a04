"""What a Japanese page must not show, read the same way by the page test
(tests/core/http) and the browser test (tests/system): each enumeration's
English labels and raw values, raw system text, and the visible text of a page."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urljoin

from flask import Flask
from flask_babel import force_locale
from flask_babel.speaklater import LazyString

ENUMERATION_MODULES = ("planner.core.labels", "planner.employees.forms")
# Shown as they are in both languages: product names and the language
# switcher's own names.
NOT_ENGLISH_LABELS = {"Webhook", "日本語", "English"}
RAW_EXCEPTION = re.compile(r"(?<![\w-])(Error:|Errno|Traceback|None)(?![\w-])")
INVISIBLE = {"script", "style", "template", "code", "pre", "textarea"}


def enumerations() -> dict[str, dict]:
    found = {}
    for name in ENUMERATION_MODULES:
        module = import_module(name)
        for attribute, value in vars(module).items():
            if (attribute.isupper() and isinstance(value, dict) and value
                    and all(isinstance(label, LazyString) for label in value.values())):
                found[f"{name}.{attribute}"] = value
    return found


def english_labels(app: Flask) -> dict[str, re.Pattern]:
    """Each enumeration's English labels and raw values, as patterns of a
    whole word or phrase."""
    patterns: dict[str, re.Pattern] = {}
    with app.test_request_context("/"), force_locale("en"):
        for name, enumeration in enumerations().items():
            for value, label in enumeration.items():
                text = str(label)
                if text not in NOT_ENGLISH_LABELS and re.search(r"[A-Za-z]{2}", text):
                    patterns[f"{name}[{value!r}] label {text!r}"] = _phrase(text)
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]+", value):
                    patterns[f"{name} raw value {value!r}"] = _phrase(value)
    return patterns


def _phrase(text: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")


class VisibleText(HTMLParser):
    """The Japanese text a reader sees (no tags, attributes, scripts or code,
    nothing the page marks as written in another language with `lang`, such
    as the price book's English notes) and the page's links."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skipped: list[str] = []  # the open elements whose text is not read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in INVISIBLE or not (attributes.get("lang") or "ja").startswith("ja"):
            self._skipped.append(tag)
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.url, attributes["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._skipped and self._skipped[-1] == tag:
            self._skipped.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipped and data.strip():
            self.texts.append(data.strip())
