"""A seeded, repeatable generator of a company's recurring tasks."""
from __future__ import annotations

import random
from datetime import date

from planner.domain.recurrence import Schedule
from planner.extensions import db
from planner.models import Department, Task
from planner.services.calendar import install_default_closures

RULE_MIX = (
    # (weight, factory) — mostly monthly, then business days, then yearly statutory.
    (45, lambda r: ("rrule", f"FREQ=MONTHLY;BYMONTHDAY={r.randint(1, 28)}", None)),
    (10, lambda r: ("rrule", "FREQ=MONTHLY;BYMONTHDAY=-1", None)),
    (20, lambda r: ("business_day", None, r.choice([1, 2, 3, 5, -1, -2]))),
    (10, lambda r: ("rrule", f"FREQ=WEEKLY;BYDAY={r.choice(['MO', 'TU', 'WE', 'TH', 'FR'])}",
                    None)),
    (15, lambda r: ("rrule", f"FREQ=YEARLY;BYMONTH={r.randint(1, 12)};"
                             f"BYMONTHDAY={r.randint(1, 28)}", None)),
)


def schedules(count: int, seed: int = 42) -> list[Schedule]:
    rng = random.Random(seed)
    weights = [w for w, _ in RULE_MIX]
    factories = [f for _, f in RULE_MIX]
    result = []
    for _ in range(count):
        kind, rule, business_day = rng.choices(factories, weights)[0](rng)
        result.append(Schedule(kind, date(2025, 4, 1), rrule=rule, business_day=business_day,
                               shift=rng.choice(["none", "previous", "next"]),
                               lead_days=(7, 1, 0)))
    return result


def create_tasks(count: int, departments: int = 12, seed: int = 42) -> None:
    install_default_closures()
    made = [Department(code=f"dept-{n:02d}", name=f"部署{n:02d}") for n in range(departments)]
    db.session.add_all(made)
    db.session.flush()
    rng = random.Random(seed)
    for index, schedule in enumerate(schedules(count, seed)):
        task = Task(title=f"業務{index:05d}", department_id=made[index % departments].id,
                    category=rng.choice(["payroll", "tax", "accounting", "labour", "other"]),
                    criticality=rng.choice(["low", "medium", "high", "critical"]),
                    effort_minutes=rng.choice([30, 60, 90, 120, 240]))
        task.schedule = schedule
        db.session.add(task)
    db.session.flush()
