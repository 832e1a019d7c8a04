"""The occurrence page's form to attach a file."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, SubmitField

from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l


class EvidenceForm(FlaskForm):
    # Checked by content in the service (evidence/domain.py), not by name here.
    file = FileField(_l("File"))
    item_id = HiddenField()
    submit = SubmitField(_l("Attach"))
