"""Cost profiles (department defaults, task overrides) and estimates."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from planner.core.errors import N_, Forbidden, ValidationError
from planner.core.extensions import db
from planner.core.roles import Role
from planner.costing import domain as rules
from planner.costing.models.assessment import Assessment
from planner.costing.models.cost_profile import (
    MONEY_FIELDS,
    PROFILE_FIELDS,
    SHARE_FIELDS,
    SUITABILITY_FIELDS,
    CostProfile,
)
from planner.costing.models.price_override import PriceOverride
from planner.costing.signals import cost_inputs_saved
from planner.people.access import scope_of
from planner.people.models.user import User
from planner.tasks.models import Task

__all__ = ["PROFILE_FIELDS"]

# Used where neither the task nor its department says otherwise.
DEFAULTS: dict[str, Any] = {
    "hourly_cost": 3000, "rework_rate": Decimal(0), "automation_build_cost": 0,
    "automation_annual_cost": 0, "automation_residual_share": Decimal(1),
    "outsourcing_fee_per_occurrence": 0, "outsourcing_monthly_fee": 0,
    "outsourcing_transition_cost": 0, "outsourcing_oversight_minutes": 0,
    "horizon_years": 3, "discount_rate": Decimal("0.03"),
}
MAX_MONEY = 10_000_000_000  # ¥10 billion: beyond any back-office task
# The price-book item a task's outsourcing is priced by (a key, not a figure).
PRICE_ITEM_FIELD = "outsourcing_price_item"


def _profile_of(task_id: int | None = None, department_id: int | None = None
                ) -> CostProfile | None:
    column = CostProfile.task_id if task_id is not None else CostProfile.department_id
    return db.session.scalar(select(CostProfile).where(column == (task_id or department_id)))


def values_of(profile: CostProfile | None) -> dict[str, Any]:
    return {name: getattr(profile, name) if profile else None for name in PROFILE_FIELDS}


def own_values(task: Task) -> dict[str, Any]:
    """The task's own inputs; None where it inherits."""
    return values_of(_profile_of(task_id=task.id))


# Where an effective input came from, as the estimate's basis names it.
EXPLICIT, DEPARTMENT_DEFAULT, BUILT_IN = "explicit", "department_default", "built_in"


def _merge_with_origins(own: dict[str, Any], department: dict[str, Any]
                        ) -> tuple[dict[str, Any], dict[str, str]]:
    """Field by field, the task's own value, else the department's default,
    else the built-in default; and which of the three each field took."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name in PROFILE_FIELDS:
        for layer, origin in ((own, EXPLICIT), (department, DEPARTMENT_DEFAULT)):
            if layer.get(name) is not None:
                values[name], origins[name] = layer[name], origin
                break
        else:
            values[name], origins[name] = DEFAULTS.get(name), BUILT_IN
    return values, origins


def _merge(own: dict[str, Any], department: dict[str, Any] | None = None) -> dict[str, Any]:
    return _merge_with_origins(own, department or {})[0]


def effective_with_origins_for(tasks: list[Task]
                               ) -> dict[int, tuple[dict[str, Any], dict[str, str]]]:
    """Effective inputs of many tasks in one query, with where each came from."""
    task_ids = [t.id for t in tasks]
    department_ids = list({t.department_id for t in tasks})
    profiles = list(db.session.scalars(select(CostProfile).where(
        CostProfile.task_id.in_(task_ids) | CostProfile.department_id.in_(department_ids))))
    own = {p.task_id: values_of(p) for p in profiles if p.task_id is not None}
    defaults = {p.department_id: values_of(p) for p in profiles if p.department_id is not None}
    return {t.id: _merge_with_origins(own.get(t.id, {}), defaults.get(t.department_id, {}))
            for t in tasks}


def effective_for(tasks: list[Task]) -> dict[int, dict[str, Any]]:
    """Effective inputs of many tasks in one query: task override, else
    department default, else the built-in default."""
    return {task_id: values for task_id, (values, _) in effective_with_origins_for(tasks).items()}


def effective(task: Task) -> dict[str, Any]:
    return effective_for([task])[task.id]


def check(values: dict[str, Any]) -> None:
    """Reject impossible inputs, naming each field."""
    errors: dict[str, list] = {}
    for name in MONEY_FIELDS:
        value = values.get(name)
        if value is not None and not 0 <= value <= MAX_MONEY:
            errors[name] = [N_("Enter a whole number of yen, 0 or more.")]
    for name in SHARE_FIELDS:
        value = values.get(name)
        if value is not None and not 0 <= value <= 1:
            errors[name] = [N_("Enter a share between 0 and 1.")]
    minutes = values.get("outsourcing_oversight_minutes")
    if minutes is not None and not 0 <= minutes <= 100 * 60:
        errors["outsourcing_oversight_minutes"] = [N_("Enter minutes from 0 to 6000.")]
    years = values.get("horizon_years")
    if years is not None and not 1 <= years <= 20:
        errors["horizon_years"] = [N_("Enter a horizon from 1 to 20 years.")]
    for name in SUITABILITY_FIELDS:
        value = values.get(name)
        if value is not None and not 1 <= value <= 5:
            errors[name] = [N_("Rate from 1 to 5.")]
    has_fee = any(values.get(n) for n in ("outsourcing_fee_per_occurrence",
                                            "outsourcing_monthly_fee"))
    if not has_fee and any(values.get(n) for n in ("outsourcing_transition_cost",
                                                  "outsourcing_oversight_minutes")):
        errors.setdefault("outsourcing_fee_per_occurrence", []).append(
            N_("Outsourcing costs need a fee per occurrence or a monthly fee."))
    if errors:
        raise ValidationError(errors)


def _fill(profile: CostProfile, values: dict[str, Any]) -> None:
    for name in PROFILE_FIELDS:
        # An empty choice of price-book item is no choice.
        setattr(profile, name, values.get(name) if values.get(name) != "" else None)


def save_task_profile(actor: User, task: Task, values: dict[str, Any]) -> CostProfile:
    """Replace a task's own cost inputs (None: inherit from the department)."""
    if not (Role(actor.role).at_least(Role.MANAGER) and scope_of(actor).covers(task.department_id)):
        raise Forbidden()
    check({**effective(task), **{k: v for k, v in values.items() if v is not None}})
    profile = _profile_of(task_id=task.id)
    if profile is None:
        profile = CostProfile(task_id=task.id)
        db.session.add(profile)
    _fill(profile, values)
    db.session.flush()
    cost_inputs_saved.send(None, tasks=[task])
    return profile


