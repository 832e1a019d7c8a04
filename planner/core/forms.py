"""WTForms for every page. The same TaskForm validates API bodies, so a rule
is written once for both faces."""
from __future__ import annotations

import re

import wtforms
from flask import current_app
from flask_babel import gettext as _
from flask_wtf import FlaskForm as _FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import BooleanField, FieldList, FormField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.validators import ValidationError as FieldError
from wtforms.widgets import HiddenInput

from planner.calendar import domain as calendar_rules
from planner.calendar.recurrence import (
    InvalidSchedule,
    PresetInput,
    Schedule,
    preset_of,
    schedule_from_preset,
)
from planner.core import labels
from planner.core.i18n import lazy_gettext as _l
from planner.core.i18n import translate, wtforms_translations
from planner.core.select_widget import SelectField
from planner.people.domain import LANGUAGES
from planner.tasks import domain as task_rules
from planner.tasks.models import Task
from planner.tasks.operations import TaskData


class FlaskForm(_FlaskForm):
    """The base of every form here: besides a form's own validators, text the
    databases can store (PostgreSQL refuses NUL) and whole numbers their 32-bit
    columns hold, refused next to the field as the API refuses them, instead
    of failing in the database with a 500."""

    class Meta:
        def get_translations(self, form):  # noqa: ANN001, ANN202
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations  # Flask-WTF's, without its reading per request

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        valid = super().validate(extra_validators)
        return _storable(self) and valid


def _storable(form: _FlaskForm) -> bool:
    from planner.core.api_forms import INT_MAX, INT_MIN, storable

    ok = True
    for field in form:
        if isinstance(field, FormField):
            ok = _storable(field.form) and ok
            continue
        if isinstance(field, FieldList):
            for entry in field.entries:
                ok = (_storable(entry.form) if isinstance(entry, FormField)
                      else _storable_field(entry, INT_MIN, INT_MAX, storable)) and ok
            continue
        if isinstance(field, SubmitField) or field.name.endswith("csrf_token"):
            continue
        ok = _storable_field(field, INT_MIN, INT_MAX, storable) and ok
    return ok


def _storable_field(field: wtforms.Field, low: int, high: int, storable) -> bool:  # noqa: ANN001
    ranged = any(isinstance(v, NumberRange) for v in field.validators)
    for value in field.data if isinstance(field.data, list) else [field.data]:
        if isinstance(value, int) and not isinstance(value, bool) and not ranged \
                and not low <= value <= high:
            message = _("Must be an integer from %(min)d to %(max)d.", min=low, max=high)
        elif isinstance(value, str) and not storable(value):
            message = _("Contains characters that cannot be stored.")
        else:
            continue
        field.errors = [*field.errors, message]
        return False
    return True


