"""The audit log's filter: a GET form (no CSRF), shared by the page and its export."""
from __future__ import annotations

from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional
from wtforms.validators import ValidationError as FieldError

from planner.core import audit_log
from planner.core.forms import DateField, FlaskForm
from planner.core.i18n import lazy_gettext as _l
from planner.core.select_widget import SelectField


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    entity_type = SelectField(_l("Record type"), validators=[Optional()])
    entity_id = StringField(_l("Record ID"), validators=[Optional(), Length(max=64)])
    start = DateField(_l("From"), validators=[Optional()], name="from")
    end = DateField(_l("To"), validators=[Optional()], name="to")
    automatic = BooleanField(_l("Show automatic recalculations"))
    preferences = BooleanField(_l("Show preference changes (language, reminders)"))

    def validate_end(self, field: DateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise FieldError(_l("The end date must be on or after the start date."))

    def filters(self) -> audit_log.Filters:
        """What the valid fields ask for; a field in error filters nothing."""
        def valid(field: object) -> object:
            return None if field.errors else field.data or None  # type: ignore[attr-defined]

        entity_id = valid(self.entity_id)
        return audit_log.Filters(
            entity_type=valid(self.entity_type),  # type: ignore[arg-type]
            entity_id=entity_id.strip() or None if isinstance(entity_id, str) else None,
            start=valid(self.start),  # type: ignore[arg-type]
            end=None if self.start.errors else valid(self.end),  # type: ignore[arg-type]
            kinds=audit_log.kinds_or_default(bool(self.automatic.data),
                                             bool(self.preferences.data)))
