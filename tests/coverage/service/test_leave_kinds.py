"""The kinds of leave: half days (午前休・午後休) leave the person at work for
the at-risk checks and are one day long; 介護休業, 産前産後休業 and 特別休暇
are whole days away like annual leave; the labels reach the pages and the
Excel import in Japanese."""
from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import workbook_bytes
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.core import labels
from planner.core.errors import ValidationError
from planner.core.extensions import db
from planner.core.i18n import translate
from planner.coverage import operations as coverage
from planner.coverage.absences import AbsenceData, create_absence
from planner.coverage.models.absence import ABSENCE_KINDS, Absence
from planner.people.models.user import User
from planner.transfer import imports
from planner.work.models import Occurrence


def _first_due(task_id: int):  # noqa: ANN202
    return db.session.scalar(select(Occurrence.due_date).where(
        Occurrence.task_id == task_id, Occurrence.status == "open")
        .order_by(Occurrence.due_date).limit(1))


@pytest.mark.parametrize("kind", ["half_day_am", "half_day_pm"])
def test_a_half_day_off_leaves_the_deadline_covered(ctx, world, kind):
    staff, manager = db.session.get(User, world.staff), db.session.get(User, world.manager)
    due = _first_due(world.payroll_task)
    # The task's lead time is a single day (the default, 0): the due date alone.
    create_absence(staff, AbsenceData(world.staff, due, due, kind))
    db.session.commit()
    assert coverage.dashboard(manager).at_risk == []


@pytest.mark.parametrize("kind", ["family_care", "maternity", "special", "annual_leave"])
def test_a_whole_day_away_puts_the_deadline_at_risk(ctx, world, kind):
    staff, manager = db.session.get(User, world.staff), db.session.get(User, world.manager)
    due = _first_due(world.payroll_task)
    create_absence(staff, AbsenceData(world.staff, due - timedelta(days=10), due, kind))
    db.session.commit()
    assert [a.occurrence.due_date for a in coverage.dashboard(manager).at_risk] == [due]


def test_a_half_day_is_one_day(ctx, world):
    staff = db.session.get(User, world.staff)
    due = _first_due(world.payroll_task)
    with pytest.raises(ValidationError) as caught:
        create_absence(staff, AbsenceData(world.staff, due, due + timedelta(days=1),
                                          "half_day_am"))
    assert list(caught.value.fields) == ["end_date"]
    # The table refuses it too, whatever path writes it.
    db.session.add(Absence(user_id=world.staff, start_date=due, end_date=due + timedelta(days=1),
                           kind="half_day_pm"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_every_kind_has_a_japanese_label(app):
    with app.test_request_context(), force_locale("ja"):
        shown = {kind: str(labels.ABSENCE_KIND[kind]) for kind in ABSENCE_KINDS}
    assert shown["half_day_am"] == "午前休" and shown["half_day_pm"] == "午後休"
    assert shown["family_care"] == "介護休業" and shown["maternity"] == "産前産後休業"
    assert shown["special"] == "特別休暇"
    assert all(not label.isascii() for label in shown.values())


def test_the_import_takes_the_japanese_labels(ctx, world):
    staff = db.session.get(User, world.staff)
    header = ["person", "start_date", "end_date", "kind", "note"]
    rows = [["staff@example.com", "2027/01/08", "2027/01/08", "午後休", "通院"],
            ["staff@example.com", "2027/02/01", "2027/03/31", "介護休業", ""],
            ["staff@example.com", "2027/04/05", "2027/04/06", "午前休", ""]]
    with force_locale("ja"):
        report = imports.run_import(staff, "absences", workbook_bytes(header, rows))
        assert [r.action for r in report.rows] == ["create", "create", "reject"]
        [problem] = report.rows[2].problems
        assert (problem.cell, translate(problem.message)) == (
            "C4", "半日休暇は1日だけです。終了日を開始日と同じ日にしてください。")
    report = imports.run_import(staff, "absences", workbook_bytes(header, rows[:2]), commit=True)
    assert report.committed
    db.session.commit()
    assert sorted(db.session.scalars(select(Absence.kind))) == ["family_care", "half_day_pm"]
