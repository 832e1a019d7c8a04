"""A task's automation assessment: from answers its owner can give without
knowing what automation costs, the share of the effort automation removes,
how easy it is to build, and what building and running it costs.

The shape follows UiPath Automation Hub's published "detailed assessment"
(https://docs.uipath.com/automation-hub/automation-cloud/latest/user-guide/information-about-the-detailed-assessment-algorithm,
read 2026-12-06): *automation potential* (0–100 %, "how much of the process can
be successfully automated") from how digital and how structured the input is
and how variable the process is — "if all the input data is structured and
digital and if there is only one way to complete the process then the process
is 100% automatable" — and *ease of implementation* (0–100 %) from the
process's complexity (steps, applications, exceptions) and its stability
(process changes expected). UiPath publishes the factors but not their weights,
so the weights below are ours, chosen so that each figure can be computed by
hand and moves the way the factors say.

Pure: no Flask, no SQLAlchemy. Money stays Decimal; callers round to yen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from planner.core.errors import N_, Message
from planner.costing.domain.pricing import AutomationRates
from planner.costing.domain.ranges import Span

INPUT_SOURCES: tuple[str, ...] = ("paper", "pdf_email", "spreadsheet", "system")

# Share of the input a robot reads without a person: paper is keyed in or read
# by OCR (which a person checks), a PDF or an e-mail is digital but loosely
# structured, a spreadsheet is structured, a business system's data is both.
DIGITAL: dict[str, Decimal] = {"paper": Decimal("0.3"), "pdf_email": Decimal("0.7"),
                               "spreadsheet": Decimal("0.9"), "system": Decimal("1.0")}
# Developer days to read the input: OCR set-up and its checks for paper, parsing
# for PDF or e-mail, a template for a spreadsheet, none for a system's data.
INPUT_DAYS: dict[str, Decimal] = {"paper": Decimal(5), "pdf_email": Decimal(3),
                                  "spreadsheet": Decimal(1), "system": Decimal(0)}
# Design, test and release of the smallest automation, in developer days.
BASE_DAYS = Decimal(3)
DAYS_PER_STEP = Decimal("0.5")
DAYS_PER_EXTRA_SYSTEM = Decimal(2)
DAYS_PER_EXCEPTION = Decimal("0.2")  # per exception in 100 cases: each is a branch to build
# The cone of uncertainty once requirements are known (see build_cost).
CONE_LOW, CONE_HIGH = Decimal("0.67"), Decimal("1.5")
# One developer day to follow each change of the procedure.
DAYS_PER_CHANGE = Decimal(1)
# Beyond a change a month the procedure is simply unstable: no further penalty.
CHANGES_CAP = 12

# The answers' ranges: the same as the assessments table's check constraints.
SHARE_RANGE = (Decimal(0), Decimal(1))
EXCEPTIONS_RANGE = (0, 100)
SYSTEMS_RANGE = (1, 50)
CHANGES_RANGE = (0, 52)
RECORDS_RANGE = (1, 1_000_000)
STEPS_RANGE = (1, 500)

_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Answers:
    """What the task's owner says about the work."""

    input_source: str              # one of INPUT_SOURCES
    rule_based_share: Decimal      # cases decided by fixed rules, 0–1
    exceptions_per_100: int        # cases out of 100 that need a person's judgement
    systems: int                   # business systems the work touches
    changes_per_year: int          # times the procedure changes a year
    records_per_occurrence: int    # records (payslips, invoices, …) one occurrence handles
    steps: int                     # steps of the procedure


@dataclass(frozen=True)
class AutomationAssessment:
    potential: Decimal   # share of the effort automation removes, 0–1
    ease: int            # ease of implementation, 0–100
    build_days: Decimal  # developer days to build
    build_cost: Span     # yen, once
    running_cost: Span   # yen a year


def problems(answers: Answers) -> dict[str, list[Message]]:
    """The answers out of range, by field name (empty when all are valid)."""
    errors: dict[str, list[Message]] = {}
    if answers.input_source not in INPUT_SOURCES:
        errors["input_source"] = [N_("Choose where the input comes from.")]
    if not SHARE_RANGE[0] <= answers.rule_based_share <= SHARE_RANGE[1]:
        errors["rule_based_share"] = [N_("Enter a share between 0 and 1.")]
    for name, (low, high) in (("exceptions_per_100", EXCEPTIONS_RANGE),
                              ("systems", SYSTEMS_RANGE),
                              ("changes_per_year", CHANGES_RANGE),
                              ("records_per_occurrence", RECORDS_RANGE),
                              ("steps", STEPS_RANGE)):
        if not low <= getattr(answers, name) <= high:
            errors[name] = [N_("Enter a whole number from %(min)d to %(max)d.",
                               min=low, max=high)]
    return errors


