"""The events pages' forms."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from planner.core import labels
from planner.core.forms import DateField, FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.events import domain
from planner.events.event_types import TYPE_TITLE_MAX
from planner.events.models import SOURCE_MAX, URL_MAX
from planner.events.operations import NOTE_MAX
from planner.tasks.domain import LEGAL_BASIS_MAX, TITLE_MAX


class EventForm(FlaskForm):
    """Record an event: 「確認」 shows the steps it would open, 「登録」 records it.
    The proposed owner of each step is a select named owner-<step key>,
    added by the page from the preview (the steps depend on the type)."""

    type = SelectField(_l("Event"), validators=[InputRequired()])
    date = DateField(_l("Date of the event"), validators=[InputRequired()])
    employee_number = StringField(_l("Employee number"),
                                  validators=[InputRequired(), Length(max=20)],
                                  description=_l("The employee's number on the roster."),
                                  render_kw={"list": "employee-numbers", "autocomplete": "off"})
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])
    preview = SubmitField(_l("Check"))
    submit = SubmitField(_l("Record the event"))


class EventFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    type = SelectField(_l("Event"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])


class EventTypeForm(FlaskForm):
    """An event type of the company's own (the key only when it is made)."""

    key = StringField(_l("Key"), validators=[InputRequired(), Length(max=40)],
                      description=_l("Lower-case letters, digits and hyphens, e.g. transfer. "
                                     "Used by the API and the import; it cannot be changed."))
    title_ja = StringField(_l("Title (Japanese)"),
                           validators=[InputRequired(), Length(max=TYPE_TITLE_MAX)])
    title_en = StringField(_l("Title (English)"),
                           validators=[InputRequired(), Length(max=TYPE_TITLE_MAX)])
    submit = SubmitField(_l("Save"))


class EventTypeTitlesForm(FlaskForm):
    title_ja = StringField(_l("Title (Japanese)"),
                           validators=[InputRequired(), Length(max=TYPE_TITLE_MAX)])
    title_en = StringField(_l("Title (English)"),
                           validators=[InputRequired(), Length(max=TYPE_TITLE_MAX)])
    archived = BooleanField(_l("Put away: no new events of this type"))
    submit = SubmitField(_l("Save"))


class EventStepForm(FlaskForm):
    """A step of an event type; the page leaves out `key` when editing one."""

    key = StringField(_l("Key"), validators=[InputRequired(), Length(max=40)],
                      description=_l("Lower-case letters, digits and hyphens, e.g. pc-return."))
    title_ja = StringField(_l("Title (Japanese)"),
                           validators=[InputRequired(), Length(max=TITLE_MAX)])
    title_en = StringField(_l("Title (English)"),
                           validators=[InputRequired(), Length(max=TITLE_MAX)])
    legal_basis_ja = StringField(_l("Legal basis (Japanese)"),
                                 validators=[Optional(), Length(max=LEGAL_BASIS_MAX)],
                                 description=_l("The article that sets the duty; leave empty "
                                                "for a company procedure."))
    legal_basis_en = StringField(_l("Legal basis (English)"),
                                 validators=[Optional(), Length(max=LEGAL_BASIS_MAX)])
    department = SelectField(_l("Department"), validators=[InputRequired()])
    category = SelectField(_l("Category"), choices=labels.choices(labels.CATEGORY),
                           validators=[InputRequired()])
    effort_minutes = IntegerField(_l("Effort (minutes)"),
                                  validators=[InputRequired(), NumberRange(min=1, max=100_000)])
    deadline_kind = SelectField(_l("Deadline"), choices=labels.choices(labels.DEADLINE_KIND),
                                validators=[InputRequired()])
    deadline_n = IntegerField(_l("N (days or months)"), default=0,
                              validators=[InputRequired(), NumberRange(min=0, max=366)])
    deadline_day = IntegerField(_l("D (day of the month)"),
                                validators=[Optional(), NumberRange(min=1, max=31)])
    counts_event_day = BooleanField(_l("The event's day counts as the first day"))
    statutory = BooleanField(
        _l("Set by law (moved to the authorities' next open day)"),
        description=_l("Leave unticked for the company's own target, which is never moved."))
    when = SelectField(_l("Applies to"), choices=labels.choices(labels.APPLIES_TO),
                       validators=[Optional()])
    source = TextAreaField(_l("Source of the deadline"),
                           validators=[Optional(), Length(max=SOURCE_MAX)],
                           description=_l("The authority's page or the article, quoted: "
                                          "required for a deadline set by law."))
    url = StringField(_l("Address of the source"), validators=[Optional(), Length(max=URL_MAX)])
    submit = SubmitField(_l("Save"))

    def prepare(self, departments: dict[str, str], editing: bool) -> EventStepForm:
        """The departments to choose from; no key when editing (a step's key
        is how its task and the API know it)."""
        self.department.choices = labels.options(departments.items())
        if editing:
            del self.key
        return self

    def template(self, key: str | None = None) -> domain.StepTemplate:
        """The step as the form says it (checked by the use case)."""
        return domain.StepTemplate(
            key=key if key is not None else (self.key.data or ""),
            title_ja=self.title_ja.data or "", title_en=self.title_en.data or "",
            legal_basis_ja=self.legal_basis_ja.data or "",
            legal_basis_en=self.legal_basis_en.data or "",
            department=self.department.data or "", category=self.category.data or "",
            effort_minutes=self.effort_minutes.data or 0,
            deadline=domain.RelativeDeadline(
                kind=self.deadline_kind.data or "", n=self.deadline_n.data or 0,
                day=self.deadline_day.data, counts_event_day=bool(self.counts_event_day.data),
                statutory=bool(self.statutory.data)),
            when=self.when.data or None, source=self.source.data or "", url=self.url.data or "",
            seen_on=None)

    @staticmethod
    def data_of(step: domain.StepTemplate) -> dict:
        rule = step.deadline
        return {"key": step.key, "title_ja": step.title_ja, "title_en": step.title_en,
                "legal_basis_ja": step.legal_basis_ja, "legal_basis_en": step.legal_basis_en,
                "department": step.department, "category": step.category,
                "effort_minutes": step.effort_minutes, "deadline_kind": rule.kind,
                "deadline_n": rule.n, "deadline_day": rule.day,
                "counts_event_day": rule.counts_event_day, "statutory": rule.statutory,
                "when": step.when or "", "source": step.source, "url": step.url}
