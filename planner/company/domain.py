"""The company profile and the rules that follow from it: which catalogue
duties apply, and the legal dates of those that follow the fiscal year. Pure."""
from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from planner.calendar.domain import STATUTORY_CALENDAR, BusinessCalendar
from planner.calendar.recurrence import PresetInput, next_occurrences, schedule_from_preset
from planner.core.errors import N_, Message

EXTENSION_MAX_MONTHS = 4  # 法人税法第75条の2: up to four months with the AGM's reason
INTERIM_FILINGS: tuple[int, ...] = (0, 1, 3, 11)  # 消費税法第42条: none, once, three or eleven
HEADCOUNT_MAX = 1_000_000
# What outsourced work is priced by (the price book's drivers): counts a back
# office knows from its own records. None until entered.
VOLUME_DRIVERS: tuple[str, ...] = ("employees", "payroll_runs_per_month",
                                   "journal_entries_per_month", "invoices_per_month",
                                   "expense_reports_per_month")
VOLUME_MAX = 1_000_000
FEBRUARY = 2


@dataclass(frozen=True)
class Profile:
    """What the catalogue needs to know about the company. The costing issue's
    volume drivers join it here, on the same page and API resource."""

    fiscal_year_end_month: int = 3
    corporate_tax_extension_months: int = 0
    consumption_tax_extension: bool = False
    special_withholding: bool = False
    special_resident_tax: bool = False
    labour_insurance_association: bool = False
    consumption_tax_interim_filings: int = 0
    # None until entered: a duty that depends on the headcount is shown rather
    # than hidden while the planner cannot tell.
    headcount: int | None = None
    # The volume drivers (VOLUME_DRIVERS). `employees` is everyone paid through
    # payroll, part-timers and directors included, which the headcount (regular
    # workers, for legal thresholds) is not.
    employees: int | None = None
    payroll_runs_per_month: int | None = None
    journal_entries_per_month: int | None = None
    invoices_per_month: int | None = None
    expense_reports_per_month: int | None = None

    @property
    def fiscal_year_start_month(self) -> int:
        return self.fiscal_year_end_month % 12 + 1

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PROFILE_FIELDS}


PROFILE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Profile))


def problems(profile: Profile) -> dict[str, list[Message]]:
    """The fields a form cannot check alone, by name (empty when valid)."""
    errors: dict[str, list[Message]] = {}
    if not 1 <= profile.fiscal_year_end_month <= 12:
        errors["fiscal_year_end_month"] = [N_("Enter a month from 1 to 12.")]
    if not 0 <= profile.corporate_tax_extension_months <= EXTENSION_MAX_MONTHS:
        errors["corporate_tax_extension_months"] = [
            N_("The extension is from 0 to %(max)d months.", max=EXTENSION_MAX_MONTHS)]
    elif profile.consumption_tax_extension and profile.corporate_tax_extension_months == 0:
        # 消費税法第45条の2 extends only a company that has the corporation-tax extension.
        errors["consumption_tax_extension"] = [
            N_("The consumption tax extension needs the corporate tax filing extension.")]
    if profile.consumption_tax_interim_filings not in INTERIM_FILINGS:
        errors["consumption_tax_interim_filings"] = [
            N_("Choose 0, 1, 3 or 11 interim filings a year.")]
    if profile.headcount is not None and not 0 <= profile.headcount <= HEADCOUNT_MAX:
        errors["headcount"] = [N_("Enter a number of workers from 0 to %(max)d.",
                                  max=HEADCOUNT_MAX)]
    for name in VOLUME_DRIVERS:
        value = getattr(profile, name)
        if value is not None and not 0 <= value <= VOLUME_MAX:
            errors[name] = [N_("Enter a number from 0 to %(max)d.", max=VOLUME_MAX)]
    return errors


# --- Which duties apply -------------------------------------------------------------------

_CONDITION = re.compile(
    r"^(?:(?P<negate>not )?(?P<flag>[a-z_]+)"
    r"|(?P<name>[a-z_]+) (?P<op>>=|>|==) (?P<number>\d+(?:\.\d+)?))$")
_FLAGS = frozenset(f.name for f in fields(Profile) if f.type in ("bool", bool))
_NUMBERS = frozenset({"headcount", "consumption_tax_interim_filings",
                      "corporate_tax_extension_months", "fiscal_year_end_month"})


