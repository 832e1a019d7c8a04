"""What the events feature does when the roster tells it something: its
section of an employee's data download, and a leaver's notes removed when
their personal data is."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from planner.core.audit_entry import AuditEntry
from planner.core.extensions import db
from planner.employees.models import Employee
from planner.employees.signals import employee_anonymised, employee_personal_data
from planner.events.models import Event


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
