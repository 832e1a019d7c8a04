"""A choice of several options drawn as checkboxes: a <select multiple> asks
for Ctrl+click (⌘+click), which few back-office users know and a phone
cannot do, and one plain click there silently drops the other choices."""
from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxListField(SelectMultipleField):
    """SelectMultipleField (the same data and validation, and the same JSON
    array on the API) shown as a list of checkboxes; the `field` macro draws
    it in a <fieldset> whose <legend> is the label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