def condition_holds(condition: str, profile: Profile) -> bool:
    """One catalogue condition ("special_withholding", "not …", "headcount >= 50")."""
    match = _CONDITION.match(condition.strip())
    if match is None:
        raise ValueError(f"unreadable condition {condition!r}")
    if match["flag"]:
        if match["flag"] not in _FLAGS:
            raise ValueError(f"unknown profile flag {match['flag']!r}")
        return bool(getattr(profile, match["flag"])) != bool(match["negate"])
    if match["name"] not in _NUMBERS:
        raise ValueError(f"unknown profile number {match['name']!r}")
    value = getattr(profile, match["name"])
    if value is None:
        return True  # not known yet: show the duty
    number = float(match["number"])
    if match["op"] == ">=":
        return value >= number
    if match["op"] == ">":
        return value > number
    return value == number


def applies(applies_when: str | Sequence[Mapping[str, Any]] | None, profile: Profile,
            today: date) -> bool:
    """Whether a catalogue entry's duty applies to the company on `today`. A
    dated list holds thresholds that changed: the latest one in force counts."""
    if applies_when is None:
        return True
    if isinstance(applies_when, str):
        return condition_holds(applies_when, profile)
    in_force = [rule for rule in applies_when if rule["since"] <= today]
    if not in_force:
        return True  # before the first threshold the catalogue knows of
    return condition_holds(max(in_force, key=lambda rule: rule["since"])["when"], profile)


# --- Dates that follow the fiscal year ----------------------------------------------------


def month_after(month: int, count: int) -> int:
    """The calendar month `count` months after `month` (1–12)."""
    return (month - 1 + count) % 12 + 1


def extension_months(kind: str | bool | None, profile: Profile) -> int:
    """Months the filing extension adds to a deadline of this kind."""
    if kind == "corporation_tax":
        return profile.corporate_tax_extension_months
    if kind == "consumption_tax":
        # 消費税法第45条の2: one month, for a company that has the corporation-tax extension.
        return 1 if profile.consumption_tax_extension and profile.corporate_tax_extension_months \
            else 0
    return 0


def fiscal_months(fiscal: Mapping[str, Any], profile: Profile) -> list[int]:
    """The calendar months whose last day is the entry's nominal due date."""
    end = profile.fiscal_year_end_month
    if "months_after_year_end" in fiscal:
        counts = [fiscal["months_after_year_end"]
                  + extension_months(fiscal.get("extension"), profile)]
    else:
        after_start = fiscal["months_after_year_start"]
        # The first month of the year is month 1, so month N is N months after the year end.
        counts = after_start if isinstance(after_start, list) else [after_start]
    return sorted({month_after(end, count) for count in counts})


def fiscal_schedule(fiscal: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
    """The task form's schedule fields for a fiscal deadline: a yearly preset on
    the month's last day, except February's, which moves with leap years: there
    an RRULE on the last day (a yearly rule on the 28th or 29th would miss it)."""
    months = fiscal_months(fiscal, profile)
    if len(months) == 1 and months[0] != FEBRUARY:
        return {"preset": "yearly", "day": _calendar.mdays[months[0]], "month": months[0],
                "rrule": None}
    by_month = ",".join(str(m) for m in months)
    return {"preset": "custom", "day": None, "month": None,
            "rrule": f"FREQ=YEARLY;BYMONTH={by_month};BYMONTHDAY=-1"}


def schedule_fields(entry: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
    """An entry's schedule fields for this company."""
    own = {name: entry.get(name) for name in ("preset", "day", "month", "weekday",
                                               "business_day", "rrule")}
    if entry.get("fiscal"):
        own.update(fiscal_schedule(entry["fiscal"], profile))
    return own


# Longer than any run of days off the authorities have (年末年始 with a weekend, GW).
SHIFT_LOOKBACK_DAYS = 14


def legal_due_dates(entry: Mapping[str, Any], profile: Profile, start: date, count: int = 3,
                    calendar: BusinessCalendar = STATUTORY_CALENDAR) -> list[date]:
    """The next `count` legal due dates of an entry from `start`, shifted on the
    statutory calendar; none for a deadline that runs from an event."""
    if entry.get("per_event"):
        return []
    own = schedule_fields(entry, profile)
    # A nominal date just before `start` may be shifted past it (31 December → 4 January).
    since = start - timedelta(days=SHIFT_LOOKBACK_DAYS)
    schedule = schedule_from_preset(
        PresetInput(own["preset"], day=own["day"], weekday=own["weekday"], month=own["month"],
                    business_day=own["business_day"], rrule=own["rrule"]),
        dtstart=since, shift=entry["shift"])
    found = next_occurrences(schedule, calendar, since, count + SHIFT_LOOKBACK_DAYS)
    return [o.due for o in found if o.due >= start][:count]


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def title_for(title: str, language: str, profile: Profile) -> str:
    """An entry's title with the company's year end in place of March's."""
    month = profile.fiscal_year_end_month
    if language == "ja":
        return title.replace("（3月決算）", f"（{month}月決算）")
    return title.replace("(March year-end)", f"({_MONTHS_EN[month - 1]} year-end)")
