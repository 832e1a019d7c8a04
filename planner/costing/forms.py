"""The costing feature's forms: they validate its pages and its API bodies."""
from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from wtforms import DecimalField, IntegerField, StringField, SubmitField
from wtforms.validators import Length, NumberRange, Optional

from planner.core import labels
from planner.core.forms import DateField, FlaskForm, optional_int
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.costing import price_book


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
    outsourcing_price_item = SelectField(
        _l("Outsourcing: price-book item"), validators=[Optional()],
        description=_l("Empty: the item of the task's catalogue entry or category."))
    horizon_years = IntegerField(_l("Horizon (years)"), validators=[Optional(), NumberRange(1, 20)])
    discount_rate = _share(_l("Discount rate"), _l("e.g. 0.03 for 3% a year."))
    submit = SubmitField(_l("Save and estimate"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The price book's items, in the page's language (an unknown key is refused).
        self.outsourcing_price_item.choices = labels.options(
            [("", "—"), *price_book.item_choices(str(get_locale()))])


class ReviewForm(FlaskForm):
    action = SelectField(_l("Decision"), choices=labels.choices(labels.REVIEW_ACTION))
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validators=[Optional()])
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
    department_id = SelectField(_l("Department"), coerce=optional_int, validators=[Optional()])
