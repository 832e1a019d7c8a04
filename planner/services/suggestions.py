"""Suggestions per task and the managers' reviews of them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from planner.domain import costing as rules
from planner.domain.errors import N_, Forbidden, NotFound, ValidationError
from planner.domain.roles import Role
from planner.domain.tasks import QUALIFIED_LEVEL
from planner.extensions import db
from planner.models import Suggestion, SuggestionDecision, Task, TaskOwner, User
from planner.models.suggestion import SUGGESTION_STATUSES
from planner.models.types import utcnow
from planner.services import costing, settings
from planner.services.access import scope_of
from planner.services.calendar import org_today
from planner.services.coverage import task_coverage
from planner.services.pagination import Page, paginate

__all__ = ["SUGGESTION_STATUSES"]

# Which decisions may follow which status.
ACTIONS = {
    "approve": ({"proposed", "deferred", "rejected"}, "approved"),
    "reject": ({"proposed", "deferred", "approved"}, "rejected"),
    "defer": ({"proposed", "approved"}, "deferred"),
    "start": ({"approved"}, "in_progress"),
    "done": ({"approved", "in_progress"}, "done"),
}
UNDECIDED = {"proposed"}


def thresholds() -> rules.Thresholds:
    return rules.Thresholds(**{k: settings.get(f"suggestion_{k}")
                               for k in ("min_annual_saving", "max_payback_months",
                                         "min_suitability")})


def recompute(tasks: list[Task] | None = None) -> int:
    """Bring proposals up to date; a suggestion a manager has decided stays.

    Only a proposal whose figures changed, or that is older than its task's
    last edit, is written (and audited): recomputing an unchanged portfolio
    writes nothing."""
    if tasks is None:
        tasks = list(db.session.scalars(select(Task).where(Task.archived_at.is_(None))
                                        .options(selectinload(Task.owners))))
    if not tasks:
        return 0
    coverage = task_coverage(tasks, org_today())
    existing = {s.task_id: s for s in db.session.scalars(
        select(Suggestion).where(Suggestion.task_id.in_([t.id for t in tasks])))}
    limits = thresholds()
    estimates = costing.estimates_for(tasks)
    changed = 0
    for task in tasks:
        result, values = estimates[task.id]
        suitability = costing.suitability_of(values)
        proposal = rules.suggest(result, suitability[0] if suitability else None,
                                 coverage[task.id].single_point_of_failure, limits)
        current = existing.get(task.id)
        figures = (proposal.kind, proposal.annual_saving, proposal.npv,
                   proposal.payback_months, proposal.suitability)
        if current is None:
            current = Suggestion(task_id=task.id)
            db.session.add(current)
        elif current.status not in UNDECIDED:
            continue
        elif figures == (current.kind, current.annual_saving, current.npv,
                         current.payback_months, current.suitability) and (
                current.computed_at >= task.updated_at):
            continue
        (current.kind, current.annual_saving, current.npv, current.payback_months,
         current.suitability) = figures
        current.computed_at = utcnow()
        changed += 1
    db.session.flush()
    return changed


def _qualified_count():  # noqa: ANN202
    """Qualified owners of the task in the enclosing query (a correlated subquery)."""
    return (select(func.count(TaskOwner.id)).join(User, User.id == TaskOwner.user_id)
            .where(TaskOwner.task_id == Task.id, TaskOwner.level >= QUALIFIED_LEVEL,
                   User.active.is_(True))
            .correlate(Task).scalar_subquery())


def refresh(actor: User | None = None) -> int:
    """Recompute the proposals (of the actor's departments) that may be out of
    date, in one query to find them: tasks without a proposal, tasks edited
    since theirs was computed, and undecided proposals whose single point of
    failure no longer matches the owners (only "cross-train" and "keep"
    depend on it). Cost inputs recompute their tasks when saved, and the
    scheduler recomputes everything hourly, as the occurrences of the next
    12 months move with the calendar; so a page needs only this."""
    qualified = _qualified_count()
    stale = (select(Task.id).outerjoin(Suggestion, Suggestion.task_id == Task.id)
             .where(Task.archived_at.is_(None), or_(
                 Suggestion.id.is_(None),
                 and_(Suggestion.status.in_(UNDECIDED), or_(
                     Task.updated_at > Suggestion.computed_at,
                     and_(Suggestion.kind == "cross_train", qualified >= 2),
                     and_(Suggestion.kind == "keep", qualified < 2))))))
    if actor is not None:
        scope = scope_of(actor)
        if not scope.all_departments:
            stale = stale.where(Task.department_id.in_(scope.department_ids))
    task_ids = list(db.session.scalars(stale))
    if not task_ids:
        return 0
    changed = 0
    for start in range(0, len(task_ids), 1000):
        changed += recompute(list(db.session.scalars(
            select(Task).where(Task.id.in_(task_ids[start:start + 1000]))
            .options(selectinload(Task.owners)))))
    return changed


def suggestion_query(actor: User, status: str | None = None, kind: str | None = None):  # noqa: ANN201
    scope = scope_of(actor)
    query = select(Suggestion).join(Suggestion.task).where(Task.archived_at.is_(None))
    if not scope.all_departments:
        query = query.where(Task.department_id.in_(scope.department_ids))
    if status:
        query = query.where(Suggestion.status == status)
    if kind:
        query = query.where(Suggestion.kind == kind)
    return query.order_by(Suggestion.npv.desc(), Suggestion.id)


def list_suggestions(actor: User, page: int = 1, per_page: int = 50, **filters
                     ) -> Page[Suggestion]:
    return paginate(suggestion_query(actor, **filters), page, per_page)


def get_suggestion(actor: User, suggestion_id: int) -> Suggestion:
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None or not scope_of(actor).covers(suggestion.task.department_id):
        raise NotFound()
    return suggestion


@dataclass
class Review:
    action: str
    note: str = ""
    owner_id: int | None = None
    due_date: date | None = None


def review(actor: User, suggestion: Suggestion, decision: Review) -> Suggestion:
    """A manager's decision; approving needs an owner and a due date."""
    if not Role(actor.role).at_least(Role.MANAGER):
        raise Forbidden()
    if decision.action not in ACTIONS:
        raise ValidationError.single("action", N_("Unknown action."))
    allowed_from, new_status = ACTIONS[decision.action]
    if suggestion.status not in allowed_from:
        raise ValidationError.single("action", N_("This suggestion cannot take that step now."))
    if decision.action == "approve":
        errors: dict[str, list] = {}
        owner = db.session.get(User, decision.owner_id) if decision.owner_id else None
        if owner is None or not owner.active or not scope_of(owner).covers(
                suggestion.task.department_id):
            errors["owner_id"] = [N_("Choose an active person of the task's department.")]
        if decision.due_date is None:
            errors["due_date"] = [N_("Enter the date it should be done by.")]
        if errors:
            raise ValidationError(errors)
        suggestion.owner_id, suggestion.due_date = owner.id, decision.due_date
        suggestion.decided_at = utcnow()
    if decision.action in ("reject", "defer"):
        suggestion.decided_at = utcnow()
    if decision.action == "done":
        suggestion.completed_at = utcnow()
    suggestion.status = new_status
    suggestion.note = (decision.note or "").strip()[:1000] or suggestion.note
    db.session.add(SuggestionDecision(suggestion_id=suggestion.id, action=decision.action,
                                      note=(decision.note or "").strip()[:1000],
                                      actor_id=actor.id))
    db.session.flush()
    return suggestion


def assigned_to(person: User) -> list[Suggestion]:
    """Approved suggestions a person carries out (shown on "my work")."""
    return list(db.session.scalars(
        select(Suggestion).where(Suggestion.owner_id == person.id,
                                 Suggestion.status.in_(("approved", "in_progress")))
        .order_by(Suggestion.due_date)))


def history(suggestion: Suggestion) -> list[SuggestionDecision]:
    return list(db.session.scalars(
        select(SuggestionDecision).where(SuggestionDecision.suggestion_id == suggestion.id)
        .order_by(SuggestionDecision.at)))


@dataclass
class Portfolio:
    suggestions: list[Suggestion]
    risk: dict[int, int]
    totals: dict[tuple[str, int], dict[str, int]]  # (department name, fiscal year) -> sums


def portfolio(actor: User) -> Portfolio:
    """Ranked by NPV, with each task's risk score and planned and realised
    savings per department and fiscal year (April–March)."""
    suggestions = list(db.session.scalars(suggestion_query(actor).options(
        selectinload(Suggestion.task).selectinload(Task.owners))))
    tasks = [s.task for s in suggestions]
    coverage = task_coverage(tasks, org_today())
    start_month = int(settings.get("fiscal_year_start_month"))
    totals: dict[tuple[str, int], dict[str, int]] = defaultdict(
        lambda: {"planned": 0, "realised": 0})
    for s in suggestions:
        department = s.task.department.name
        if s.status in ("approved", "in_progress") and s.due_date:
            totals[(department, rules.fiscal_year(s.due_date, start_month))]["planned"] += (
                s.annual_saving)
        elif s.status == "done" and s.completed_at:
            totals[(department, rules.fiscal_year(s.completed_at.date(), start_month))][
                "realised"] += s.annual_saving
    return Portfolio(suggestions, {t.id: coverage[t.id].risk_score for t in tasks},
                     dict(sorted(totals.items())))
