"""What the events feature does when the roster tells it something (its
section of an employee's data download, and a leaver's notes removed when
their personal data is) and what it says about the run steps the calendar
and the ICS feed show."""
from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.employees.models import Employee
from planner.employees.signals import employee_anonymised, employee_personal_data
from planner.events.event_types import event_type
from planner.events.models import Event
from planner.events.views import type_title
from planner.people.models.user import User
from planner.tasks.models import TaskOwner
from planner.work.models import Occurrence
from planner.work.signals import RunStep, run_steps


@employee_personal_data.connect
def _their_events(employee: Employee, **_: Any) -> dict[str, Any]:
    events = db.session.scalars(select(Event).where(Event.employee_id == employee.id)
                                .order_by(Event.date, Event.id))
    return {"events": [{"id": e.id, "type": e.type_key, "date": e.date.isoformat(),
                        "status": e.status, "source": e.source, "note": e.note,
                        "recorded_at": e.recorded_at.isoformat()} for e in events]}


@employee_anonymised.connect
def _forget_the_notes(employee: Employee, **_: Any) -> None:
    # A note is free text about the employee (自己都合退職、転居先…): it goes
    # with their name; the events and their procedures stay.
    theirs = select(Event.id).where(Event.employee_id == employee.id)
    db.session.execute(update(Event).where(Event.id.in_(theirs), Event.note != "")
                       .values(note="").execution_options(synchronize_session="fetch"))
    # The audit trail keeps what was written: the note goes from it too
    # (a create records the value, a change [old, new]).
    for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == Event.__name__,
            AuditEntry.entity_id.in_([str(i) for i in db.session.scalars(theirs)]))):
        if isinstance(entry.changes, dict) and "note" in entry.changes:
            note = entry.changes["note"]
            entry.changes = {**entry.changes,
                             "note": ["", ""] if isinstance(note, list) else ""}
    db.session.flush()


@run_steps.connect
def _steps_of_runs(_sender: Any, occurrences: list[Occurrence], **_: Any
                   ) -> dict[int, RunStep]:
    """Each step's employee and event, and who does it: one query."""
    wanted = [o.id for o in occurrences if o.event_id is not None]
    if not wanted:
        return {}
    assignee, primary, owner = aliased(User), aliased(TaskOwner), aliased(User)
    rows = db.session.execute(
        select(Occurrence.id, Event.id, Event.type_key, Employee.name,
               func.coalesce(assignee.name, owner.name))
        .join(Event, Event.id == Occurrence.event_id)
        .join(Employee, Employee.id == Event.employee_id)
        .outerjoin(assignee, assignee.id == Occurrence.assignee_id)
        .outerjoin(primary, (primary.task_id == Occurrence.task_id) & (primary.role == "primary"))
        .outerjoin(owner, owner.id == primary.user_id)
        .where(Occurrence.id.in_(wanted)))
    return {occurrence_id: RunStep(
                gettext("%(employee)s (%(event)s)", employee=employee,
                  event=type_title(event_type(type_key), type_key)),
                url_for("events.show", event_id=event_id), doer)
            for occurrence_id, event_id, type_key, employee, doer in rows}
