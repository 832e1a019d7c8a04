"""Suggestions per task and the managers' reviews of them."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, extract, func, literal_column, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from planner.core import memo, settings
from planner.core.clock import org_today
from planner.core.errors import N_, Forbidden, ValidationError
from planner.core.extensions import db
from planner.core.pagination import Page, paginate
from planner.core.roles import Role
from planner.core.types import utcnow
from planner.costing import domain as rules
from planner.costing import estimates
from planner.costing.models.suggestion import SUGGESTION_STATUSES, Suggestion, SuggestionDecision
from planner.coverage.operations import risk_scores, task_coverage
from planner.people.access import get_visible, scope_of
from planner.people.models.department import Department
from planner.people.models.user import User, user_departments
from planner.tasks.models import Task, TaskOwner
from planner.work.operations import measured_efforts

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
    found = estimates.estimates_for(tasks)
    changed = 0
    for task in tasks:
        estimate = found[task.id]
        proposal = rules.suggest(estimate.typical, estimate.suitability,
                                 coverage[task.id].single_point_of_failure, limits)
        current = existing.get(task.id)
        figures = (proposal.kind, proposal.annual_saving, proposal.npv,
                   proposal.payback_months, proposal.suitability)
        if current is None:
            current = Suggestion(task_id=task.id)
            db.session.add(current)
        elif current.status == "done":
            changed += _realise(current, estimate)
            continue
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


def _realise(suggestion: Suggestion, estimate: estimates.TaskEstimate) -> int:
    """A done change's saving, measured: the effort measured before the
    decision against the effort measured since completion, less what the new
    way costs to run. Stays None until both sides have enough measurements."""
    decided = suggestion.decided_at or suggestion.completed_at
    before = measured_efforts([suggestion.task_id], completed_before=decided)
    after = measured_efforts([suggestion.task_id], completed_after=suggestion.completed_at)
    realised = None
    if suggestion.task_id in before and suggestion.task_id in after:
        profile = estimate.profile
        running = {rules.AUTOMATE: profile.automation_annual_cost,
                   rules.OUTSOURCE: estimates.outsourcing_fees(estimate)}.get(suggestion.kind, 0)
        realised = rules.realised_saving(
            estimate.typical.occurrences_per_year, before[suggestion.task_id],
            after[suggestion.task_id], profile.hourly_cost, Decimal(running))
    if realised == suggestion.realised_saving:
        return 0
    suggestion.realised_saving = realised
    return 1


def recompute_for(task_ids: Iterable[int] = (), owner_ids: Iterable[int] = ()) -> int:
    """Recompute the proposals of the tasks written in this transaction and of
    the tasks of the people whose standing changed (a person leaving makes
    their tasks single points of failure), a thousand tasks a query."""
    wanted = set(task_ids)
    if owner_ids:
        wanted.update(db.session.scalars(select(TaskOwner.task_id).where(
            TaskOwner.user_id.in_(list(owner_ids)))))
    ordered = sorted(wanted)
    changed = 0
    for start in range(0, len(ordered), 1000):
        changed += recompute(list(db.session.scalars(
            select(Task).where(Task.id.in_(ordered[start:start + 1000]),
                               Task.archived_at.is_(None))
            .options(selectinload(Task.owners)))))
    return changed


@dataclass(frozen=True)
class SuggestionFilters:
    """What the portfolio lists; None is "any"."""
    status: str | None = None
    kind: str | None = None
    department_id: int | None = None


def suggestion_query(actor: User, status: str | None = None, kind: str | None = None,  # noqa: ANN201
                     department_id: int | None = None, *, actionable: bool = False):
    """The actor's suggestions, best NPV first. With `actionable`, undecided
    "keep" proposals are left out unless asked for by kind: they ask nothing
    of anyone, and they are half of a large company's tasks."""
    departments = scope_of(actor).restrict([department_id] if department_id else None)
    query = select(Suggestion).join(Suggestion.task).where(Task.archived_at.is_(None))
    if departments is not None:
        query = query.where(Task.department_id.in_(departments))
    if status:
        query = query.where(Suggestion.status == status)
    if kind:
        query = query.where(Suggestion.kind == kind)
    elif actionable:
        query = query.where(or_(Suggestion.kind != "keep", Suggestion.status != "proposed"))
    return query.order_by(Suggestion.npv.desc(), Suggestion.id)


