"""Locale selection and the template filters that depend on it."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app, request, session
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from planner.domain.errors import Message
from planner.extensions import babel
from planner.formatting import format_due_date, format_yen, render_markdown


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages) or languages[0]


def translate(message: Message | str) -> str:
    from flask_babel import gettext

    if isinstance(message, Message):
        return message.render(gettext)
    return gettext(message)


def _date(value: date | datetime | None) -> str:
    return format_due_date(value, str(get_locale()))


def _datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if str(get_locale()).startswith("ja"):
        return format_datetime(value, "y年M月d日(E) HH:mm")
    return format_datetime(value, "EEE, MMM d, y HH:mm")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(
        jadate=_date, jadatetime=_datetime, yen=format_yen, markdown=render_markdown,
        tr=translate,
    )
