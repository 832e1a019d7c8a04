"""The overview's department filter."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from planner.core.forms import FlaskForm, optional_int


class OverviewForm(FlaskForm):
    class Meta:
        csrf = False  # read from a GET: choosing what to count is nothing to forge

    department_id = SelectField(_l("Department"), coerce=optional_int, validators=[Optional()])
