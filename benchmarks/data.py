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
    made = create_departments(departments)
    rng = random.Random(seed)
    for index, schedule in enumerate(schedules(count, seed)):
        task = Task(title=f"業務{index:05d}", department_id=made[index % departments].id,
                    category=rng.choice(["payroll", "tax", "accounting", "labour", "other"]),
                    criticality=rng.choice(["low", "medium", "high", "critical"]),
                    effort_minutes=rng.choice([30, 60, 90, 120, 240]))
        task.schedule = schedule
        db.session.add(task)
    db.session.flush()


def write_task_workbook(path: str, count: int, departments: int = 12, seed: int = 42) -> None:
    """An import file of `count` task rows in the template's columns, for the
    departments create_departments() makes (write-only: the generator itself
    stays small at 50,000 rows)."""
    from openpyxl import Workbook

    from planner.domain.recurrence import preset_of
    from planner.services.columns import TASKS

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("tasks")
    sheet.append([c.key for c in TASKS])
    for index, schedule in enumerate(schedules(count, seed)):
        shown = preset_of(schedule)
        values = {
            "code": f"GEN-{index:06d}", "title": f"業務{index:05d}",
            "department": f"dept-{index % departments:02d}",
            "category": rng.choice(["payroll", "tax", "accounting", "labour", "other"]),
            "criticality": rng.choice(["low", "medium", "high", "critical"]),
            "preset": shown.preset, "day": shown.day, "weekday": shown.weekday,
            "month": shown.month, "business_day": shown.business_day,
            "rrule": schedule.rrule if shown.preset == "custom" else None,
            "dtstart": schedule.dtstart, "shift": schedule.shift, "lead_days": "7, 1, 0",
            "legal_basis": "", "effort_minutes": rng.choice([30, 60, 90, 120, 240]),
            "procedure": "1. 確認する\n2. 提出する",
        }
        sheet.append([values.get(c.key) for c in TASKS])
    book.save(path)


def create_departments(count: int = 12) -> list[Department]:
    install_default_closures()
    made = [Department(code=f"dept-{n:02d}", name=f"部署{n:02d}") for n in range(count)]
    db.session.add_all(made)
    db.session.flush()
    return made
