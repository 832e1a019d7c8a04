"""Every audited record type and field reads in words: the filter's list is
derived from the models (so a new audited model is in it at once), and a
column added to an audited model without a label fails here."""
from __future__ import annotations

from flask_babel import force_locale

from planner.core import audit_fields, audit_log
from planner.core.extensions import db


def test_every_audited_model_is_in_the_filter_by_its_translated_name(app) -> None:  # noqa: ANN001
    with app.test_request_context(), force_locale("ja"):
        audited = {mapper.class_.__name__ for mapper in db.Model.registry.mappers
                   if getattr(mapper.class_, "__audited__", False)}
        choices = dict(audit_log.entity_type_choices())
        assert set(choices) == audited == set(audit_log.entity_types())
        assert {"Suggestion", "Task", "User", "Occurrence", "Setting"} <= set(choices)
        assert choices["Suggestion"] == "提案" and choices["User"] == "ユーザー"
        # Every one named in Japanese, not by its class.
        assert not [name for name, label in choices.items() if label == name]


def test_every_audited_field_has_a_label(app) -> None:  # noqa: ANN001
    with app.app_context():
        assert audit_log.labels_missing() == []


def test_every_declared_label_link_and_title_names_something_real(app) -> None:  # noqa: ANN001
    with app.app_context():
        endpoints = {rule.endpoint: rule.arguments for rule in app.url_map.iter_rules()}
        for model in audit_log.audited_models():
            fields = audit_fields.of(model)
            mapper = model.__mapper__
            columns = {attr.key for attr in mapper.column_attrs}
            links = {rel.key for rel in mapper.relationships if rel.secondary is not None}
            assert set(fields.labels) <= columns | links, model.__name__
            assert set(fields.title) <= columns and fields.title, model.__name__
            assert set(fields.choices) <= columns, model.__name__
            assert fields.preferences | fields.derived <= columns, model.__name__
            if fields.link:
                endpoint, parameter, attribute = fields.link
                assert endpoints[endpoint] == {parameter}, model.__name__
                assert attribute in columns, model.__name__