def list_suggestions(actor: User, page: int = 1, per_page: int = 50, **filters
                     ) -> Page[Suggestion]:
    return paginate(suggestion_query(actor, **filters), page, per_page)


def owners_by_department(department_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """(id, name) of the active people of each department, by name, who may
    carry out its suggestions: one query for a page of review forms whatever
    departments its suggestions belong to, and plain rows, as the forms need
    no more than a name (a person loads their departments too)."""

    people: dict[int, list[tuple[int, str]]] = {department_id: []
                                                 for department_id in department_ids}
    if not people:
        return people
    rows = db.session.execute(
        select(user_departments.c.department_id, User.id, User.name)
        .join(User, User.id == user_departments.c.user_id)
        .where(user_departments.c.department_id.in_(list(people)), User.active.is_(True))
        .order_by(User.reading_key, User.id))
    for department_id, person_id, name in rows:
        people[department_id].append((person_id, name))
    return people


def get_suggestion(actor: User, suggestion_id: int) -> Suggestion:
    return get_visible(actor, Suggestion, suggestion_id, lambda s: s.task.department_id)


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
class PortfolioPage:
    """One page of the portfolio: its suggestions with their tasks' risk
    scores, and the savings totals of everything the filters' departments hold."""

    page: Page[Suggestion]
    risk: dict[int, int]  # task id -> key-person risk score, for the page's tasks
    totals: dict[tuple[str, int], dict[str, int]]  # (department name, fiscal year) -> sums


def portfolio_page(actor: User, filters: SuggestionFilters, page: int, per_page: int
                   ) -> PortfolioPage:
    """Ranked by NPV; the work is one page's, however many suggestions there
    are: the ranking (ids only) is kept until the next write, as ranking a
    large company's suggestions reads all of them."""
    query = suggestion_query(actor, filters.status, filters.kind, filters.department_id,
                             actionable=True)
    departments = scope_of(actor).restrict([filters.department_id] if filters.department_id
                                           else None)
    ranked = memo.remember(
        ("suggestions.ranked", departments, filters.status, filters.kind),
        lambda: tuple(db.session.scalars(query.with_only_columns(Suggestion.id))))
    wanted = ranked[(page - 1) * per_page: page * per_page]
    found = {s.id: s for s in db.session.scalars(
        query.where(Suggestion.id.in_(wanted)).options(*_page_loads())).unique()}
    items = [found[i] for i in wanted if i in found]
    return PortfolioPage(Page(items, len(ranked), page, per_page),
                         risk_of([s.task for s in items]),
                         savings_totals(actor, filters.department_id))


def page_holding(actor: User, suggestion: Suggestion, filters: SuggestionFilters,
                 per_page: int) -> tuple[SuggestionFilters, int]:
    """The page of the filtered list a suggestion is on now, so that a failed
    review is shown where its form is; should the filters no longer hold it
    (someone decided it meanwhile), the list of its own status and kind."""
    for wanted in (filters, SuggestionFilters(suggestion.status, suggestion.kind,
                                              filters.department_id)):
        query = suggestion_query(actor, wanted.status, wanted.kind, wanted.department_id,
                                 actionable=True).order_by(None)
        if db.session.scalar(select(func.count()).select_from(
                query.where(Suggestion.id == suggestion.id).subquery())):
            ahead = db.session.scalar(select(func.count()).select_from(query.where(or_(
                Suggestion.npv > suggestion.npv,
                and_(Suggestion.npv == suggestion.npv, Suggestion.id < suggestion.id)))
                .subquery())) or 0
            return wanted, ahead // per_page + 1
    return SuggestionFilters(suggestion.status, suggestion.kind), 1


def _page_loads():  # noqa: ANN202
    # The tasks from the join the query filters on (a second join, Suggestion.task's
    # own eager one, made PostgreSQL plan a parallel scan three times slower),
    # the suggestion's owner joined too. Only the columns the list, the risk
    # score and the export read, and not the departments every person loads
    # by default.
    task = contains_eager(Suggestion.task).load_only(Task.title, Task.department_id,
                                                     Task.criticality)
    return (task, joinedload(Suggestion.owner).load_only(User.name).lazyload(User.departments))


def risk_of(tasks: list[Task]) -> dict[int, int]:
    return risk_scores(tasks, org_today())


def _utc(column):  # noqa: ANN001, ANN202
    """A timestamp column as UTC wall time: PostgreSQL's timestamptz would be
    read in the session's time zone, SQLite stores UTC text already."""
    if db.session.get_bind().dialect.name == "postgresql":
        # A literal, not a parameter: GROUP BY must repeat the very expression.
        return func.timezone(literal_column("'UTC'"), column)
    return column


def savings_totals(actor: User, department_id: int | None = None
                   ) -> dict[tuple[str, int], dict[str, int]]:
    """Planned (approved or started, by due date) and realised (done, by
    completion) savings a year per department and fiscal year (April–March by
    default). One query sums them per department and month, a few hundred
    rows at most whatever the number of suggestions, and the domain folds the
    months into fiscal years. Kept until the next write (planner.core.memo):
    the sums still read every decided suggestion of the departments."""
    departments = scope_of(actor).restrict([department_id] if department_id else None)
    return memo.remember(("suggestions.totals", departments), lambda: _totals(departments))


def _totals(departments: frozenset[int] | None) -> dict[tuple[str, int], dict[str, int]]:
    done = Suggestion.status == "done"
    completed = _utc(Suggestion.completed_at)
    realised = done.label("realised")
    year = case((done, extract("year", completed)),
                else_=extract("year", Suggestion.due_date)).label("year")
    month = case((done, extract("month", completed)),
                 else_=extract("month", Suggestion.due_date)).label("month")
    # A done change counts what it was measured to save, once it has been.
    saving = func.coalesce(Suggestion.realised_saving, Suggestion.annual_saving)
    query = (select(Department.name, realised, year, month, func.sum(saving))
             .join(Task, Task.id == Suggestion.task_id)
             .join(Department, Department.id == Task.department_id)
             .where(Task.archived_at.is_(None), or_(
                 and_(Suggestion.status.in_(("approved", "in_progress")),
                      Suggestion.due_date.is_not(None)),
                 and_(done, Suggestion.completed_at.is_not(None))))
             # By the labels: PostgreSQL would not see two renderings of the
             # same CASE, each with its own parameters, as one expression.
             .group_by(Department.name, realised, year, month))
    if departments is not None:
        query = query.where(Task.department_id.in_(departments))
    start_month = settings.fiscal_year_start_month()
    totals: dict[tuple[str, int], dict[str, int]] = defaultdict(
        lambda: {"planned": 0, "realised": 0})
    for name, is_realised, y, m, saving in db.session.execute(query):
        fiscal = rules.fiscal_year(date(int(y), int(m), 1), start_month)
        totals[(name, fiscal)]["realised" if is_realised else "planned"] += int(saving or 0)
    return {key: dict(sums) for key, sums in sorted(totals.items())}  # plain data, to keep


@dataclass
class Portfolio:
    """Every suggestion, for the export: rows stream in chunks."""
    rows: Iterable[tuple[Suggestion, int]]  # (suggestion, its task's risk score)
    totals: dict[tuple[str, int], dict[str, int]]  # (department name, fiscal year) -> sums


def portfolio(actor: User, chunk: int = 500) -> Portfolio:
    """Every suggestion of the actor's departments, ranked by NPV, with its
    task's risk score, and the savings totals: for the export."""
    return Portfolio(_ranked(actor, chunk), savings_totals(actor))


def _ranked(actor: User, chunk: int) -> Iterator[tuple[Suggestion, int]]:
    """All the actor's suggestions by NPV in chunks (keyset on NPV and id, so
    each chunk is one indexed step, not an ever larger OFFSET), each chunk's
    risk scores computed together; memory stays flat at any size."""
    query = suggestion_query(actor).options(*_page_loads())
    last: tuple[int, int] | None = None
    while True:
        step = query if last is None else query.where(or_(
            Suggestion.npv < last[0], and_(Suggestion.npv == last[0], Suggestion.id > last[1])))
        rows = list(db.session.scalars(step.limit(chunk)))
        if not rows:
            return
        risk = risk_of([s.task for s in rows])
        for suggestion in rows:
            yield suggestion, risk[suggestion.task_id]
        last = (rows[-1].npv, rows[-1].id)
        db.session.expire_all()  # let the chunk go
