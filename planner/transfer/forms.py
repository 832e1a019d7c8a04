"""The transfer feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField

from planner.core import labels
from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField


class ImportForm(FlaskForm):
    kind = SelectField(_l("What the file holds"), choices=labels.choices(labels.IMPORT_KIND),
                       default="tasks")
    file = FileField(_l("Excel file (.xlsx)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["xlsx"], _l("Upload an Excel workbook (.xlsx).")),
    ])
    submit = SubmitField(_l("Check the file"))
