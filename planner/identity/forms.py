from __future__ import annotations

from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.identity.tokens import NAME_MAX


class ScimTokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=NAME_MAX)],
                       description=_l("Which directory uses it, e.g. entra-id."))
    submit = SubmitField(_l("Create a SCIM token"))
