"""The people feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from flask_babel import gettext as _
from wtforms import EmailField, IntegerField, PasswordField, StringField, SubmitField
from wtforms.fields import BooleanField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from planner.core import labels
from planner.core.checkbox_field import CheckboxListField
from planner.core.codes import check_code
from planner.core.forms import DateField, FlaskForm, IntegerListField
from planner.core.i18n import lazy_gettext as _l
from planner.core.i18n import translate
from planner.core.kana import READING_MAX
from planner.core.select_widget import SelectField
from planner.people.domain import CAPACITY_MAX, CAPACITY_MIN, LANGUAGES


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Sign in"))


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    reading = StringField(
        _l("Reading (furigana)"), validators=[Optional(), Length(max=READING_MAX)],
        description=_l("In katakana, e.g. ヤマダ　タロウ. Left empty, it is suggested from the "
                       "name; check it, as names have several readings."))
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=labels.choices(labels.ROLE), default="staff")
    language = SelectField(_l("Language"), choices=labels.options((code, labels.LANGUAGE[code]) for code in LANGUAGES))
    department_ids = CheckboxListField(_l("Departments"), coerce=int)
    capacity_hours = IntegerField(
        _l("Capacity (hours a month)"),
        validators=[Optional(), NumberRange(CAPACITY_MIN, CAPACITY_MAX, message=_l(
            "Enter whole hours from %(min)d to %(max)d, or leave it empty."))],
        description=_l("Registered recurring work this person can carry in a month, e.g. 20 "
                       "for a part-timer. Empty: the organisation's figure."))
    active = BooleanField(_l("Active (may sign in)"), default=True)
    access_until = DateField(
        _l("Access until"), validators=[Optional()],
        description=_l("Optional: the last day this person may sign in, e.g. an auditor's engagement."))
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
    name = StringField(_l("Department name"), validators=[DataRequired(), Length(max=120)])
    webhook_url = StringField(
        _l("Webhook URL"), validators=[Optional(), Length(max=500)],
        description=_l("Optional: a Slack or Microsoft Teams incoming webhook for this "
                       "department's reminders."))
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_code(self, field: StringField) -> None:
        if message := check_code((field.data or "").strip()):
            raise FieldError(translate(message))

    def validate_webhook_url(self, field: StringField) -> None:
        if field.data and not field.data.startswith(("https://", "http://")):
            raise FieldError(_("Enter an http(s) address."))


class CodeForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[DataRequired(), Length(min=6, max=10)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField(_l("Confirm"))
