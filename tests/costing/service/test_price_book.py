"""The price book's loader and use cases: the shipped file, an administrator's
own prices and automation figures, and the proposals that follow them."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.company import operations as company
from planner.company.domain import Profile
from planner.core.errors import Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.costing import price_book as prices
from planner.costing.domain.ranges import Span
from planner.costing.models.price_override import PriceOverride
from planner.costing.signals import cost_inputs_saved
from planner.people.models.user import User
from planner.tasks.models import Task

GOOD_ITEM = """
[[item]]
key = "x"
title_ja = "代行"
title_en = "Service"
driver = "employees"
period = "month"
unit_ja = "1人・月"
unit_en = "per employee per month"
low = 1
typical = 2
high = 3
categories = ["payroll"]
source = "somewhere"
seen_on = 2026-12-01
"""
AUTOMATION = """
[automation]
day_rate = { low = 1, typical = 2, high = 3 }
licence_per_year = { low = 1, typical = 2, high = 3 }
automations_per_licence = 5
maintenance_share = 0.15
source = "somewhere"
seen_on = 2026-12-01
"""


def _user(ctx, world, name: str) -> User:  # noqa: ANN001
    return db.session.get(User, getattr(world, name))


class _Told:
    """The tasks costing was told to recompute (a real receiver of the signal)."""

    def __init__(self) -> None:
        self.task_ids: list[set[int]] = []

    def __call__(self, sender: None, *, tasks: list[Task], **_: object) -> None:
        self.task_ids.append({task.id for task in tasks})


def test_the_shipped_file_loads_with_a_default_for_payroll(ctx, world):
    book = prices.entries_by_key()
    payroll = book["payroll"]
    assert payroll.item.driver == "employees" and payroll.title_ja
    assert payroll.item.price.low <= payroll.item.price.typical <= payroll.item.price.high
    assert payroll.item == payroll.shipped and not payroll.overridden
    assert isinstance(payroll.seen_on, date)
    assert [entry.key for entry in prices.price_book()] == list(book)
    assert prices.default_for_category("payroll") == "payroll"
    assert prices.price_entry("no-such-item") is None
    rates = prices.automation_rates()
    assert rates == prices.SHIPPED_AUTOMATION.rates and 0 <= rates.maintenance_share <= 1


@pytest.mark.parametrize(("text", "named"), [
    (GOOD_ITEM.replace('driver = "employees"', 'driver = "moons"'), "'x'"),
    (GOOD_ITEM.replace("typical = 2", "typical = 9"), "'x'"),
    (GOOD_ITEM.replace("low = 1", "low = -1"), "'x'"),
    (GOOD_ITEM.replace('source = "somewhere"', 'sauce = "somewhere"'), "'x'"),
    (GOOD_ITEM.replace('["payroll"]', '["astrology"]'), "'x'"),
    (GOOD_ITEM.replace("seen_on = 2026-12-01", 'seen_on = "last week"'), "'x'"),
    (GOOD_ITEM + GOOD_ITEM, "'x'"),
    (GOOD_ITEM, "[automation]"),
    (GOOD_ITEM + AUTOMATION.replace("0.15", "1.5"), "[automation]"),
])
def test_a_broken_file_is_refused_naming_the_item(text, named):
    with pytest.raises(prices.PriceBookFileError, match=f"price_book.toml.*{named}"):
        prices.load(text)


def test_a_good_file_loads():
    items, automation = prices.load(GOOD_ITEM + AUTOMATION)
    assert items[0].item.price == Span(Decimal(1), Decimal(2), Decimal(3))
    assert automation.rates.maintenance_share == Decimal("0.15")


def test_an_override_replaces_the_prices_records_who_and_when_and_resets(ctx, world):
    admin = _user(ctx, world, "admin")
    told = _Told()
    with cost_inputs_saved.connected_to(told):
        entry = prices.set_price(admin, "payroll", 800, 1200, 2000, 5000, 15000, 25000)
    assert entry.item.price == Span(Decimal(800), Decimal(1200), Decimal(2000))
    assert entry.item.base == Span(Decimal(5000), Decimal(15000), Decimal(25000))
    assert entry.item.setup == entry.shipped.setup  # not part of an override
    assert entry.overridden_by == "高橋 管理" and entry.overridden_at is not None
    assert entry.shipped == prices.SHIPPED[[s.item.key for s in prices.SHIPPED]
                                           .index("payroll")].item
    active = set(db.session.scalars(select(Task.id).where(Task.archived_at.is_(None))))
    assert told.task_ids == [active] and active
    # Without a base fee of its own, the shipped one stays.
    again = prices.set_price(admin, "payroll", 800, 1200, 2000)
    assert again.item.base == again.shipped.base
    db.session.commit()

    reset = prices.reset_price(admin, "payroll")
    assert reset.item == reset.shipped and not reset.overridden
    assert db.session.get(PriceOverride, "payroll") is None


def test_only_administrators_change_prices_and_bad_ones_save_nothing(ctx, world):
    manager, admin = _user(ctx, world, "manager"), _user(ctx, world, "admin")
    with pytest.raises(Forbidden):
        prices.set_price(manager, "payroll", 1, 2, 3)
    with pytest.raises(Forbidden):
        prices.reset_price(manager, "payroll")
    with pytest.raises(NotFound):
        prices.set_price(admin, "no-such-item", 1, 2, 3)
    for arguments, field in (((-1, 2, 3), "low"), ((5, 2, 3), "typical"),
                             ((1, 4, 3), "high"), ((1, 2, 10**11), "high"),
                             ((1, 2, 3, 10, None, None), "base_typical"),
                             ((1, 2, 3, 30, 20, 10), "base_typical")):
        with pytest.raises(ValidationError) as caught:
            prices.set_price(admin, "payroll", *arguments)
        assert field in caught.value.fields, arguments
    assert db.session.scalar(select(PriceOverride)) is None


def test_automation_figures_are_overridable_and_go_back_to_the_shipped_ones(ctx, world):
    admin, manager = _user(ctx, world, "admin"), _user(ctx, world, "manager")
    shipped = prices.SHIPPED_AUTOMATION.rates
    told = _Told()
    with cost_inputs_saved.connected_to(told):
        rates = prices.set_automation_rates(admin, {
            "automation_day_rate_typical": int(shipped.day_rate.low),
            "automation_maintenance_share": Decimal("0.2"), "automations_per_licence": 3})
    assert rates.day_rate.typical == shipped.day_rate.low
    assert rates.maintenance_share == Decimal("0.2") and rates.automations_per_licence == 3
    assert rates.licence_per_year == shipped.licence_per_year
    assert told.task_ids
    assert prices.automation_rates() == rates
    back = prices.set_automation_rates(admin, {"automation_day_rate_typical": None,
                                               "automation_maintenance_share": None,
                                               "automations_per_licence": None})
    assert back == shipped
    with pytest.raises(Forbidden):
        prices.set_automation_rates(manager, {"automations_per_licence": 2})
    for values, field in (({"automation_maintenance_share": Decimal("1.5")},
                           "automation_maintenance_share"),
                          ({"automation_day_rate_low": -5}, "automation_day_rate_low"),
                          ({"automation_day_rate_low": int(shipped.day_rate.high) + 1},
                           "automation_day_rate_typical"),
                          ({"automations_per_licence": 0}, "automations_per_licence"),
                          ({"shoe_size": 3}, "shoe_size")):
        with pytest.raises(ValidationError) as caught:
            prices.set_automation_rates(admin, values)
        assert field in caught.value.fields, values
    assert prices.automation_rates() == shipped


def test_a_changed_volume_driver_makes_the_proposals_follow(ctx, world):
    admin = _user(ctx, world, "admin")
    told = _Told()
    with cost_inputs_saved.connected_to(told):
        company.save_profile(admin, Profile(employees=120, invoices_per_month=300))
        assert len(told.task_ids) == 1 and told.task_ids[0]
        company.save_profile(admin, Profile(employees=120, invoices_per_month=300,
                                            headcount=80))
        assert len(told.task_ids) == 1  # the headcount is not a price driver
    assert company.get_profile().employees == 120
