"""The review form: it validates the page's approve / return buttons and the API body."""
from __future__ import annotations

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from planner.core import labels
from planner.core.forms import FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField
from planner.signoff.domain import APPROVE, COMMENT_MAX, RETURN


class ReviewForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=labels.choices(
        {APPROVE: _l("Approve"), RETURN: _l("Return with a comment")}),
                           validators=[InputRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=COMMENT_MAX)],
                            description=_l("Required when you return it: what is to be fixed."))
    next = HiddenField()
    submit = SubmitField(_l("Record the decision"))
