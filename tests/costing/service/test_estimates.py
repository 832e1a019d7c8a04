"""Estimates from what a back office knows: measured effort, the assessment,
the price book on the company's volumes; and the saving measured after a change."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from planner.core import settings
from planner.core.extensions import db
from planner.costing import estimates, suggestions
from planner.costing import price_book as prices
from planner.costing.assessment import save_assessment
from planner.costing.models.suggestion import Suggestion
from planner.costing.operations import save_task_profile
from planner.people.models.user import User
from planner.tasks.models import Task
from planner.work import operations as occurrences
from planner.work.models import Occurrence

BASE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _task(world, *, category: str = "payroll", effort: int = 120) -> Task:  # noqa: ANN001
    task = db.session.get(Task, world.payroll_task)
    task.category, task.effort_minutes = category, effort
    db.session.flush()
    return task


def _complete(task: Task, minutes: list[int], start: datetime = BASE) -> None:
    actor = db.session.get(User, task.owners[0].user_id)
    open_ones = db.session.scalars(select(Occurrence).where(
        Occurrence.task_id == task.id, Occurrence.status == "open")
        .order_by(Occurrence.due_date.desc()))  # the far future: the next year stays whole
    for day, (occurrence, taken) in enumerate(zip(open_ones, minutes, strict=False)):
        occurrences.complete(actor, occurrence, minutes=taken,
                             completed_at=start + timedelta(days=day))


def test_measured_effort_replaces_the_registered_one_from_the_third_measurement(ctx, world):
    task = _task(world, effort=120)
    settings.put("employees", None)
    _complete(task, [60, 60])
    found = estimates.estimate_of(task)
    assert found.effort.source == "registered" and found.effort.minutes == 120
    n = found.typical.occurrences_per_year
    assert found.typical.in_house_annual_cost == n * 2 * 3000  # 2 h at the built-in ¥3,000

    _complete(task, [60], start=BASE + timedelta(days=10))
    found = estimates.estimate_of(task)
    assert found.effort.source == "measured" and found.effort.minutes == 60
    assert found.typical.in_house_annual_cost == n * 1 * 3000
    assert found.effort_range == found.effort_range.exactly(60)  # three alike: no spread
    assert ("effort_minutes", "measured", "3") in {(b.input, b.source, b.detail)
                                                    for b in found.basis}


def test_payroll_for_120_employees_is_priced_from_the_price_book(ctx, world):
    task = _task(world, category="payroll", effort=600)
    payroll = prices.price_entry("payroll").item
    settings.put("employees", None)
    found = estimates.estimate_of(task)
    assert found.typical.outsourcing is None and found.outsourcing_gap == "no_volume"

    settings.put("employees", 120)
    found = estimates.estimate_of(task)
    assert found.outsourcing_gap is None and found.price_entry.item.key == "payroll"
    fees = 12 * (payroll.price.typical * 120 + payroll.base.typical)
    assert found.typical.outsourcing.annual_cost == fees  # no oversight entered
    low_fees = 12 * (payroll.price.low * 120 + payroll.base.low)
    assert found.ranged.outsourcing.annual_cost.low == low_fees
    sources = {b.input: (b.source, b.detail) for b in found.basis}
    assert sources["outsourcing_fee"] == ("price_book", "payroll")
    assert sources["employees"] == ("company_profile", "")
    # The fees may rise to the in-house cost before outsourcing stops saving.
    assert found.break_even_annual_fee == found.typical.in_house_annual_cost


def test_an_administrators_price_and_an_explicit_quote_take_precedence(ctx, world):
    task = _task(world, category="payroll", effort=600)
    settings.put("employees", 120)
    admin = db.session.get(User, world.admin)
    prices.set_price(admin, "payroll", 100, 200, 300, 1_000, 2_000, 3_000)
    found = estimates.estimate_of(task)
    assert found.typical.outsourcing.annual_cost == 12 * (200 * 120 + 2_000)

    manager = db.session.get(User, world.manager)
    save_task_profile(manager, task, {"outsourcing_monthly_fee": 50_000})
    found = estimates.estimate_of(task)
    assert found.typical.outsourcing.annual_cost == 600_000
    assert found.price_entry is None
    assert {b.input: b.source for b in found.basis}["outsourcing_fee"] == "explicit"


def test_a_task_no_item_fits_asks_for_a_quote(ctx, world):
    task = _task(world, category="tax")  # a monthly tax payment: no category price
    found = estimates.estimate_of(task)
    assert found.typical.outsourcing is None and found.outsourcing_gap == "no_price"


def test_the_assessment_prices_automation_unless_the_profile_says_otherwise(ctx, world):
    task = _task(world, effort=120)
    staff = db.session.get(User, world.staff)
    save_assessment(staff, task, {
        "input_source": "system", "rule_based_share": Decimal("0.9"), "exceptions_per_100": 0,
        "systems": 1, "changes_per_year": 0, "records_per_occurrence": 10, "steps": 4})
    found = estimates.estimate_of(task)
    rates = prices.automation_rates()
    # potential 0.9 × 1.0 × 1 = 0.9; build days 3 + 0.5 × 4 = 5
    assert found.assessment.potential == Decimal("0.90")
    assert found.profile.automation_residual_share == Decimal("0.10")
    assert found.ranged.automation.one_off_cost.typical == 5 * rates.day_rate.typical
    assert found.suitability == found.assessment.ease
    sources = {b.input: b.source for b in found.basis}
    assert sources["automation_build_cost"] == sources["automation_residual_share"] \
        == "assessment"

    manager = db.session.get(User, world.manager)
    save_task_profile(manager, task, {"automation_build_cost": 99_000})
    found = estimates.estimate_of(task)
    assert found.ranged.automation.one_off_cost.typical == 99_000
    assert {b.input: b.source for b in found.basis}["automation_build_cost"] == "explicit"


def test_a_done_change_is_realised_from_the_effort_measured_before_and_after(ctx, world):
    task = _task(world, category="tax", effort=120)
    _complete(task, [120, 120, 120], start=BASE)
    suggestion = db.session.scalar(select(Suggestion).where(Suggestion.task_id == task.id))
    suggestion.kind, suggestion.status = "cross_train", "done"
    suggestion.decided_at = BASE + timedelta(days=5)
    suggestion.completed_at = BASE + timedelta(days=6)
    _complete(task, [60, 60], start=BASE + timedelta(days=7))
    suggestions.recompute([task])
    assert suggestion.realised_saving is None  # two measurements since: not yet

    _complete(task, [60], start=BASE + timedelta(days=20))
    suggestions.recompute([task])
    n = estimates.estimate_of(task).typical.occurrences_per_year
    # N × (120 − 60) min ÷ 60 × ¥3,000, nothing to run afterwards
    assert suggestion.realised_saving == n * 3000
    totals = suggestions.savings_totals(db.session.get(User, world.admin))
    assert sum(t["realised"] for t in totals.values()) == n * 3000