def _optional_int(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[arg-type]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Sign in"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=labels.choices(labels.LANGUAGE))
    next = HiddenField()


class DateField(wtforms.DateField):
    """A date the planner can compute with: a typo such as 0202-04-10 or a
    far-off 9999-12-31 is an error next to the field, not an overflow later."""

    def pre_validate(self, form: FlaskForm) -> None:
        super().pre_validate(form)
        if self.data is not None and not calendar_rules.in_range(self.data):
            raise FieldError(_("Enter a date between %(first)s and %(last)s.",
                               first=calendar_rules.EARLIEST.isoformat(),
                               last=calendar_rules.LATEST.isoformat()))


class IntegerListField(StringField):
    """Whole numbers typed as "7, 1, 0" on a page or sent as [7, 1, 0] to the API."""

    def _value(self) -> str:
        return ", ".join(str(n) for n in self.data or [])

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        parts = [p for value in valuelist for p in re.split(r"[\s,、，]+", str(value)) if p]
        try:
            self.data = [int(p) for p in parts]  # int() reads full-width digits too
        except ValueError:
            self.data = None
            raise ValueError(_("Enter whole numbers separated by commas.")) from None


class ScheduleFields(FlaskForm):
    """A schedule as the task form offers it: a preset and its parameters."""

    preset = SelectField(_l("Repeats"), choices=labels.choices(labels.PRESET),
                         default="monthly_day", validators=[InputRequired()])
    day = IntegerField(_l("Day of the month"), validators=[Optional(), NumberRange(1, 31)])
    weekday = SelectField(_l("Weekday"), choices=labels.choices(labels.WEEKDAY),
                          validators=[Optional()])
    month = SelectField(_l("Month"), coerce=_optional_int,
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
        from planner.calendar.operations import org_today

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


class TaskForm(ScheduleFields):
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=task_rules.CODE_MAX)],
        description=_l("A short key such as PAY-001, used in spreadsheets and e-mails."),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=task_rules.TITLE_MAX)])
    department_id = SelectField(_l("Department"), coerce=int, validators=[InputRequired()])
    category = SelectField(
        _l("Category"), choices=labels.choices(labels.CATEGORY), validators=[InputRequired()]
    )
    criticality = SelectField(
        _l("Criticality"),
        choices=labels.choices(labels.CRITICALITY),
        default="medium",
        validators=[InputRequired()],
    )
    legal_basis = StringField(
        _l("Legal basis"),
        validators=[Optional(), Length(max=task_rules.LEGAL_BASIS_MAX)],
        description=_l("For example 所得税法第216条."),
    )
    effort_minutes = IntegerField(
        _l("Effort per occurrence (minutes)"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=task_rules.EFFORT_MAX_MINUTES)],
    )
    primary_owner_id = SelectField(
        _l("Primary owner"), coerce=_optional_int, validators=[Optional()]
    )
    procedure = TextAreaField(
        _l("Procedure (handover notes)"),
        validators=[Optional(), Length(max=task_rules.PROCEDURE_MAX)],
        description=_l("Markdown: numbered steps, **bold**, links."),
    )
    # The version the page was opened at: a save over someone else's is refused.
    version = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1)],
                           description=_l("The task's version you started from (optional)."))
    submit = SubmitField(_l("Save"))

    def validate_code(self, field: StringField) -> None:
        if message := task_rules.check_code((field.data or "").strip()):
            raise FieldError(translate(message))

    def task_data(self) -> TaskData:
        return TaskData.from_mapping({**self.data, "schedule": self.schedule})


def task_form_values(task: Task) -> dict:
    """A task as the values of TaskForm's fields (the edit page, API PATCH)."""
    shown = preset_of(task.schedule)
    primary = task.primary_owner
    return {
        "code": task.code, "title": task.title, "department_id": task.department_id,
        "category": task.category, "criticality": task.criticality,
        "legal_basis": task.legal_basis, "effort_minutes": task.effort_minutes,
        "primary_owner_id": primary.id if primary else None, "procedure": task.procedure,
        "preset": shown.preset, "day": shown.day, "weekday": shown.weekday,
        "month": shown.month, "business_day": shown.business_day,
        "once_date": shown.once_date, "rrule": task.rrule, "dtstart": task.dtstart,
        "shift": task.shift, "lead_days": list(task.lead_days or []),
        "version": task.version,
    }


class PreviewForm(ScheduleFields):
    """The schedule preview the task form calls while the rule is edited."""

    class Meta:
        csrf = False  # a GET that changes nothing

    start = DateField(_l("From"), validators=[Optional()])
    count = IntegerField(_l("How many"), default=12, validators=[Optional(), NumberRange(1, 100)])


class TaskFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    department_id = SelectField(_l("Department"), coerce=_optional_int, validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    criticality = SelectField(_l("Criticality"), validators=[Optional()])
    owner_id = SelectField(_l("Owner"), coerce=_optional_int, validators=[Optional()])
    status = SelectField(_l("Status"), choices=labels.choices(labels.TASK_STATUS),
                         default="active", validators=[Optional()])
    sort = SelectField(_l("Sort by"), choices=labels.choices(labels.SORT), default="title",
                       validators=[Optional()])


class ConfirmForm(FlaskForm):
    """An empty form: a CSRF-protected button for a state change."""

    submit = SubmitField(_l("Confirm"))


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=labels.choices(labels.ROLE), default="staff")
    language = SelectField(_l("Language"), choices=labels.options((code, labels.LANGUAGE[code]) for code in LANGUAGES))
    department_ids = SelectMultipleField(_l("Departments"), coerce=int)
    active = BooleanField(_l("Active (may sign in)"), default=True)
    password = PasswordField(
        _l("New password"),
        validators=[Optional(), Length(max=256)],
        description=_l("Leave empty to keep the current password."),
    )
    submit = SubmitField(_l("Save"))


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Change password"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[Optional(), Length(max=80)],
                       description=_l("What the token is for, e.g. a script's name."))
    submit = SubmitField(_l("Create token"))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    entity_type = SelectField(_l("Record type"), validators=[Optional()])
    entity_id = StringField(_l("Record ID"), validators=[Optional(), Length(max=64)])


