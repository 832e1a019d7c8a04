"""WTForms' <select>, with its options written out directly.

WTForms renders each <option> through html_params and Markup.format (string
formatting done the slow, general way): 25 µs an option. A filter of a
department's people has some 170 of them, which made that one field cost
more than the rest of the registry page. The markup is the same, byte for
byte: the attributes in html_params' sorted order, escaped as it escapes
them.
"""
from __future__ import annotations

from typing import Any

import wtforms
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape
from wtforms.fields.choices import Choice
from wtforms.widgets import Select

_QUOTE, _QUOTE_ENTITY = Markup('"'), Markup("&quot;")


class FastSelect(Select):
    @classmethod
    def render_option(cls, choice: Choice, **kwargs: Any) -> Markup:
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)  # other attributes: WTForms' way
        value = choice.value
        if isinstance(value, bool):
            value = str(value)
        # html_params' escaping of an attribute value, exactly.
        quoted = escape(value).replace(_QUOTE, _QUOTE_ENTITY)
        label = choice.label
        if isinstance(label, LazyString):
            # Translated once: `or` and escape() would each translate it again.
            label = str(label)
        label = escape(label or choice.value)
        if choice.selected:
            return Markup(f'<option selected value="{quoted}">{label}</option>')
        return Markup(f'<option value="{quoted}">{label}</option>')


class SelectField(wtforms.SelectField):
    """wtforms.SelectField drawn by FastSelect: every form here uses this one."""

    widget = FastSelect()
