"""The inventory feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.fields import BooleanField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.core import labels
from planner.core.forms import DateField, FlaskForm, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.tasks import domain as task_rules


class InventoryStartForm(FlaskForm):
    department_id = SelectField(_l("Department"), coerce=int, validators=[InputRequired()])
    name = StringField(_l("Inventory name"), validators=[DataRequired(), Length(max=120)],
                       description=_l("For example 2027年4月 業務の棚卸."))
    due_date = DateField(_l("Answers due"), validators=[InputRequired()])
    submit = SubmitField(_l("Start the inventory"))


class InventoryAnswerForm(FlaskForm):
    still_needed = SelectField(_l("Is the task still needed?"), coerce=optional_int,
                               choices=labels.options([(1, _l("Yes")), (0, _l("No, retire it"))]),
                               default=1)
    effort_minutes_after = IntegerField(
        _l("Effort per occurrence, corrected (minutes)"),
        validators=[Optional(), NumberRange(0, task_rules.EFFORT_MAX_MINUTES)],
        description=_l("Leave empty if the registered effort is right."))
    frequency_right = BooleanField(_l("The frequency is right"), default=True)
    proposal = SelectField(_l("What could change"), choices=labels.choices(labels.PROPOSAL),
                           default="keep")
    comment = TextAreaField(_l("What could be dropped, simplified, automated or outsourced"),
                            validators=[Optional(), Length(max=5000)])
    procedure = TextAreaField(
        _l("Procedure (handover notes)"),
        validators=[Optional(), Length(max=task_rules.PROCEDURE_MAX)],
        description=_l("Update it if it no longer describes the work; saving it counts as "
                       "reviewing it."))
    submit = SubmitField(_l("Send the answer"))
