"""WTForms for every page. The same TaskForm validates API bodies, so a rule
is written once for both faces."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import BooleanField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from planner.domain import tasks as task_rules
from planner.domain.people import LANGUAGES
from planner.i18n import translate
from planner.web import labels


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


class TaskForm(FlaskForm):
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
    submit = SubmitField(_l("Save"))

    def validate_code(self, field: StringField) -> None:
        if message := task_rules.check_code((field.data or "").strip()):
            raise FieldError(translate(message))


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