def automation_potential(answers: Answers) -> Decimal:
    """The share of the effort automation removes, 0–1, to the hundredth (half up):

        potential = rule_based_share × DIGITAL[input_source] × (1 − exceptions_per_100 / 100)

    with DIGITAL = paper 0.3, PDF/e-mail 0.7, spreadsheet 0.9, business system 1.0.
    UiPath's three factors: structured input (the rule-based share: a rule
    needs structured facts to decide on), digitisation (DIGITAL) and process
    variability (the exceptions). All digital, all by rule, no exception: 1.0,
    as UiPath's "100% automatable"."""
    share = (answers.rule_based_share * DIGITAL[answers.input_source]
             * (1 - Decimal(answers.exceptions_per_100) / 100))
    return share.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def build_days(answers: Answers) -> Decimal:
    """Developer days to build the automation:

        days = 3 + 0.5 × steps + 2 × (systems − 1) + INPUT_DAYS[input_source]
               + 0.2 × exceptions_per_100

    3 days design, test and release the smallest automation; each step is half a
    day; each system beyond the first (a login, screens to drive, its errors) two
    days; reading the input paper 5, PDF/e-mail 3, spreadsheet 1, system 0 days;
    each exception in 100 cases is a branch to build, a fifth of a day."""
    return (BASE_DAYS + DAYS_PER_STEP * answers.steps
            + DAYS_PER_EXTRA_SYSTEM * (answers.systems - 1) + INPUT_DAYS[answers.input_source]
            + DAYS_PER_EXCEPTION * answers.exceptions_per_100)


def ease_of_implementation(answers: Answers) -> int:
    """How easy the automation is to build and keep working, 0–100 (half up):

        ease = 100 × 10 / (7 + build_days) × (1 − min(changes_per_year, 12) / 24)

    UiPath's complexity and stability: the first factor is 1 at 3 build days
    and falls as the build grows (half at 13 days, a quarter at 33); the
    second is 1 for a stable procedure and falls to one half for one that
    changes every month or more often. The smallest task that can be answered
    (one step, one system's data, no exception, no change: 3.5 days) is 95."""
    complexity = Decimal(10) / (7 + build_days(answers))
    stability = 1 - Decimal(min(answers.changes_per_year, CHANGES_CAP)) / (2 * CHANGES_CAP)
    return int((100 * complexity * stability).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build_cost(answers: Answers, rates: AutomationRates) -> Span:
    """Yen to build, once: build_days × (0.67 × day rate low, day rate typical,
    1.5 × day rate high).

    The day rate's own range is widened by the cone of uncertainty at the stage
    where the requirements are known: an estimate then falls between 0.67× and
    1.5× the actual effort (McConnell, Software Estimation: Demystifying the
    Black Art, 2006, ch. 4, after Boehm, Software Engineering Economics, 1981)."""
    days = build_days(answers)
    rate = rates.day_rate
    return Span(days * CONE_LOW * rate.low, days * rate.typical, days * CONE_HIGH * rate.high)


def running_cost(answers: Answers, rates: AutomationRates) -> Span:
    """Yen a year to run, each end from the matching ends:

        licence_per_year / automations_per_licence + maintenance_share × build_cost
        + changes_per_year × 1 day × day_rate

    a share of a robot licence, the upkeep of what was built (applications
    change under it) and a developer day to follow each change of the
    procedure."""
    licence = rates.licence_per_year.map(lambda v: v / rates.automations_per_licence)
    upkeep = build_cost(answers, rates) * rates.maintenance_share
    changes = rates.day_rate * (DAYS_PER_CHANGE * answers.changes_per_year)
    return licence + upkeep + changes


def assess(answers: Answers, rates: AutomationRates) -> AutomationAssessment:
    return AutomationAssessment(
        potential=automation_potential(answers), ease=ease_of_implementation(answers),
        build_days=build_days(answers), build_cost=build_cost(answers, rates),
        running_cost=running_cost(answers, rates))


# --- Steps of a procedure text -------------------------------------------------------------

_NUMBER = r"[0-9０-９]{1,3}"
_STEP_LINE = re.compile(
    r"^[ \t　]*(?:[#>*+\-・][ \t　]*)*"     # a Markdown heading, quote or bullet before it
    r"(?:"
    rf"{_NUMBER}[ \t　]*[.．)）、](?![0-9０-９])"  # 1.  2)  １．  3、  (not 1.5)
    rf"|[(（][ \t　]*{_NUMBER}[ \t　]*[)）]"       # (3)  （３）
    r"|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]"  # ① … ⑳, ㉑ … ㊿
    rf"|(?:step|ステップ)[ \t　]*{_NUMBER}"        # Step 4, STEP4, ステップ4
    rf"|手順[ \t　]*{_NUMBER}"                    # 手順5
    r")",
    re.IGNORECASE)


def count_numbered_steps(procedure: str) -> int:
    """How many numbered steps a procedure text has: the distinct lines that
    start with a step number ("1." "2)" "（3）" "①" "１．" "Step 4" "手順5"),
    after any Markdown heading or bullet; 0 when there are none."""
    return len({line.strip() for line in procedure.splitlines() if _STEP_LINE.match(line)})