class CompleteForm(FlaskForm):
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    next = HiddenField()
    submit = SubmitField(_l("Done"))


class SkipForm(FlaskForm):
    reason = StringField(_l("Reason for skipping"), validators=[DataRequired(), Length(max=500)])
    next = HiddenField()
    submit = SubmitField(_l("Skip"))


class CalendarForm(FlaskForm):
    class Meta:
        csrf = False

    department_id = SelectField(_l("Department"), coerce=_optional_int, validators=[Optional()])
    month = StringField(_l("Month"), validators=[Optional(), Length(max=7)])

    def validate_month(self, field: StringField) -> None:
        if field.data and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", field.data):
            raise FieldError(_("Use the form YYYY-MM."))


class ClosedDayForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    start_date = DateField(_l("From"), validators=[InputRequired()])
    end_date = DateField(_l("To"), validators=[InputRequired()])
    yearly = BooleanField(_l("Every year"))
    submit = SubmitField(_l("Add closed days"))


class WeekendForm(FlaskForm):
    weekend = SelectMultipleField(_l("Weekend days"), coerce=int,
                                  choices=labels.options(enumerate(labels.WEEKDAY.values())))
    submit = SubmitField(_l("Save"))


class OccurrenceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person_id = IntegerField(_l("Person"), validators=[Optional()])
    department_id = IntegerField(_l("Department"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=labels.options([("", ""), *labels.OCCURRENCE_STATUS.items()]))
    due_from = DateField(_l("Due from"), validators=[Optional()])
    due_to = DateField(_l("Due until"), validators=[Optional()])


class OwnerRow(FlaskForm):
    class Meta:
        csrf = False  # a sub-form: the outer form carries the token

    user_id = SelectField(_l("Person"), coerce=_optional_int, validators=[Optional()])
    role = SelectField(_l("Role"), choices=labels.choices(labels.OWNER_ROLE), default="backup")
    level = SelectField(_l("Level"), coerce=int, default=3,
                        choices=labels.options((n, f"{n} {labels.LEVEL[n]}") for n in range(5)))


class OwnersForm(FlaskForm):
    owners = FieldList(FormField(OwnerRow), min_entries=1)
    submit = SubmitField(_l("Save owners"))


class AbsenceForm(FlaskForm):
    user_id = SelectField(_l("Person"), coerce=_optional_int, validators=[InputRequired()])
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

    department_id = SelectField(_l("Department"), coerce=_optional_int, validators=[Optional()])


class ReminderSettingsForm(FlaskForm):
    reminder_days = IntegerListField(
        _l("My extra reminders (days before)"), default=[],
        description=_l("Added to each task's own lead times, e.g. 3 for three days before."))
    digest = BooleanField(_l("Send me a daily digest of my work"))
    submit = SubmitField(_l("Save"))

    def validate_reminder_days(self, field: IntegerListField) -> None:
        if any(not 0 <= day <= 180 for day in field.data or []):
            raise FieldError(_("Use days from 0 to 180."))


class DepartmentForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Letters, digits and '-', used by the command line."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    webhook_url = StringField(
        _l("Webhook URL"), validators=[Optional(), Length(max=500)],
        description=_l("Optional: a Slack or Microsoft Teams incoming webhook for this "
                       "department's reminders."))
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_code(self, field: StringField) -> None:
        if message := task_rules.check_code((field.data or "").strip()):
            raise FieldError(translate(message))

    def validate_webhook_url(self, field: StringField) -> None:
        if field.data and not field.data.startswith(("https://", "http://")):
            raise FieldError(_("Enter an http(s) address."))


