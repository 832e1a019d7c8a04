"""The coverage feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from wtforms import IntegerField, StringField, SubmitField
from wtforms.fields import FieldList, FormField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from planner.core import labels
from planner.core.forms import DateField, FlaskForm, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField


class OwnerRow(FlaskForm):
    class Meta:
        csrf = False  # a sub-form: the outer form carries the token

    user_id = SelectField(_l("Person"), coerce=optional_int, validators=[Optional()])
    role = SelectField(_l("Owner role"), choices=labels.choices(labels.OWNER_ROLE), default="backup")
    level = SelectField(_l("Level"), coerce=int, default=3,
                        choices=labels.choices(labels.LEVEL_CHOICE))


class OwnersForm(FlaskForm):
    owners = FieldList(FormField(OwnerRow), min_entries=1)
    submit = SubmitField(_l("Save owners"))


class AbsenceForm(FlaskForm):
    user_id = SelectField(_l("Person"), coerce=optional_int, validators=[InputRequired()])
    start_date = DateField(_l("From"), validators=[InputRequired()])
    end_date = DateField(_l("To"), validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.ABSENCE_KIND),
                       default="annual_leave")
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Record absence"))


class AcceptSuggestionForm(FlaskForm):
    # A hidden input on the dashboard, an integer in the API body.
    trainee_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    due_date = DateField(_l("Trained by"), validators=[Optional()])
    submit = SubmitField(_l("Plan the training"))


class WorkloadForm(FlaskForm):
    class Meta:
        csrf = False

    department_id = SelectField(_l("Department"), coerce=optional_int, validators=[Optional()])


# What each cross-training suggestion says is missing (coverage.domain.GAPS).
GAP_LABELS = {
    "nobody": _l("Nobody can do it"),
    "preparer_and_reviewer": _l("Short of a preparer and a reviewer"),
    "reviewer": _l("Short of a reviewer: nobody else can check it"),
    "backup": _l("Nobody else can stand in"),
}
