"""The company profile's form: it validates the page and the API body."""
from __future__ import annotations

from wtforms import IntegerField, SubmitField
from wtforms.fields import BooleanField
from wtforms.validators import InputRequired, NumberRange, Optional

from planner.company import domain
from planner.company.domain import Profile
from planner.core import labels
from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField

INTERIM_CHOICES = [(0, _l("None")), (1, _l("Once a year")), (3, _l("Three times a year")),
                   (11, _l("Eleven times a year"))]


_volume_range = NumberRange(0, domain.VOLUME_MAX,
                            message=_l("Enter a number from 0 to %(max)d."))


class CompanyForm(FlaskForm):
    fiscal_year_end_month = IntegerField(
        _l("Fiscal year end month"), default=3,
        validators=[InputRequired(), NumberRange(1, 12, message=_l("Enter a month from 1 to 12."))],
        description=_l("The month the fiscal year ends in: 3 for April–March, 12 for the "
                       "calendar year."))
    corporate_tax_extension_months = IntegerField(
        _l("Filing extension for corporate tax (months)"), default=0,
        validators=[InputRequired(), NumberRange(
            0, domain.EXTENSION_MAX_MONTHS,
            message=_l("The extension is from 0 to %(max)d months."))],
        description=_l("申告期限の延長: 0 without it, usually 1. The tax itself is still due "
                       "two months after the year end."))
    consumption_tax_extension = BooleanField(
        _l("The consumption tax filing extension has been notified"),
        description=_l("消費税申告期限延長届出: one more month, only with the corporate tax "
                       "extension."))
    special_withholding = BooleanField(
        _l("Special payment schedule for withheld income tax (納期の特例)"))
    special_resident_tax = BooleanField(
        _l("Special payment schedule for resident tax (納期の特例)"))
    labour_insurance_association = BooleanField(
        _l("A labour insurance association handles labour insurance"))
    consumption_tax_interim_filings = SelectField(
        _l("Consumption tax interim filings a year"), coerce=int, default=0,
        choices=labels.options(INTERIM_CHOICES), validators=[InputRequired()],
        description=_l("Set by the previous year's consumption tax: over ¥480,000 once, over "
                       "¥4 million three times, over ¥48 million eleven times."))
    headcount = IntegerField(
        _l("Regular workers"),
        validators=[Optional(), NumberRange(0, domain.HEADCOUNT_MAX)],
        description=_l("Duties from 50 workers (stress check, health committee, industrial "
                       "physician) and the disability employment thresholds depend on it. "
                       "Leave it empty to see every duty."))
    # The volume drivers: what outsourcing estimates scale with.
    employees = IntegerField(
        _l("Employees paid"), validators=[Optional(), _volume_range],
        description=_l("Everyone on the payroll in a usual month, part-timers and paid "
                       "directors included. Unlike regular workers above (the legal count "
                       "for thresholds), this is what payroll outsourcing is priced by."))
    payroll_runs_per_month = IntegerField(
        _l("Payroll runs a month"), validators=[Optional(), _volume_range],
        description=_l("Usually 1; more with separate pay days (part-timers, bonuses)."))
    journal_entries_per_month = IntegerField(
        _l("Journal entries a month"),
        validators=[Optional(), _volume_range],
        description=_l("Lines entered in the accounting books in a usual month."))
    invoices_per_month = IntegerField(
        _l("Invoices a month"), validators=[Optional(), _volume_range],
        description=_l("Invoices issued and received in a usual month."))
    expense_reports_per_month = IntegerField(
        _l("Expense reports a month"),
        validators=[Optional(), _volume_range],
        description=_l("Expense claims checked in a usual month."))
    preview = SubmitField(_l("Preview the changes"))
    submit = SubmitField(_l("Save"))

    def profile(self) -> Profile:
        return Profile(**{name: self.data[name] for name in domain.PROFILE_FIELDS})

    def fill(self, profile: Profile) -> None:
        for name, value in profile.as_dict().items():
            self[name].data = value
