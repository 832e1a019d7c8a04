"""The events pages' forms."""
from __future__ import annotations

from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from planner.core.forms import DateField, FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.events.operations import NOTE_MAX


class EventForm(FlaskForm):
    """Record an event: 「確認」 shows the steps it would open, 「登録」 records it.
    The proposed owner of each step is a select named owner-<step key>,
    added by the page from the preview (the steps depend on the type)."""

    type = SelectField(_l("Event"), validators=[InputRequired()])
    date = DateField(_l("Date of the event"), validators=[InputRequired()])
    employee_number = StringField(_l("Employee number"),
                                  validators=[InputRequired(), Length(max=20)],
                                  description=_l("The employee's number on the roster."),
                                  render_kw={"list": "employee-numbers", "autocomplete": "off"})
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])
    preview = SubmitField(_l("Check"))
    submit = SubmitField(_l("Record the event"))


class EventFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    type = SelectField(_l("Event"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
