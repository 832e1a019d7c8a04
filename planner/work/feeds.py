"""A person's ICS feed: one all-day event per open occurrence of their tasks
(and of the run steps given to them), on the day to do it by (its work-by
date); a statutory one names its legal due date in the summary and the
description, a run's step its employee, event and assignee."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask_babel import format_date
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from planner.core.signals import merged
from planner.people.models.user import User
from planner.work import operations as occurrences
from planner.work.models import Occurrence
from planner.work.signals import RunStep, run_steps

# All-day events start at midnight: an alarm "N days before" fires at 09:00
# that day, when people are at their desks, not in the middle of the night.
ALARM_HOUR = 9


def feed_for(person: User, base_url: str, host: str, calendar_name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Back-office planner//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-published-ttl", "PT1H")
    stamp = datetime.now(timezone.utc)
    found = occurrences.for_feed(person)
    runs = merged(run_steps.send(None, occurrences=[o for o in found if o.event_id]))
    for occurrence in found:
        calendar.add_component(_event(occurrence, base_url, host, stamp, runs.get(occurrence.id)))
    return calendar.to_ical()


def _event(occurrence: Occurrence, base_url: str, host: str, stamp: datetime,
           run: RunStep | None = None) -> Event:
    task = occurrence.task
    title = task.title if run is None else _("%(title)s · %(run)s", title=task.title,
                                             run=run.label)
    event = Event()
    # Stable per occurrence, so a calendar updates the event instead of adding one.
    event.add("uid", f"occurrence-{occurrence.id}@{host}")
    event.add("dtstamp", stamp)
    # On the work-by date: the alarms (the task's lead times) then ring when
    # the reminders do, and the work is not planned into a company closure.
    event.add("dtstart", occurrence.work_by)
    event.add("dtend", occurrence.work_by + timedelta(days=1))
    legal = None
    if occurrence.work_by != occurrence.due_date:
        legal = _("Legal due date: %(date)s", date=format_date(occurrence.due_date, "long"))
        event.add("summary", _("%(title)s (legal due date %(date)s)", title=title,
                               date=occurrence.due_date.isoformat()))
    else:
        event.add("summary", title)
    url = f"{base_url.rstrip('/')}/tasks/{task.id}"
    assigned = _("Assigned to %(name)s", name=run.doer) if run and run.doer else None
    # A step's home is its run's page: the checklist it is one line of.
    home = f"{base_url.rstrip('/')}{run.path}" if run else url
    lines = [line for line in (legal, assigned, task.legal_basis, home if run else None, url)
             if line]
    event.add("description", "\n".join(lines))
    event.add("url", home)
    event.add("transp", "TRANSPARENT")
    for days in sorted(set(task.lead_days or []), reverse=True):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", task.title)
        alarm.add("trigger", timedelta(days=-days, hours=ALARM_HOUR))
        event.add_component(alarm)
    return event
