"""The organisation's calendar as stored: weekend days, closures, country."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from planner.calendar.domain import DEFAULT_WEEKEND, BusinessCalendar
from planner.calendar.models import ClosedDay
from planner.calendar.signals import calendar_changed
from planner.core.errors import N_, NotFound, ValidationError
from planner.core.extensions import db
from planner.core.setting import Setting

WEEKEND_SETTING = "weekend_days"
NAME_MAX = 120  # closed_days.name
# Most Japanese companies close for the new year; a new organisation starts so.
DEFAULT_CLOSURES = (("年末年始休業", date(2000, 12, 29), date(2000, 1, 3), True),)


def weekend_days() -> frozenset[int]:
    setting = db.session.get(Setting, WEEKEND_SETTING)
    if setting is None or not isinstance(setting.value, list):
        return DEFAULT_WEEKEND
    return frozenset(int(d) for d in setting.value)


def load_calendar() -> BusinessCalendar:
    closures = db.session.scalars(select(ClosedDay).order_by(ClosedDay.start_date))
    return BusinessCalendar(
        country=current_app.config["PLANNER_COUNTRY"],
        weekend=weekend_days(),
        closed=tuple(c.as_period() for c in closures),
    )


def install_default_closures() -> None:
    """Give a new organisation the usual year-end closure (once)."""
    if db.session.scalar(select(ClosedDay.id).limit(1)) is None:
        for name, start, end, yearly in DEFAULT_CLOSURES:
            db.session.add(ClosedDay(name=name, start_date=start, end_date=end, yearly=yearly))
        db.session.flush()


def list_closed_days() -> list[ClosedDay]:
    return list(db.session.scalars(
        select(ClosedDay).order_by(ClosedDay.yearly.desc(), ClosedDay.start_date)))


def get_closed_day(closed_day_id: int) -> ClosedDay:
    closure = db.session.get(ClosedDay, closed_day_id)
    if closure is None:
        raise NotFound()
    return closure


def add_closed_day(name: str, start: date, end: date, yearly: bool) -> ClosedDay:
    """Record a closure; due dates follow it (the page, the API and the
    command all come here, so they re-plan alike)."""
    name = (name or "").strip()
    errors: dict[str, list] = {}
    if not name:
        errors["name"] = [N_("Enter a name, such as 年末年始休業.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [N_("Use at most %(max)d characters.", max=NAME_MAX)]
    if not yearly and end < start:
        errors["end_date"] = [N_("The end must not be before the start.")]
    if errors:
        raise ValidationError(errors)
    closure = ClosedDay(name=name, start_date=start, end_date=end, yearly=yearly)
    db.session.add(closure)
    db.session.flush()
    calendar_changed.send(None)
    return closure


def remove_closed_day(closed_day_id: int) -> None:
    db.session.delete(get_closed_day(closed_day_id))
    db.session.flush()
    calendar_changed.send(None)


def set_weekend_days(days: list[int]) -> None:
    if any(d not in range(7) for d in days) or len(set(days)) > 6:
        raise ValidationError.single("weekend", N_("Choose at most six weekdays."))
    setting = db.session.get(Setting, WEEKEND_SETTING)
    if setting is None:
        db.session.add(Setting(key=WEEKEND_SETTING, value=sorted(set(days))))
    else:
        setting.value = sorted(set(days))
    db.session.flush()
    calendar_changed.send(None)
