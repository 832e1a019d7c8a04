"""The roster's use cases over a real database: add, change only what is
given, find-or-add by number, search, and removing a leaver's name."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from planner.core.audit_entry import AuditEntry
from planner.core.errors import Forbidden, NotFound, ValidationError
from planner.core.extensions import db
from planner.employees import operations as roster
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData, EmployeeFilters
from planner.employees.signals import employee_anonymised, employee_personal_data
from planner.people.models.user import User

HANAKO = EmployeeData(number="１０１", name="佐藤  花子", name_kana="ｻﾄｳ ﾊﾅｺ", division=" 営業部 ",
                      hire_date=date(2018, 4, 1))


def _people(world) -> tuple[User, User, User]:  # noqa: ANN001
    return (db.session.get(User, world.staff), db.session.get(User, world.manager),
            db.session.get(User, world.admin))


def test_an_employee_is_added_with_normalised_values(ctx, world):
    _, manager, _ = _people(world)
    employee = roster.create_employee(manager, HANAKO)
    db.session.commit()
    assert (employee.number, employee.name, employee.name_kana, employee.division) == (
        "101", "佐藤\u3000花子", "サトウ\u3000ハナコ", "営業部")
    assert employee.health_pension_insured and employee.employment_insurance_insured
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "Employee", AuditEntry.entity_id == str(employee.id))).one()
    assert entry.action == "create" and entry.changes["number"] == "101"


def test_staff_read_but_do_not_change_the_roster(ctx, world):
    staff, manager, _ = _people(world)
    with pytest.raises(Forbidden):
        roster.create_employee(staff, HANAKO)
    employee = roster.create_employee(manager, HANAKO)
    with pytest.raises(Forbidden):
        roster.update_employee(staff, employee, {"division": "製造部"})
    assert roster.get_employee(staff, employee.id) is employee
    with pytest.raises(NotFound):
        roster.get_employee(staff, employee.id + 1000)


def test_an_update_changes_only_the_fields_given(ctx, world):
    _, manager, _ = _people(world)
    employee = roster.create_employee(manager, HANAKO)
    roster.update_employee(manager, employee, {"leave_date": date(2026, 12, 31),
                                               "employment_insurance_insured": False})
    assert employee.leave_date == date(2026, 12, 31) and not employee.employment_insurance_insured
    assert employee.name_kana == "サトウ\u3000ハナコ" and employee.hire_date == date(2018, 4, 1)
    with pytest.raises(ValidationError) as refused:
        roster.update_employee(manager, employee, {"hire_date": date(2027, 1, 1)})
    assert set(refused.value.fields) == {"leave_date"}
    with pytest.raises(ValidationError) as unknown:
        roster.update_employee(manager, employee, {"salary": 1})
    assert set(unknown.value.fields) == {"salary"}


def test_a_number_is_used_once_however_it_is_typed(ctx, world):
    _, manager, _ = _people(world)
    first = roster.create_employee(manager, HANAKO)
    with pytest.raises(ValidationError) as refused:
        roster.create_employee(manager, EmployeeData(number="101", name="別人"))
    assert set(refused.value.fields) == {"number"}
    other = roster.create_employee(manager, EmployeeData(number="102", name="別人"))
    with pytest.raises(ValidationError):
        roster.update_employee(manager, other, {"number": "101"})
    roster.update_employee(manager, first, {"number": "101", "division": "製造部"})  # its own


def test_find_or_create_by_number_adds_only_the_unknown(ctx, world):
    _, manager, _ = _people(world)
    employee, added = roster.find_or_create(manager, HANAKO)
    assert added and employee.number == "101"
    again, added = roster.find_or_create(manager, EmployeeData(number="101", name="違う名前"))
    assert again is employee and not added and employee.name == "佐藤\u3000花子"
    # A webhook authorised by its secret has no person behind it.
    system, added = roster.find_or_create(None, EmployeeData(number="EMP-9", name="新人"))
    assert added and system.id is not None
    with pytest.raises(ValidationError) as refused:
        roster.find_or_create(None, EmployeeData(number="EMP-10", name="新人", name_kana="Shinjin"))
    assert set(refused.value.fields) == {"name_kana"}


def test_the_roster_is_searched_by_number_name_reading_and_division(ctx, world):
    staff, manager, _ = _people(world)
    for number, name, kana, division, kind, leave in [
            ("A1", "佐藤 花子", "サトウ ハナコ", "営業部", "regular", None),
            ("A2", "鈴木 一郎", "スズキ イチロウ", "製造部", "contract", date(2026, 11, 30)),
            ("B3", "高橋 100%", "タカハシ", "製造_課", "part_time", date(2027, 3, 31))]:
        roster.create_employee(manager, EmployeeData(number=number, name=name, name_kana=kana,
                                                     division=division, employment_type=kind,
                                                     leave_date=leave))

    def found(**filters) -> list[str]:  # noqa: ANN003
        return [e.number for e in roster.employee_page(
            staff, EmployeeFilters(**filters), 1, 50).items]

    assert found() == ["A1", "A2", "B3"]
    assert found(q="a") == ["A1", "A2"]  # numbers, whatever the case
    assert found(q="ｽｽﾞｷ") == ["A2"] and found(q="イチロウ") == ["A2"]
    assert found(q="佐藤 花子") == ["A1"] and found(q="製造") == ["A2", "B3"]
    assert found(q="%") == ["B3"] and found(q="_") == ["B3"]  # literally
    assert found(employment_type="contract") == ["A2"]
    assert found(current=True) == ["A1", "B3"] and found(current=False) == ["A2"]
    page = roster.employee_page(staff, EmployeeFilters(), 2, 2)
    assert page.total == 3 and [e.number for e in page.items] == ["B3"]
    with pytest.raises(ValidationError):
        roster.employee_page(staff, EmployeeFilters(employment_type="intern"), 1, 50)


def test_anonymising_keeps_the_record_and_removes_the_name_from_the_trail(ctx, world):
    _, manager, admin = _people(world)
    employee = roster.create_employee(manager, HANAKO)
    with pytest.raises(ValidationError) as still_here:
        roster.anonymise(admin, employee)
    assert set(still_here.value.fields) == {"leave_date"}
    roster.update_employee(manager, employee, {"leave_date": date(2026, 12, 1)})
    with pytest.raises(ValidationError):  # leaving today: still employed
        roster.anonymise(admin, employee)
    roster.update_employee(manager, employee, {"leave_date": date(2026, 11, 30)})
    with pytest.raises(Forbidden):
        roster.anonymise(manager, employee)
    roster.anonymise(admin, employee)
    db.session.commit()
    kept = db.session.get(Employee, employee.id)
    assert (kept.name, kept.name_kana, kept.number, kept.division) == (
        "（削除済み）", "", "101", "営業部")
    assert kept.hire_date == date(2018, 4, 1) and kept.leave_date == date(2026, 11, 30)
    assert kept.anonymised_at is not None
    trail = json.dumps([e.changes for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "Employee", AuditEntry.entity_id == str(employee.id)))],
        ensure_ascii=False)
    assert "花子" not in trail and "ハナコ" not in trail and "営業部" in trail
    assert roster.anonymise(admin, kept) is kept  # twice: nothing more to do
    with pytest.raises(ValidationError):
        roster.update_employee(manager, kept, {"name": "佐藤 花子"})


def test_other_features_add_their_sections_and_hear_of_the_anonymising(ctx, world):
    """The events feature keeps records about employees: it answers the export
    with its own section and removes its copies of the name when told."""
    _, manager, admin = _people(world)
    employee = roster.create_employee(manager, HANAKO)
    heard = []

    def events_section(sender: Employee) -> dict:
        return {"events": [{"type": "hire", "employee": sender.number}]}

    def forget(sender: Employee, actor: User) -> None:
        heard.append((sender.name, actor.id))

    with employee_personal_data.connected_to(events_section), \
            employee_anonymised.connected_to(forget):
        data = roster.personal_data(admin, employee)
        roster.update_employee(manager, employee, {"leave_date": date(2026, 3, 31)})
        roster.anonymise(admin, employee)
    assert data["events"] == [{"type": "hire", "employee": "101"}]
    assert data["employee"]["name"] == "佐藤\u3000花子" and data["employee"]["hire_date"] == "2018-04-01"
    assert heard == [("（削除済み）", world.admin)]
    with pytest.raises(Forbidden):
        roster.personal_data(manager, employee)


def test_an_empty_reading_is_suggested_when_the_guess_is_katakana(ctx, world):
    _, manager, _ = _people(world)
    suggested = roster.create_employee(manager, EmployeeData(number="201", name="山田 太郎"))
    assert suggested.name_kana == "ヤマダ\u3000タロウ"
    latin = roster.create_employee(manager, EmployeeData(number="202", name="John Smith"))
    assert latin.name_kana == ""


def test_the_roster_is_in_gojuon_order_and_found_by_any_kana(ctx, world):
    staff, manager, _ = _people(world)
    for number, name, kana in (("1", "和田 光", "ワダ ヒカル"), ("2", "阿部 和也", "アベ カズヤ"),
                               ("3", "源 一郎", "ミナモト イチロウ")):
        roster.create_employee(manager, EmployeeData(number=number, name=name, name_kana=kana))
    db.session.commit()
    page = roster.employee_page(staff, EmployeeFilters(), 1, 10)
    assert [e.number for e in page.items] == ["2", "3", "1"]
    for typed in ("みなもと", "ミナモト", "ﾐﾅﾓﾄ", "源"):
        found = roster.employee_page(staff, EmployeeFilters(q=typed), 1, 10)
        assert [e.number for e in found.items] == ["3"], typed
