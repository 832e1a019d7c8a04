"""The price book's forms: they validate the admin page and the API bodies."""
from __future__ import annotations

from wtforms import DecimalField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.costing.price_book import AUTOMATIONS_PER_LICENCE_MAX, PRICE_MAX

_YEN = NumberRange(0, PRICE_MAX, message=_l("Enter an amount from ¥0 to ¥10,000,000,000."))


def _yen(label: str, required: bool = True, description: str | None = None) -> IntegerField:
    return IntegerField(label, validators=[InputRequired() if required else Optional(), _YEN],
                        description=description)


class PriceForm(FlaskForm):
    """An item's own price; the base fee may be left empty (the shipped one stays)."""

    low = _yen(_l("Low price"))
    typical = _yen(_l("Typical price"))
    high = _yen(_l("High price"))
    base_low = _yen(_l("Base fee, low"), required=False)
    base_typical = _yen(_l("Base fee, typical"), required=False)
    base_high = _yen(_l("Base fee, high"), required=False)
    submit = SubmitField(_l("Save this price"))


class AutomationRatesForm(FlaskForm):
    """The automation figures; an empty field takes the shipped figure."""

    automation_day_rate_low = _yen(_l("Developer day rate, low"), required=False)
    automation_day_rate_typical = _yen(_l("Developer day rate, typical"), required=False)
    automation_day_rate_high = _yen(_l("Developer day rate, high"), required=False)
    automation_licence_per_year_low = _yen(_l("Robot licence a year, low"), required=False)
    automation_licence_per_year_typical = _yen(_l("Robot licence a year, typical"),
                                               required=False)
    automation_licence_per_year_high = _yen(_l("Robot licence a year, high"), required=False)
    automations_per_licence = IntegerField(
        _l("Automations one licence carries"),
        validators=[Optional(), NumberRange(1, AUTOMATIONS_PER_LICENCE_MAX,
                                            message=_l("Enter a whole number from 1 to "
                                                       "%(max)d."))])
    automation_maintenance_share = DecimalField(
        _l("Yearly maintenance, share of the build cost"), places=4,
        validators=[Optional(), NumberRange(0, 1, message=_l("Enter a share from 0 to 1, "
                                                              "e.g. 0.15."))],
        description=_l("0.15 means 15 percent of the build cost each year."))
    save_rates = SubmitField(_l("Save the automation figures"))
