"""The automation assessment's questions, in the words of the person who does
the work; the same form validates the page and the API's body."""
from __future__ import annotations

from wtforms import DecimalField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from planner.core import labels
from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.costing.domain.assessment import (
    CHANGES_RANGE,
    EXCEPTIONS_RANGE,
    INPUT_SOURCES,
    RECORDS_RANGE,
    STEPS_RANGE,
    SYSTEMS_RANGE,
)

INPUT_SOURCE = dict(zip(INPUT_SOURCES, (
    _l("Paper or fax"), _l("PDF or e-mail attachments"),
    _l("Excel or other spreadsheets"), _l("Data from a business system")), strict=True))
# The shares the page suggests, shown as percentages (any share 0–1 may be typed).
SHARE_SUGGESTIONS: tuple[str, ...] = ("0.1", "0.25", "0.5", "0.75", "0.9", "1")


def _count(label, limits: tuple[int, int], description=None):  # noqa: ANN001, ANN202
    return IntegerField(label, validators=[InputRequired(), NumberRange(*limits)],
                        description=description)


class AssessmentForm(FlaskForm):
    input_source = SelectField(_l("Where does the material you work from come from?"),
                               choices=labels.choices(INPUT_SOURCE),
                               validators=[InputRequired()])
    rule_based_share = DecimalField(
        _l("Share of cases decided by fixed rules"), places=3,
        validators=[InputRequired(), NumberRange(0, 1)],
        render_kw={"list": "share-suggestions", "inputmode": "decimal"},
        description=_l("0 to 1: 0.8 means 8 cases in 10 follow the rules with no judgement."))
    exceptions_per_100 = _count(_l("Exceptions in 100 cases"), EXCEPTIONS_RANGE,
                                _l("Cases that need someone's judgement or a question to "
                                   "someone else."))
    systems = _count(_l("Systems the work uses"), SYSTEMS_RANGE,
                     _l("Business systems, web services and files you open, counted once "
                        "each."))
    changes_per_year = _count(_l("Changes to the procedure a year"), CHANGES_RANGE,
                              _l("Law revisions, new forms, new rules: how often the way "
                                 "you do it changes."))
    records_per_occurrence = _count(_l("Records each time"), RECORDS_RANGE,
                                    _l("Payslips, invoices, entries… handled each time the "
                                       "task is done."))
    steps = IntegerField(_l("Steps"), validators=[Optional(), NumberRange(*STEPS_RANGE)],
                         description=_l("Leave empty to count the numbered steps of the "
                                        "procedure."))
    submit = SubmitField(_l("Save the assessment"))
