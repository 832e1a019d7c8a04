"""The demo back office that `make run` loads into an empty database."""
from __future__ import annotations

from sqlalchemy import select

from planner.extensions import db
from planner.models import Department, Setting, Task, TaskOwner, User
from planner.services import users
from planner.services.tasks import TaskData, create_task

# Not a secret: printed in the README and on the login page while demo data is loaded.
DEMO_PASSWORD = "planner-demo"
DEMO_FLAG = "demo_data"


def database_is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None


def demo_accounts() -> list[dict[str, str]]:
    """The accounts to show on the login page, or none once the demo is gone."""
    flag = db.session.get(Setting, DEMO_FLAG)
    if flag is None or not flag.value:
        return []
    from planner.services.demo_data import PEOPLE

    emails = [p["email"] for p in PEOPLE[:4]]
    found = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    return [{"email": e, "name": found[e].name, "role": found[e].role,
             "password": DEMO_PASSWORD} for e in emails if e in found and found[e].active]


def seed_demo() -> str:
    from planner.services.demo_data import DEPARTMENTS, PEOPLE, TASKS

    departments = {}
    for spec in DEPARTMENTS:
        department = Department(code=spec["code"], name=spec["name"])
        db.session.add(department)
        departments[spec["code"]] = department
    db.session.flush()

    people: dict[str, User] = {}
    admin = None
    for spec in PEOPLE:
        person = users.create_person(
            users.PersonData(
                email=spec["email"], name=spec["name"], role=spec["role"],
                language=spec["language"],
                department_ids=[departments[c].id for c in spec["departments"]],
            ),
            DEMO_PASSWORD,
        )
        people[spec["email"]] = person
        if spec["role"] == "admin" and admin is None:
            admin = person

    for spec in TASKS:
        task = create_task(admin, TaskData(
            code=spec["code"], title=spec["title"],
            department_id=departments[spec["department"]].id, category=spec["category"],
            criticality=spec["criticality"], legal_basis=spec["legal_basis"],
            effort_minutes=spec["effort_minutes"], procedure=spec["procedure"],
        ))
        for email, role, level in spec["owners"]:
            task.owners.append(TaskOwner(user_id=people[email].id, role=role, level=level))
    db.session.add(Setting(key=DEMO_FLAG, value=True))
    db.session.flush()
    count = db.session.scalar(select(db.func.count(Task.id)))
    return f"{len(departments)} departments, {len(people)} people, {count} tasks"
