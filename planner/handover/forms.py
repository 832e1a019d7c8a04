"""The handover feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from flask_babel import gettext as _
from wtforms import StringField, SubmitField
from wtforms.fields import BooleanField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from planner.core import labels
from planner.core.forms import DateField, FlaskForm, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField


class HandoverForm(FlaskForm):
    """Who leaves, why and when; the successor fields are added per task by
    handover_form(), one select per task the person owns."""

    reason = SelectField(_l("Reason"), choices=labels.choices(labels.HANDOVER_REASON),
                         default="leaving")
    start_date = DateField(_l("Hands over from"), validators=[InputRequired()])
    end_date = DateField(_l("Until"), validators=[InputRequired()],
                         description=_l("The last day of the window whose deadlines are "
                                        "listed; for a long leave, the day before the return."))
    accept_uncovered = BooleanField(
        _l("I accept that some tasks will have nobody qualified until the training is done"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Apply the handover"))

    def validate_end_date(self, field: DateField) -> None:
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise FieldError(_("The end must not be before the start."))


def handover_form(task_choices: dict[int, list[tuple[int | None, str]]],
                  formdata: object = None, **kwargs: object) -> HandoverForm:
    """A HandoverForm with a successor_<task id> select for each task."""

    class PlannedHandover(HandoverForm):
        pass

    for task_id, options in task_choices.items():
        setattr(PlannedHandover, f"successor_{task_id}", SelectField(
            _l("Successor"), coerce=optional_int, choices=labels.options(options),
            validators=[Optional()]))
    if formdata is None:
        return PlannedHandover(**kwargs)
    return PlannedHandover(formdata=formdata, **kwargs)
