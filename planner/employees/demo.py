"""The demo company's roster, the same every time: names, divisions, employment
types and dates are picked from demo_names.toml by each employee's index, with
no randomness, so a demo (and a test against it) reads alike on every run."""
from __future__ import annotations

import tomllib
from datetime import date, timedelta
from importlib.resources import files
from typing import Any

from dateutil.relativedelta import relativedelta

_NAMES = tomllib.loads(files("planner.employees").joinpath("demo_names.toml")
                       .read_text(encoding="utf-8"))
FAMILY: list[list[str]] = _NAMES["family"]
GIVEN: list[list[str]] = _NAMES["given"]
# Every 20 consecutive positions hold each division as often as its weight says.
DIVISIONS: list[str] = [name for name, weight in _NAMES["divisions"] for _ in range(weight)]
ROSTER_SIZE = 300
OFFICERS = 4  # the first numbers: the board
HIRE_SPAN_DAYS = 20 * 365


def employee(index: int, today: date) -> dict[str, Any]:
    """The demo roster's employee `index` (from 0), as the fields of EmployeeData."""
    family, family_kana = FAMILY[(index * 7) % len(FAMILY)]
    given, given_kana = GIVEN[(index * 13 + index // len(FAMILY)) % len(GIVEN)]
    if index < OFFICERS:
        kind = "officer"
    elif index % 10 == 7:
        kind = "part_time"
    elif index % 20 == 3:
        kind = "contract"
    else:
        kind = "regular"
    # A third of the part-timers work too few hours to be enrolled (under 20 a week).
    short_hours = kind == "part_time" and index % 30 == 7
    hire_date = today - timedelta(days=30 + (index * 2557) % HIRE_SPAN_DAYS)
    leave_date = None
    if index % 60 == 11:  # a handful leave at the end of this month or the next
        leave_date = today + relativedelta(months=(index // 60) % 2, day=31)
    return {
        "number": f"{index + 1:05d}",
        "name": f"{family}\u3000{given}",
        "name_kana": f"{family_kana}\u3000{given_kana}",
        "division": "役員室" if kind == "officer" else DIVISIONS[(index * 3) % len(DIVISIONS)],
        "employment_type": kind,
        "hire_date": hire_date,
        "leave_date": leave_date,
        "health_pension_insured": not short_hours,
        # Directors are not workers under the Employment Insurance Act.
        "employment_insurance_insured": kind != "officer" and not short_hours,
    }


def roster(today: date, count: int = ROSTER_SIZE) -> list[dict[str, Any]]:
    return [employee(index, today) for index in range(count)]
