"""The templates' translation functions (planner.i18n)."""
from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale


def test_template_translations_escape_variables_in_pages_only(app: Flask):
    with app.test_request_context("/"), force_locale("ja"):
        page = render_template_string(
            "{{ _('Train %(person)s on %(task)s', person=p, task='x') }}"
            "|{{ ngettext('%(num)d unread', '%(num)d unread', 3) }}", p="A & <B>")
        mail = app.jinja_env.get_template("email/at_risk_subject.txt").render(
            n={"occurrence": {"task": {"title": "A & <B>"}}})
    assert page == "A &amp; &lt;B&gt;にxの育成を計画|未読 3件"
    assert mail == "要注意：A & <B>の対応可能者が不在です"


def test_template_translations_follow_the_forced_locale(app: Flask):
    template = "{{ _('Plan training') }}"
    with app.test_request_context("/"):
        with force_locale("en"):
            english = render_template_string(template)
        with force_locale("ja"):
            japanese = render_template_string(template)
    assert (english, japanese) == ("Plan training", "育成を計画")


def test_wtforms_messages_are_worded_in_our_catalogue(app: Flask):
    """WTForms' own Japanese reads 「数値は 1 以上, 31 以下でなければいけません。」;
    ours asks as a Japanese form does (issue 23)."""
    from wtforms import IntegerField, StringField
    from wtforms.validators import InputRequired, Length, NumberRange

    from planner.core.forms import FlaskForm

    class DayForm(FlaskForm):
        class Meta:
            csrf = False

        day = IntegerField(validators=[InputRequired(), NumberRange(1, 31)])
        name = StringField(validators=[Length(max=3)])

    def errors(language: str, data: dict) -> dict:
        with app.test_request_context("/", method="POST", data=data), force_locale(language):
            form = DayForm()
            form.validate()
            return form.errors

    assert errors("ja", {"day": "32", "name": "abcd"}) == {
        "day": ["1から31までの数値を入力してください。"], "name": ["3文字以内で入力してください。"]}
    assert errors("ja", {"day": "", "name": ""}) == {"day": ["必ず入力してください。"]}
    assert errors("en", {"day": "32", "name": ""}) == {
        "day": ["Number must be between 1 and 31."]}
