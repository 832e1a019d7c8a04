"""A procedure run's step on the team calendar and in the ICS feed: it says
whose event it is (linking to the run's page) and who it was given to; the
person it was given to has it in their own feed, the task's primary does
not."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from conftest import PASSWORD
from event_runs_support import step_departments
from icalendar import Calendar

from planner.core.extensions import db
from planner.employees.models import Employee
from planner.events import operations as events
from planner.events.event_types import event_type
from planner.people import tokens
from planner.people.models.user import User
from planner.people.operations import PersonData, create_person
from planner.tasks.models import TaskOwner

LEAVING = date(2026, 12, 15)
GIVEN = "separation-certificate"  # given to 加藤, though 伊藤 is its task's primary
KEPT = "employment-insurance-loss"  # left to 伊藤


@dataclass
class Run:
    event_id: int
    hr: int
    steps: dict[str, tuple[int, str, date]]  # key -> (occurrence id, task title, due)
    feeds: dict[str, str]  # person -> their feed's token


@pytest.fixture
def run(app, world) -> Run:  # noqa: ANN001
    with app.app_context():
        hr = step_departments(world.manager)
        people = {name: create_person(PersonData(email=f"{name}@example.com", name=full,
                                                 role="staff", language="ja",
                                                 department_ids=[hr.id]), PASSWORD)
                  for name, full in (("ito", "伊藤 さくら"), ("kato", "加藤 健"))}
        for step in event_type("leave").steps:
            task = events.ensure_step_task("leave", step)
            if task.department_id == hr.id:
                task.owners.append(TaskOwner(user_id=people["ito"].id, role="primary", level=4))
                task.owners.append(TaskOwner(user_id=people["kato"].id, role="backup",
                                             level=3))
        employee = Employee(number="E1001", name="山田 太郎", name_kana="ヤマダ タロウ",
                            hire_date=date(2020, 4, 1), leave_date=LEAVING)
        db.session.add(employee)
        db.session.flush()
        event = events.record_event(db.session.get(User, world.manager), "leave", LEAVING,
                                    employee, owners={GIVEN: people["kato"].id,
                                                      KEPT: people["ito"].id})
        steps = {step.key: (step.occurrence.id, step.occurrence.task.title,
                            step.occurrence.due_date)
                 for step in events.run_of(event).steps}
        feeds = {name: tokens.create_token(person, kind=tokens.CALENDAR)[1]
                 for name, person in people.items()}
        db.session.commit()
        return Run(event.id, hr.id, steps, feeds)


def _chips(page: str) -> list[str]:
    return re.findall(r'<div class="chip run-step[^"]*">(.*?)</div>', page, re.S)


def test_the_team_calendar_names_the_employee_event_and_assignee(client, auth, run):
    auth.login("manager@example.com")
    _, title, due = run.steps[GIVEN]
    page = client.get(f"/calendar?department_id={run.hr}&month={due:%Y-%m}").get_data(
        as_text=True)
    chip = next(c for c in _chips(page) if title in c)
    assert f'href="/events/{run.event_id}"' in chip
    assert "山田 太郎（退職）" in chip
    assert "担当：加藤 健" in chip
    _, kept_title, kept_due = run.steps[KEPT]
    kept = client.get(f"/calendar?department_id={run.hr}&month={kept_due:%Y-%m}").get_data(
        as_text=True)
    assert "担当：伊藤 さくら" in next(c for c in _chips(kept) if kept_title in c)
    # The run's page the chip links to is there.
    assert client.get(f"/events/{run.event_id}").status_code == 200


def test_scheduled_work_keeps_its_plain_chip(client, auth, world, run):
    auth.login("staff@example.com")
    page = client.get(f"/calendar?department_id={world.payroll}&month=2026-12").get_data(
        as_text=True)
    assert "源泉所得税の納付" in page and "run-step" not in page


def _feed(client, token: str) -> dict[str, object]:  # noqa: ANN001
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    return {str(e["uid"]).split("@")[0]: e
            for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_the_assignees_feed_has_the_step_and_names_them(app, client, run):
    occurrence_id, title, _ = run.steps[GIVEN]
    uid = f"occurrence-{occurrence_id}"
    kato = _feed(client, run.feeds["kato"])
    assert uid in kato
    event = kato[uid]
    assert title in str(event["summary"]) and "山田 太郎（退職）" in str(event["summary"])
    description = str(event["description"])
    assert "担当：加藤 健" in description
    base = app.config["PLANNER_BASE_URL"].rstrip("/")
    assert str(event["url"]) == f"{base}/events/{run.event_id}"
    assert f"{base}/events/{run.event_id}" in description
    # 伊藤 is the task's primary, but the step is 加藤's: not in her feed;
    # the step left to her is, and not in his.
    ito = _feed(client, run.feeds["ito"])
    assert uid not in ito
    kept = f"occurrence-{run.steps[KEPT][0]}"
    assert kept in ito and kept not in kato
    assert "担当：伊藤 さくら" in str(ito[kept]["description"])
