"""The work feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from wtforms import HiddenField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from planner.calendar.domain import Deadline
from planner.calendar.forms import PreviewForm
from planner.core import labels
from planner.core.forms import DateField, FlaskForm, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.tasks import domain as task_rules
from planner.work.operations import MINUTES_MAX, MINUTES_MIN


class DeadlinePreviewForm(PreviewForm):
    """The preview with the task's deadline basis: a statutory task's dates
    on the authorities' calendar, with its work-by dates."""

    deadline_basis = SelectField(_l("Deadline basis"), choices=labels.choices(
        labels.DEADLINE_BASIS), default="internal", validators=[Optional()])
    work_by_buffer_days = IntegerField(_l("Work-by buffer (business days)"), default=0,
                                       validators=[Optional(), NumberRange(
                                           0, task_rules.WORK_BY_BUFFER_MAX_DAYS)])

    @property
    def deadline(self) -> Deadline:
        return Deadline(statutory=self.deadline_basis.data == "statutory",
                        buffer_days=self.work_by_buffer_days.data or 0)


class CompleteForm(FlaskForm):
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    # Optional: the measured effort is the median of those who say.
    minutes = IntegerField(_l("Minutes taken"), validators=[Optional(), NumberRange(
        MINUTES_MIN, MINUTES_MAX, message=_l("Enter the minutes it took as a whole number "
                                             "from %(min)d to %(max)d, or leave it empty."))])
    next = HiddenField()
    submit = SubmitField(_l("Done"))


class SkipForm(FlaskForm):
    reason = StringField(_l("Reason for skipping"), validators=[DataRequired(), Length(max=500)])
    next = HiddenField()
    submit = SubmitField(_l("Skip"))


class CalendarForm(FlaskForm):
    class Meta:
        csrf = False

    department_id = SelectField(_l("Department"), coerce=optional_int, validators=[Optional()])
    month = StringField(_l("Month"), validators=[Optional(), Length(max=7)])

    def validate_month(self, field: StringField) -> None:
        if field.data and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", field.data):
            raise FieldError(_("Use the form YYYY-MM."))


class OccurrenceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person_id = IntegerField(_l("Person"), validators=[Optional()])
    department_id = IntegerField(_l("Department"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=labels.options([("", ""), *labels.OCCURRENCE_STATUS.items()]))
    due_from = DateField(_l("Due from"), validators=[Optional()])
    due_to = DateField(_l("Due until"), validators=[Optional()])
