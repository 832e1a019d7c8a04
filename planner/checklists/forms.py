"""The page that edits a task's steps, and the tick box on the occurrence's page."""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, IntegerField, StringField, SubmitField
from wtforms.fields import FieldList, FormField
from wtforms.validators import Length, NumberRange, Optional

from planner.checklists.domain import MAX_STEPS, STEP_MAX_CHARS
from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l

BLANK_ROWS = 3  # rows offered for new steps; save to get more


class StepRow(FlaskForm):
    class Meta:
        csrf = False  # a sub-form: the outer form carries the token

    order = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=1, max=999)])
    text = StringField(_l("Step"), validators=[Optional(), Length(max=STEP_MAX_CHARS)])
    evidence_required = BooleanField(_l("Evidence required"))


class StepsForm(FlaskForm):
    steps = FieldList(FormField(StepRow), min_entries=1, max_entries=MAX_STEPS + BLANK_ROWS)
    submit = SubmitField(_l("Save steps"))


class TickForm(FlaskForm):
    # "1" ticks, "0" unticks: the page sends the state the box should get.
    ticked = HiddenField(default="1")
    submit = SubmitField(_l("Save"))
