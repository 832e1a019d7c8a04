"""The overview's figures: each a count over the departments the person sees,
read in a few aggregate queries whatever the size of the data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select

from planner.core.clock import org_today
from planner.core.extensions import db
from planner.costing.models.suggestion import Suggestion
from planner.coverage import operations as coverage_service
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work.models import Occurrence


@dataclass(frozen=True)
class Overview:
    today: date
    week_end: date  # Sunday of this week
    overdue: int  # open work whose deadline has passed
    due_this_week: int  # open work due from today to Sunday
    awaiting_check: int  # work prepared and waiting for its double-check
    at_risk: int  # deadlines nobody qualified is there for
    coverage_gaps: int  # tasks only one person (or nobody) can do
    pending_reviews: int  # improvement suggestions waiting for a decision


def overview(actor: User, department_id: int | None = None, today: date | None = None
             ) -> Overview:
    """The counts for the actor's departments, or for one of them."""
    today = today or org_today()
    week_end = today + timedelta(days=6 - today.weekday())
    departments = scope_of(actor).restrict([department_id] if department_id else None)
    is_open = Occurrence.status == "open"
    work = (select(func.count(case((and_(is_open, Occurrence.due_date < today), 1))),
                   func.count(case((and_(is_open, Occurrence.due_date >= today), 1))),
                   func.count(case((Occurrence.status == "prepared", 1))))
            .select_from(Occurrence).join(Task, Task.id == Occurrence.task_id)
            .where(Task.archived_at.is_(None),
                   or_(Occurrence.status == "prepared",
                       and_(is_open, Occurrence.due_date <= week_end))))
    # Like the portfolio's own default: an undecided "keep" asks nothing of anyone.
    reviews = (select(func.count()).select_from(Suggestion)
               .join(Task, Task.id == Suggestion.task_id)
               .where(Task.archived_at.is_(None), Suggestion.status == "proposed",
                      Suggestion.kind != "keep"))
    if departments is not None:
        work = work.where(Task.department_id.in_(departments))
        reviews = reviews.where(Task.department_id.in_(departments))
    overdue, due_this_week, awaiting_check = db.session.execute(work).one()
    coverage = coverage_service.summary(actor, department_id, today)
    return Overview(today, week_end, overdue, due_this_week, awaiting_check,
                    coverage.at_risk, coverage.gaps, db.session.scalar(reviews) or 0)
