"""The tasks feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError
from wtforms.widgets import HiddenInput

from planner.calendar.forms import ScheduleFields
from planner.calendar.recurrence import preset_of
from planner.core import labels
from planner.core.codes import check_code
from planner.core.forms import FlaskForm, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.i18n import translate
from planner.core.kana import READING_MAX
from planner.core.select_widget import SelectField
from planner.tasks import domain as task_rules
from planner.tasks.models import Task
from planner.tasks.operations import TaskData


class TaskForm(ScheduleFields):
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=task_rules.CODE_MAX)],
        description=_l("A short key such as PAY-001, used in spreadsheets and e-mails."),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=task_rules.TITLE_MAX)])
    reading = StringField(
        # A default, so that a blank cell of an import keeps an existing task's reading.
        _l("Reading (furigana)"), default="", validators=[Optional(), Length(max=READING_MAX)],
        description=_l("In katakana, e.g. ゲンセンショトクゼイ; hiragana is converted. Left "
                       "empty, it is suggested from the title. Lists sort by it."))
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
    deadline_basis = SelectField(
        _l("Deadline basis"),
        choices=labels.choices(labels.DEADLINE_BASIS),
        default="internal",
        validators=[Optional()],
        description=_l("A statutory deadline moves on the authorities' calendar (weekends, "
                       "national holidays, 29 December – 3 January), never on the company's "
                       "closures; the work-by date comes before it on the company calendar."),
    )
    work_by_buffer_days = IntegerField(
        _l("Work-by buffer (business days)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=task_rules.WORK_BY_BUFFER_MAX_DAYS)],
        description=_l("Statutory tasks: company business days between the work-by date "
                       "and the legal due date."),
    )
    review_required = BooleanField(
        _l("Requires review (double check)"),
        default=False,
        description=_l("Done means prepared by one person and approved by another qualified "
                       "person (level 3 or more)."),
    )
    review_days_before = IntegerField(
        _l("Review before the due date (business days)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=task_rules.REVIEW_DAYS_MAX)],
        description=_l("Company business days between the review date and the due date."),
    )
    primary_owner_id = SelectField(
        _l("Primary owner"), coerce=optional_int, validators=[Optional()]
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
        if message := check_code((field.data or "").strip()):
            raise FieldError(translate(message))

    def task_data(self) -> TaskData:
        return TaskData.from_mapping({
            **self.data, "schedule": self.schedule,
            "deadline_basis": self.deadline_basis.data or "internal",
            "work_by_buffer_days": self.work_by_buffer_days.data or 0,
            "review_required": bool(self.review_required.data),
            "review_days_before": self.review_days_before.data or 0})


def task_form_values(task: Task) -> dict:
    """A task as the values of TaskForm's fields (the edit page, API PATCH)."""
    shown = preset_of(task.schedule)
    primary = task.primary_owner
    return {
        "code": task.code, "title": task.title, "reading": task.reading,
        "department_id": task.department_id,
        "category": task.category, "criticality": task.criticality,
        "legal_basis": task.legal_basis, "effort_minutes": task.effort_minutes,
        "primary_owner_id": primary.id if primary else None, "procedure": task.procedure,
        "preset": shown.preset, "day": shown.day, "weekday": shown.weekday,
        "month": shown.month, "business_day": shown.business_day,
        "once_date": shown.once_date, "rrule": task.rrule, "dtstart": task.dtstart,
        "shift": task.shift, "lead_days": list(task.lead_days or []),
        "deadline_basis": task.deadline_basis, "work_by_buffer_days": task.work_by_buffer_days,
        "review_required": task.review_required, "review_days_before": task.review_days_before,
        "version": task.version,
    }


class TaskFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)],
                    description=_l("The title or its reading in kanji, hiragana or katakana "
                                   "(half-width too), the code, legal basis or procedure."))
    department_id = SelectField(_l("Department"), coerce=optional_int, validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    criticality = SelectField(_l("Criticality"), validators=[Optional()])
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validators=[Optional()])
    status = SelectField(_l("Status"), choices=labels.choices(labels.TASK_STATUS),
                         default="active", validators=[Optional()])
    sort = SelectField(_l("Sort by"), choices=labels.choices(labels.SORT), default="title",
                       validators=[Optional()])
