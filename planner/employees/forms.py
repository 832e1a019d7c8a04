"""The roster's forms: they validate its pages and its API bodies; the rules
a form cannot know (katakana, dates in order, a unique number) are the
operations'."""
from __future__ import annotations

from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from planner.core import labels
from planner.core.forms import DateField, FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.employees.domain import NUMBER_CHARS, TEXT_CHARS

EMPLOYMENT_TYPE = {"regular": _l("Regular employee"), "contract": _l("Contract employee"),
                   "part_time": _l("Part-time"), "officer": _l("Officer")}
CURRENT = {"1": _l("Currently employed"), "0": _l("Left")}
# ?current=: 1 still employed today (their leave date included), 0 left; else everyone.
CURRENT_VALUES = {"1": True, "0": False}


class EmployeeForm(FlaskForm):
    number = StringField(_l("Employee number"),
                         validators=[DataRequired(), Length(max=NUMBER_CHARS)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=TEXT_CHARS)])
    name_kana = StringField(_l("Name in katakana"), validators=[Length(max=TEXT_CHARS)],
                            description=_l("For example ヤマダ　タロウ. Half-width katakana "
                                           "and hiragana are converted; left empty, it is "
                                           "suggested from the name. The roster sorts by it."))
    division = StringField(_l("Division"), validators=[Length(max=TEXT_CHARS)],
                           description=_l("Where they work in the company, e.g. 営業部."))
    employment_type = SelectField(_l("Employment type"), choices=labels.choices(EMPLOYMENT_TYPE),
                                  default="regular")
    hire_date = DateField(_l("Hire date"), validators=[Optional()])
    leave_date = DateField(_l("Leave date"), validators=[Optional()])
    health_pension_insured = BooleanField(_l("Enrolled in health insurance and pension"),
                                          default=True)
    employment_insurance_insured = BooleanField(_l("Enrolled in employment insurance"),
                                                default=True)
    submit = SubmitField(_l("Save"))


class EmployeeFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)],
                    description=_l("Number, name, reading or division."))
    employment_type = SelectField(_l("Employment type"), validators=[Optional()],
                                  choices=labels.options([("", _l("All")), *EMPLOYMENT_TYPE.items()]))
    current = SelectField(_l("Status"), validators=[Optional()],
                          choices=labels.options([("", _l("All")), *CURRENT.items()]))
