"""Locale selection and the template filters that depend on it."""
from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_datetime, get_locale, get_translations
from flask_babel import gettext as babel_gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from wtforms.i18n import messages_path

from planner.core.dates import YearMonth
from planner.core.errors import N_, Message
from planner.core.extensions import babel
from planner.core.formatting import format_due_date, format_month, format_yen, render_markdown


def select_locale() -> Locale:
    languages = current_app.config["LANGUAGES"]
    if current_user.is_authenticated and current_user.language in languages:
        return _parsed(current_user.language)
    if session.get("language") in languages:
        return _parsed(session["language"])
    return _parsed(request.accept_languages.best_match(languages) or languages[0])


@cache
def _parsed(language: str) -> Locale:
    """Flask-Babel parses the selected locale once a request, looking for its
    data file on disk each time; a Locale it is given it takes as it is."""
    return Locale.parse(language)


def translate(message: Message | str) -> str:
    if isinstance(message, Message):
        if any(isinstance(value, YearMonth) for value in message.params.values()):
            message = Message(message.text, {
                name: month_label(value) if isinstance(value, YearMonth) else value
                for name, value in message.params.items()})
        return message.render(babel_gettext)
    return babel_gettext(message)


_catalogs: dict[Locale, NullTranslations] = {}


def _catalog() -> NullTranslations:
    """The catalogue of the request's language, for the templates' _() and
    ngettext(). flask_babel.get_translations() walks Flask's context three
    times per call: 13 µs a string, a millisecond or more on a page of rows.
    Flask-Babel keeps one catalogue per locale for the life of the process
    anyway, so this keeps the same ones by locale, found with one lookup
    (the locale, which force_locale() still changes)."""
    locale = get_locale()
    catalog = _catalogs.get(locale) if locale is not None else None
    if catalog is None:
        catalog = get_translations()
        if locale is not None:
            _catalogs[locale] = catalog
    return catalog


def gettext(string: str, **variables: Any) -> str:
    """flask_babel.gettext through _catalog(): the same text, a third of the time."""
    text = _catalog().ugettext(string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """flask_babel.lazy_gettext over gettext() above: the labels of choices,
    fields and enumerations are translated anew each time a page shows them
    (a hundred times on the registry)."""
    return LazyString(gettext, string, **variables)


@lru_cache(maxsize=None)
def _wtforms_catalog(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


# WTForms' own messages, translated in our catalogue: WTForms' Japanese one
# writes 「数値は 1 以上, 31 以下でなければいけません。」, 「このフィールドは必須です。」
# and leaves some empty. A plural pair is listed as its two forms (Japanese
# has one). Anything not listed still comes from WTForms' catalogue.
WTFORMS_MESSAGES = frozenset(message.text for message in (
    N_("This field is required."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Invalid URL."),
    N_("Invalid UUID."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Field must be at least %(min)d character long."),
    N_("Field must be at least %(min)d characters long."),
    N_("Field cannot be longer than %(max)d character."),
    N_("Field cannot be longer than %(max)d characters."),
    N_("Field must be exactly %(max)d character long."),
    N_("Field must be exactly %(max)d characters long."),
    N_("Field must be equal to %(other_name)s."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("'%(value)s' is not a valid choice for this field."),
    N_("'%(value)s' are not valid choices for this field."),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid week value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
))


class WTFormsTranslations:
    """WTForms' own messages ("This field is required.") in the request's
    language: ours (WTFORMS_MESSAGES) where we word them, else WTForms', read
    from disk once per language and process: Flask-WTF reads the catalogue
    file again in every request that builds a form (half a millisecond),
    though it never changes."""

    def gettext(self, string: str) -> str:
        if not has_request_context():
            return string
        if string in WTFORMS_MESSAGES:
            return _catalog().ugettext(string)
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if not has_request_context():
            return singular if n == 1 else plural
        if singular in WTFORMS_MESSAGES:
            return _catalog().ugettext(singular if n == 1 else plural)
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


wtforms_translations = WTFormsTranslations()


def _date(value: date | datetime | None) -> str:
    return format_due_date(value, str(get_locale()))


def _month(month: str, with_year: bool = True) -> str:
    return format_month(month, str(get_locale()), with_year)


def month_label(month: str, with_year: bool = True) -> str:
    """A "YYYY-MM" month in the request's language, for pages and sheets."""
    return _month(month, with_year)


def _datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if str(get_locale()).startswith("ja"):
        return format_datetime(value, "y年M月d日（E） HH:mm")
    return format_datetime(value, "EEE, MMM d, y HH:mm")


@pass_eval_context
def _template_gettext(eval_context: EvalContext, string: str, **variables: Any) -> str:
    """Jinja's new-style gettext (escaped variables, always %-formatted) in one
    call: Jinja's own `_` goes through three context calls to get there, and a
    page of rows says `_()` a few hundred times."""
    text = _catalog().ugettext(string)
    return (Markup(text) if eval_context.autoescape else text) % variables


@pass_eval_context
def _template_ngettext(eval_context: EvalContext, singular: str, plural: str, num: int,
                       **variables: Any) -> str:
    variables.setdefault("num", num)
    text = _catalog().ungettext(singular, plural, num)
    return (Markup(text) if eval_context.autoescape else text) % variables


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # In place of Flask-Babel's own (same catalogues, see _catalog).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _catalog().ugettext(s),
        ngettext=lambda s, p, n: _catalog().ungettext(s, p, n),
        pgettext=lambda c, s: _catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext)
    app.jinja_env.filters.update(
        jadate=_date, jadatetime=_datetime, month=_month, yen=format_yen, markdown=render_markdown,
        tr=translate,
    )