def _money(label):  # noqa: ANN001, ANN202
    return IntegerField(label, validators=[Optional(), NumberRange(0, 10_000_000_000)])


def _share(label, description=None):  # noqa: ANN001, ANN202
    return DecimalField(label, places=4, validators=[Optional(), NumberRange(0, 1)],
                        description=description)


def _rating(label):  # noqa: ANN001, ANN202
    return IntegerField(label, validators=[Optional(), NumberRange(1, 5)])


class CostProfileForm(FlaskForm):
    """A task's own cost inputs; an empty field inherits the department's default."""

    hourly_cost = _money(_l("Hourly cost (yen, loaded)"))
    rework_rate = _share(_l("Rework rate"), _l("Share of effort lost to errors, e.g. 0.1."))
    automation_build_cost = _money(_l("Automation: build cost (yen, once)"))
    automation_annual_cost = _money(_l("Automation: licence and upkeep (yen a year)"))
    automation_residual_share = _share(_l("Automation: share still manual"),
                                       _l("0 fully automated, 1 nothing automated."))
    suitability_rule_based = _rating(_l("Rule-based (1–5)"))
    suitability_digital_input = _rating(_l("Digital, structured input (1–5)"))
    suitability_stable_process = _rating(_l("Stable process (1–5)"))
    suitability_low_exceptions = _rating(_l("Few exceptions (1–5)"))
    suitability_volume = _rating(_l("Volume (1–5)"))
    outsourcing_fee_per_occurrence = _money(_l("Outsourcing: fee per occurrence (yen)"))
    outsourcing_monthly_fee = _money(_l("Outsourcing: monthly fee (yen)"))
    outsourcing_transition_cost = _money(_l("Outsourcing: transition cost (yen, once)"))
    outsourcing_oversight_minutes = IntegerField(
        _l("Outsourcing: internal oversight (minutes per occurrence)"),
        validators=[Optional(), NumberRange(0, 6000)])
    horizon_years = IntegerField(_l("Horizon (years)"), validators=[Optional(), NumberRange(1, 20)])
    discount_rate = _share(_l("Discount rate"), _l("e.g. 0.03 for 3% a year."))
    submit = SubmitField(_l("Save and estimate"))


class ReviewForm(FlaskForm):
    action = SelectField(_l("Decision"), choices=labels.choices(labels.REVIEW_ACTION))
    owner_id = SelectField(_l("Owner"), coerce=_optional_int, validators=[Optional()])
    due_date = DateField(_l("Due"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Record the decision"))


class PortfolioFilterForm(FlaskForm):
    class Meta:
        csrf = False  # read from a GET: choosing what to list is nothing to forge

    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=labels.options([("", _l("All")),
                                                 *labels.SUGGESTION_STATUS.items()]))
    kind = SelectField(_l("Suggestion"), validators=[Optional()],
                       choices=labels.options([("", _l("All but undecided “keep”")),
                                               *labels.SUGGESTION_KIND.items()]))
    department_id = SelectField(_l("Department"), coerce=_optional_int, validators=[Optional()])


class ImportForm(FlaskForm):
    kind = SelectField(_l("What the file holds"), choices=labels.choices(labels.IMPORT_KIND),
                       default="tasks")
    file = FileField(_l("Excel file (.xlsx)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["xlsx"], _l("Upload an Excel workbook (.xlsx).")),
    ])
    submit = SubmitField(_l("Check the file"))


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
            _l("Successor"), coerce=_optional_int, choices=labels.options(options),
            validators=[Optional()]))
    if formdata is None:
        return PlannedHandover(**kwargs)
    return PlannedHandover(formdata=formdata, **kwargs)


class InventoryStartForm(FlaskForm):
    department_id = SelectField(_l("Department"), coerce=int, validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                       description=_l("For example 2027年4月 業務の棚卸."))
    due_date = DateField(_l("Answers due"), validators=[InputRequired()])
    submit = SubmitField(_l("Start the inventory"))


class InventoryAnswerForm(FlaskForm):
    still_needed = SelectField(_l("Is the task still needed?"), coerce=_optional_int,
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


class CodeForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[DataRequired(), Length(min=6, max=10)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField(_l("Confirm"))