def department_values(department_id: int) -> dict[str, Any]:
    return values_of(_profile_of(department_id=department_id))


def department_effective(department_id: int) -> dict[str, Any]:
    """What the department's tasks inherit: its own default, else the built-in one."""
    return _merge(department_values(department_id))


def save_department_defaults(values: dict[str, Any], department_id: int) -> CostProfile:
    check({**DEFAULTS, **{k: v for k, v in values.items() if v is not None}})
    profile = _profile_of(department_id=department_id)
    if profile is None:
        profile = CostProfile(department_id=department_id)
        db.session.add(profile)
    _fill(profile, values)
    db.session.flush()
    cost_inputs_saved.send(None, tasks=list(db.session.scalars(select(Task).where(
        Task.department_id == department_id, Task.archived_at.is_(None)))))
    return profile


def domain_profile(values: dict[str, Any]) -> rules.CostProfile:
    def money(name: str) -> Decimal:
        return Decimal(values[name] or 0)

    return rules.CostProfile(
        hourly_cost=money("hourly_cost"), rework_rate=Decimal(values["rework_rate"] or 0),
        automation_build_cost=money("automation_build_cost"),
        automation_annual_cost=money("automation_annual_cost"),
        automation_residual_share=Decimal(values["automation_residual_share"]
                                          if values["automation_residual_share"] is not None
                                          else 1),
        outsourcing_fee_per_occurrence=money("outsourcing_fee_per_occurrence"),
        outsourcing_monthly_fee=money("outsourcing_monthly_fee"),
        outsourcing_transition_cost=money("outsourcing_transition_cost"),
        outsourcing_oversight_minutes=Decimal(values["outsourcing_oversight_minutes"] or 0),
        horizon_years=int(values["horizon_years"] or 3),
        discount_rate=Decimal(values["discount_rate"] if values["discount_rate"] is not None
                              else Decimal("0.03")),
    )


def suitability_of(values: dict[str, Any]) -> tuple[int, str] | None:
    ratings = {name.removeprefix("suitability_"): values[name] for name in SUITABILITY_FIELDS}
    if any(v is None for v in ratings.values()):
        return None
    return rules.suitability(ratings)


def assessment_of(task: Task) -> Assessment | None:
    return db.session.get(Assessment, task.id)


def price_overrides() -> dict[str, PriceOverride]:
    """The administrators' own prices, by price-book key."""
    return {o.key: o for o in db.session.scalars(select(PriceOverride))}
