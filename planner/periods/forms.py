"""The close and reopen forms of the period page (締め)."""
from __future__ import annotations

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.periods.domain import REASON_MAX


class CloseForm(FlaskForm):
    month = HiddenField(validators=[InputRequired()])
    submit = SubmitField(_l("Close this month"))


class ReopenForm(FlaskForm):
    month = HiddenField(validators=[InputRequired()])
    reason = TextAreaField(_l("Why it is reopened"),
                           validators=[InputRequired(message=_l("Say why the period is reopened.")),
                                       Length(max=REASON_MAX)])
    submit = SubmitField(_l("Reopen this month"))
