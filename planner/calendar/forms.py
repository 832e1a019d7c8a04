"""The calendar feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from wtforms import IntegerField, StringField, SubmitField
from wtforms.fields import BooleanField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.calendar.recurrence import InvalidSchedule, PresetInput, Schedule, schedule_from_preset
from planner.core import labels
from planner.core.checkbox_field import CheckboxListField
from planner.core.clock import org_today
from planner.core.forms import DateField, FlaskForm, IntegerListField, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.i18n import translate
from planner.core.select_widget import SelectField


class ScheduleFields(FlaskForm):
    """A schedule as the task form offers it: a preset and its parameters."""
    preset = SelectField(_l("Repeats"), choices=labels.choices(labels.PRESET),
                         default="monthly_day", validators=[InputRequired()])
    day = IntegerField(_l("Day of the month"), validators=[Optional(), NumberRange(1, 31)])
    weekday = SelectField(_l("Weekday"), choices=labels.choices(labels.WEEKDAY),
                          validators=[Optional()])
    month = SelectField(_l("Month"), coerce=optional_int,
                        choices=labels.choices(labels.MONTH), validators=[Optional()],
                        description=_l("For quarterly: the first of the four months."))
    business_day = IntegerField(
        _l("Business day of the month"), validators=[Optional(), NumberRange(-23, 23)],
        description=_l("1 is the first business day, -1 the last, -2 the one before."))
    once_date = DateField(_l("Date"), validators=[Optional()])
    rrule = StringField(
        _l("RRULE"), validators=[Optional(), Length(max=500)],
        description=_l("RFC 5545, e.g. FREQ=MONTHLY;BYMONTHDAY=10 or FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=10"))
    dtstart = DateField(_l("Starts on"), validators=[Optional()])
    shift = SelectField(_l("When the date is not a business day"),
                        choices=labels.choices(labels.SHIFT), default="none",
                        validators=[InputRequired()])
    lead_days = IntegerListField(_l("Remind days before"), default=[7, 1, 0],
                                 description=_l("Days before the due date, e.g. 7, 1, 0."))

    schedule: Schedule | None = None

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        """Field checks first, then the schedule the fields describe, with its
        error shown next to the field it concerns."""
        valid = super().validate(extra_validators)
        schedule_fields = ("preset", "day", "weekday", "month", "business_day", "once_date",
                           "rrule", "dtstart", "shift", "lead_days")
        if any(self[name].errors for name in schedule_fields):
            return False

        try:
            self.schedule = schedule_from_preset(
                PresetInput(self.preset.data, day=self.day.data, weekday=self.weekday.data or None,
                            month=self.month.data, business_day=self.business_day.data,
                            once_date=self.once_date.data, rrule=self.rrule.data),
                dtstart=self.dtstart.data or org_today(),
                shift=self.shift.data,
                lead_days=tuple(self.lead_days.data or ()),
            )
        except InvalidSchedule as error:
            for name, messages in error.fields.items():
                field = self._fields.get(name, self.rrule)
                field.errors = [*field.errors, *(translate(m) for m in messages)]
            return False
        return valid


class PreviewForm(ScheduleFields):
    """The schedule preview the task form calls while the rule is edited."""
    class Meta:
        csrf = False  # a GET that changes nothing

    start = DateField(_l("From"), validators=[Optional()])
    count = IntegerField(_l("How many"), default=12, validators=[Optional(), NumberRange(1, 100)])


class ClosedDayForm(FlaskForm):
    name = StringField(_l("Closure name"), validators=[DataRequired(), Length(max=120)])
    start_date = DateField(_l("From"), validators=[InputRequired()])
    end_date = DateField(_l("To"), validators=[InputRequired()])
    yearly = BooleanField(_l("Every year"))
    submit = SubmitField(_l("Add closed days"))


class WeekendForm(FlaskForm):
    weekend = CheckboxListField(_l("Weekend days"), coerce=int,
                                  choices=labels.options(enumerate(labels.WEEKDAY.values())))
    submit = SubmitField(_l("Save"))
