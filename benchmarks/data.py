"""Seeded, repeatable data for the benchmarks and the query-count tests.

`build_company(Size(...))` makes a whole back office the way the product would
have it after two years of use: departments with cost defaults, people with
roles, languages and reminder preferences, tasks with realistic schedules
(mostly monthly, Nth business day, yearly statutory deadlines from the
catalogue), owners and levels, cost profiles and suggestions with managers'
decisions, training plans, absences, 24 months of finished occurrences and 13
months ahead, and the reminders the scheduler would have planned and sent.

It goes through the product's own paths: people with `users.create_person`,
tasks with `tasks.apply_task_data` and the ORM (the audit hook records them),
occurrences with `occurrences.materialise`, notifications with
`notifications.plan`, suggestions with `suggestions.recompute` and `review`,
training with `coverage.accept_suggestion`. Two steps that a person does one
at a time in the product are done in bulk with the same values: ticking
two years of occurrences off (what `occurrences.complete` writes) and the
dispatcher marking last week's reminders sent (what `dispatch_once` writes).
"""
from __future__ import annotations

import hashlib
import random
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from sqlalchemy import bindparam, func, select, update

from planner.calendar.operations import install_default_closures
from planner.calendar.recurrence import PresetInput, Schedule, schedule_from_preset
from planner.core.extensions import db
from planner.core.maintenance import refresh_statistics
from planner.core.setting import Setting
from planner.notifications.models import Notification
from planner.people.models.department import Department
from planner.people.models.user import User
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence

BENCH_PASSWORD = "bench password 123"  # noqa: S105 - benchmark accounts on a throwaway database
SIGNATURE_KEY = "benchmark_dataset"
GENERATOR_VERSION = 6

# --- Sizes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    people: int = 2000
    departments: int = 12
    tasks: int = 20_000
    history_months: int = 24
    ahead_months: int = 13
    seed: int = 42


DEFAULT = Size()
QUICK = Size(people=80, departments=4, tasks=800, history_months=3)


@dataclass
class Company:
    """What the benchmarks need to know about a generated company (ids only)."""

    size: Size
    today: str
    admin: int
    manager: int
    staff: int
    department: int          # the manager's (first) department, a typical one
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


# --- Names and words -----------------------------------------------------------------

SURNAMES = ("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 "
            "斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 "
            "村上 遠藤 青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦").split()
GIVEN = ("太郎 一郎 健太 翔太 大輔 直樹 拓也 誠 浩 剛 隆 修 学 亮 悠斗 蓮 湊 陽翔 樹 大和 "
         "花子 美咲 陽子 恵子 由美 裕子 直美 真由美 愛 彩 七海 葵 結衣 陽菜 美羽 さくら 楓 凛 莉子 "
         "真理 優子 明美 香織 智子 久美子 千尋 麻衣 舞 瞳 遥").split()
DEPARTMENT_NAMES = (
    ("payroll", "給与計算部"), ("accounting", "経理部"), ("hr", "人事部"), ("labour", "労務部"),
    ("general", "総務部"), ("legal", "法務部"), ("finance", "財務部"), ("purchasing", "購買部"),
    ("it", "情報システム部"), ("audit", "内部監査部"), ("planning", "経営企画部"),
    ("facilities", "施設管理部"),
)
SITES = ("本社", "東京支店", "大阪支店", "名古屋支店", "福岡支店", "札幌支店", "仙台支店", "広島支店",
         "横浜工場", "京都工場", "物流センター", "研究所")
WORK = {
    "payroll": ("給与計算", "勤怠締め", "賞与計算", "社会保険料の控除確認", "住民税の更新", "振込データ作成",
                "給与明細の配布", "退職者の精算"),
    "tax": ("源泉所得税の納付", "消費税の中間申告", "印紙税の確認", "法人税の予定納税", "償却資産の確認",
            "税務調査の資料準備"),
    "accounting": ("月次決算", "売掛金の消込", "買掛金の支払", "経費精算の確認", "銀行残高の照合",
                   "固定資産台帳の更新", "仮払金の精算", "請求書の発行", "予算実績の報告"),
    "labour": ("36協定の確認", "入退社手続き", "雇用保険の届出", "健康診断の手配", "労働時間の集計",
               "有給休暇の管理", "安全衛生委員会"),
    "other": ("契約書の更新確認", "備品の棚卸", "社用車の点検", "郵便物の発送", "株主総会の準備",
              "規程の改定確認", "防災訓練", "ITアカウントの棚卸", "バックアップの確認"),
}
PROCEDURE = ("## 手順\n\n1. 前月の{thing}を共有フォルダから開く\n2. {site}の担当者に確認を依頼する\n"
             "3. 差異があれば理由を記録する\n4. 上長の承認を得て完了とする\n\n"
             "- 参照: 社内規程 第{n}条\n- 注意: 締め日が休日のときは前営業日に行う\n")
CATEGORY_WORK = {"payroll": "payroll", "tax": "tax", "accounting": "accounting",
                 "labour": "labour", "other": "other"}
DEPARTMENT_CATEGORIES = {
    "payroll": ("payroll", "payroll", "tax", "labour"), "accounting": ("accounting", "tax"),
    "hr": ("labour", "payroll", "other"), "labour": ("labour", "labour", "other"),
    "general": ("other",), "legal": ("other",), "finance": ("accounting", "tax"),
    "purchasing": ("accounting", "other"), "it": ("other",), "audit": ("accounting", "other"),
    "planning": ("accounting", "other"), "facilities": ("other",),
}


# --- Schedules -------------------------------------------------------------------


def _statutory() -> list[dict]:
    from planner.tasks.catalogue import ENTRIES

    return ENTRIES


def _schedule(rng: random.Random, dtstart: date) -> tuple[Schedule, dict | None]:
    """A schedule drawn from the mix a back office has: mostly monthly, then
    business days, weekly, quarterly, yearly statutory deadlines, one-offs."""
    roll = rng.random()
    lead = rng.choices([(7, 1, 0), (3, 0), (14, 7, 1), (1,), (30, 7)], [55, 20, 10, 10, 5])[0]
    entry = None
    if roll < 0.40:
        params = PresetInput("monthly_day", day=rng.choice([1, 5, 10, 10, 15, 20, 25, 25, 28]
                                                            + [rng.randint(1, 28)]))
        shift = rng.choice(["next", "previous", "previous", "none"])
    elif roll < 0.48:
        params, shift = PresetInput("month_end"), "previous"
    elif roll < 0.68:
        params, shift = PresetInput("business_day",
                                    business_day=rng.choice([1, 2, 3, 3, 5, 10, -1, -1, -2, -3])
                                    ), "none"
    elif roll < 0.76:
        params = PresetInput("weekly", weekday=rng.choice(["MO", "TU", "WE", "TH", "FR"]))
        shift = rng.choice(["none", "next"])
    elif roll < 0.82:
        params = PresetInput("quarterly", month=rng.randint(1, 3), day=rng.choice([10, 15, 20, 25]))
        shift = "next"
    elif roll < 0.99:
        entry = rng.choice(_statutory())
        params = PresetInput(entry["preset"], day=entry["day"], weekday=entry["weekday"],
                             month=entry["month"], business_day=entry["business_day"],
                             rrule=entry["rrule"])
        shift = entry["shift"]
        lead = tuple(entry["lead_days"])
    else:
        params = PresetInput("once", once_date=dtstart + timedelta(days=rng.randint(30, 900)))
        shift = "next"
    return schedule_from_preset(params, dtstart, shift, lead), entry


def schedules(count: int, seed: int = 42, dtstart: date = date(2025, 4, 1)) -> list[Schedule]:
    """The company's schedule mix on its own (the materialise benchmark)."""
    rng = random.Random(seed)
    return [_schedule(rng, dtstart)[0] for _ in range(count)]


# --- The company ---------------------------------------------------------------


def _department_sizes(rng: random.Random, people: int, count: int) -> list[int]:
    weights = [rng.uniform(0.4, 2.0) for _ in range(count)]
    total = sum(weights)
    sizes = [max(4, int(people * w / total)) for w in weights]
    sizes[0] += people - sum(sizes)  # the rounding goes to the first
    return sizes


def _signature(size: Size, today: date) -> dict:
    tables = {t.name: sorted(c.name for c in t.columns) for t in db.metadata.sorted_tables}
    schema = hashlib.sha256(repr(sorted(tables.items())).encode()).hexdigest()[:12]
    return {**asdict(size), "today": today.isoformat(), "version": GENERATOR_VERSION,
            "schema": schema}


def existing_company(size: Size, today: date) -> Company | None:
    """The company already in this database, if it was built with the same
    size, seed, schema and date (the benchmarks build it once and reuse it)."""
    try:
        setting = db.session.get(Setting, SIGNATURE_KEY)
    except Exception:  # noqa: BLE001 - no tables yet
        db.session.rollback()
        return None
    if setting is None or setting.value.get("signature") != _signature(size, today):
        return None
    return Company(size=size, **setting.value["company"])


def build_company(size: Size = DEFAULT, today: date | None = None,
                  progress=print) -> Company:  # noqa: ANN001
    """Generate the company into the (empty) database of the current app context."""
    from planner.core import audit
    from planner.core.clock import org_today

    started = time.perf_counter()
    today = today or org_today()
    rng = random.Random(size.seed)
    steps = _Steps(progress)
    audit.set_actor(None)  # nobody yet: a previous request's actor is not in this database
    install_default_closures()
    admin_id = _people_and_departments(rng, size)
    audit.set_actor(admin_id)
    steps.done("departments and people")
    tasks_by_department = _tasks(rng, size, today, admin_id)
    steps.done("tasks and owners")
    _history_and_future(rng, size, today)
    steps.done("occurrences")
    _costs_and_suggestions(rng, admin_id, today)
    steps.done("cost profiles and suggestions")
    _absences(rng, today)
    steps.done("absences")
    _employees(size, today)
    steps.done("employees")
    company = _bench_accounts(size, today, tasks_by_department, admin_id)
    _persona(company, today)
    steps.done("the benchmark's accounts")
    _inventories(rng, today, skip=company.department)
    steps.done("inventories")
    _notifications(rng, today)
    steps.done("notifications")
    refresh_statistics()  # what the scheduler's statistics job does, after a bulk load
    company.counts = {name: db.session.scalar(select(func.count()).select_from(model))
                      for name, model in (("people", User), ("tasks", Task),
                                          ("task_owners", TaskOwner),
                                          ("occurrences", Occurrence),
                                          ("notifications", Notification))}
    company.seconds = round(time.perf_counter() - started, 1)
    value = {"signature": _signature(size, today),
             "company": {k: v for k, v in asdict(company).items() if k != "size"}}
    db.session.add(Setting(key=SIGNATURE_KEY, value=value))
    db.session.commit()
    audit.set_actor(None)
    return company


class _Steps:
    def __init__(self, progress) -> None:  # noqa: ANN001
        self.progress, self.last = progress, time.perf_counter()

    def done(self, what: str) -> None:
        db.session.commit()
        now = time.perf_counter()
        if self.progress:
            self.progress(f"  generated {what} in {now - self.last:.1f} s")
        self.last = now


def _people_and_departments(rng: random.Random, size: Size) -> int:
    from planner.costing import operations as costing
    from planner.people.operations import PersonData, create_person

    departments = []
    for n in range(size.departments):
        code, name = DEPARTMENT_NAMES[n] if n < len(DEPARTMENT_NAMES) else (
            f"dept{n:02d}", f"部署{n:02d}")
        department = Department(code=code, name=name)
        db.session.add(department)
        departments.append(department)
    db.session.flush()
    for department in departments:  # the department's cost defaults (an administrator's job)
        costing.save_department_defaults({
            "hourly_cost": rng.choice([2500, 3000, 3500, 4000, 4500]),
            "rework_rate": Decimal(rng.choice(["0", "0.05", "0.1"])),
            "discount_rate": Decimal("0.03"), "horizon_years": 3,
        }, department.id)
    sizes = _department_sizes(rng, size.people - 2, size.departments)
    number = 0

    def person(role: str, homes: list[Department], password: str | None = None,
               email: str | None = None) -> User:
        nonlocal number
        number += 1
        made = create_person(PersonData(
            email=email or f"p{number:05d}@example.co.jp",
            name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", role=role,
            language="en" if rng.random() < 0.08 else "ja",
            department_ids=[d.id for d in homes]), password)
        if rng.random() < 0.2:
            made.capacity_hours = rng.choice([30, 60, 80])
        if rng.random() < 0.1:
            made.reminder_days = [rng.choice([2, 3, 5])]
        made.digest_opt_out = rng.random() < 0.25
        return made

    admin = person("admin", [departments[0]], BENCH_PASSWORD, "bench.admin@example.com")
    person("admin", [departments[-1]])
    for department, count in zip(departments, sizes, strict=True):
        managers = max(1, round(count * 0.06))
        for n in range(count):
            homes = [department]
            if rng.random() < 0.08:  # some people work for two departments
                homes.append(rng.choice(departments))
            made = person("manager" if n < managers else "staff", list({d.id: d for d in homes}
                                                                       .values()))
            if rng.random() < 0.01:
                made.active = False  # left the company; their history stays
        db.session.flush()
    return admin.id


def _members() -> dict[int, list[User]]:
    from planner.people.models.user import user_departments

    members: dict[int, list[User]] = defaultdict(list)
    rows = db.session.execute(select(user_departments.c.department_id, User)
                              .join(User, User.id == user_departments.c.user_id)
                              .where(User.active.is_(True), User.role != "admin")
                              .order_by(User.id))
    for department_id, person in rows:
        members[department_id].append(person)
    return members


def _tasks(rng: random.Random, size: Size, today: date, author_id: int
           ) -> dict[int, list[int]]:
    from planner.calendar.recurrence import validate
    from planner.tasks.operations import TaskData, apply_task_data

    departments = [(d.id, d.code) for d in
                   db.session.scalars(select(Department).order_by(Department.id))]
    members = {d: [p.id for p in people] for d, people in _members().items()}
    head = {d: len(members[d]) for d, _ in departments}
    total = sum(head.values())
    quota = {d: max(1, size.tasks * head[d] // total) for d, _ in departments}
    quota[departments[0][0]] += size.tasks - sum(quota.values())
    oldest = today - relativedelta(months=size.history_months)
    by_department: dict[int, list[int]] = defaultdict(list)
    checked: set[Schedule] = set()
    number = 0
    for department_id, code in departments:
        people = members[department_id]
        # A few people carry much of the work: owners are drawn with skewed weights.
        weights = [1 / (1 + i) ** 0.7 for i in range(len(people))]
        rng.shuffle(weights)
        categories = DEPARTMENT_CATEGORIES.get(code, ("other",))
        batch = []
        for _ in range(quota[department_id]):
            number += 1
            dtstart = (oldest - timedelta(days=rng.randint(0, 400)) if rng.random() < 0.85
                       else oldest + timedelta(days=rng.randint(0, (today - oldest).days)))
            schedule, entry = _schedule(rng, dtstart)
            if schedule not in checked:
                validate(schedule)
                checked.add(schedule)
            category = entry["category"] if entry else rng.choice(categories)
            title = (entry["title"]["ja"] if entry else rng.choice(WORK[CATEGORY_WORK[category]]))
            primary = rng.choices(people, weights)[0]
            data = TaskData(
                title=f"{title}（{rng.choice(SITES)}）", department_id=department_id,
                category=category,
                criticality=(entry["criticality"] if entry else
                             rng.choices(["low", "medium", "high", "critical"], [20, 45, 25, 10])[0]),
                code=f"{code.upper()}-{number:05d}",
                procedure=(PROCEDURE.format(thing=title, site=rng.choice(SITES),
                                            n=rng.randint(1, 40))
                           if rng.random() < 0.8 else ""),
                legal_basis=entry["legal_basis"]["ja"] if entry else "",
                effort_minutes=(entry["effort_minutes"] if entry else
                                rng.choice([15, 30, 30, 60, 60, 90, 120, 180, 240, 480])),
                primary_owner_id=primary, schedule=schedule,
                catalogue_key=entry["key"] if entry else None,
                deadline_basis=entry["deadline_basis"] if entry else None)
            task = Task()
            apply_task_data(task, data)
            task.owners[0].level = rng.choices([3, 4, 2], [70, 25, 5])[0]
            others = [p for p in rng.sample(people, min(len(people), 4)) if p != primary]
            if others and rng.random() < 0.55:
                task.owners.append(TaskOwner(user_id=others[0], role="backup",
                                             level=rng.choices([2, 3, 4], [30, 55, 15])[0]))
            if len(others) > 1 and rng.random() < 0.15:
                task.owners.append(TaskOwner(user_id=others[1], role="backup",
                                             level=rng.choice([3, 4])))
            if len(others) > 2 and rng.random() < 0.10:
                task.owners.append(TaskOwner(user_id=others[2], role="trainee", level=1))
            batch.append(task)
            if len(batch) == 1000:
                _flush_tasks(batch, by_department, rng, author_id, today)
                batch = []
        _flush_tasks(batch, by_department, rng, author_id, today)
    return by_department


def _flush_tasks(batch: list[Task], by_department: dict[int, list[int]],
                 rng: random.Random, author_id: int, today: date) -> None:
    from planner.procedures import operations as procedures

    db.session.add_all(batch)
    db.session.flush()
    # As create_task and the import do: the procedure's first version. Then
    # the last review as people left it: most within the year, some long ago.
    procedures.record_versions([t for t in batch if t.procedure], author_id)
    for task in batch:
        if task.procedure:
            task.procedure_reviewed_at = today - timedelta(days=int(rng.expovariate(1 / 200)))
    for task in batch:
        by_department[task.department_id].append(task.id)
    db.session.commit()


def _history_and_future(rng: random.Random, size: Size, today: date) -> None:
    """Materialise the past two years as if the scheduler had run then, tick
    them off as people did (a few skipped, a few recent ones still open), then
    the 13 months ahead."""
    from planner.work.operations import materialise

    past = today - relativedelta(months=size.history_months)
    materialise(today=past, horizon_months=size.history_months)
    db.session.commit()
    materialise(today=today, horizon_months=size.ahead_months)
    db.session.commit()
    refresh_statistics()
    db.session.commit()
    _tick_off(rng, today, today - timedelta(days=7))


def _owners_by_task() -> dict[int, list[tuple[int, str]]]:
    owners: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for task_id, user_id, role in db.session.execute(
            select(TaskOwner.task_id, TaskOwner.user_id, TaskOwner.role)
            .order_by(TaskOwner.task_id, TaskOwner.id)):
        owners[task_id].append((user_id, role))
    return owners


def _tick_off(rng: random.Random, today: date, before: date, since: date | None = None
              ) -> None:
    """Occurrences due before `before` get done or skipped as people would:
    mostly by the primary on the day or a little late; in the last 60 days a
    few stay open (overdue). The same values occurrences.complete/skip write."""
    owners = _owners_by_task()
    rows = db.session.execute(
        select(Occurrence.id, Occurrence.task_id, Occurrence.due_date)
        .where(Occurrence.status == "open", Occurrence.due_date < before,
               Occurrence.due_date >= (since or date.min))
        .order_by(Occurrence.id)).all()
    table = Occurrence.__table__
    statement = (update(table).where(table.c.id == bindparam("row_id"))
                 .values(status=bindparam("new_status"), completed_by_id=bindparam("by"),
                         completed_at=bindparam("at"), note=bindparam("new_note"),
                         minutes_taken=bindparam("minutes")))
    changes = []
    for row_id, task_id, due in rows:
        if (today - due).days <= 60 and rng.random() < 0.02:
            continue  # still open: overdue
        people = owners.get(task_id) or [(None, "primary")]
        by = people[0][0] if len(people) == 1 or rng.random() < 0.85 else rng.choice(people)[0]
        done_on = due - timedelta(days=rng.choice([0, 0, 0, 1, 2])) + timedelta(
            days=rng.choice([0] * 9 + [3]))
        skipped = rng.random() < 0.03
        changes.append({
            "row_id": row_id, "new_status": "skipped" if skipped else "done", "by": by,
            "at": datetime.combine(done_on, datetime.min.time(), timezone.utc)
            + timedelta(hours=rng.randint(0, 9), minutes=rng.randint(0, 59)),
            "new_note": "該当なし（今月は対象者なし）" if skipped else "",
            # Most completions say how long they took (the measured effort); from
            # the row, not rng, so the rest of the company comes out as before.
            "minutes": None if skipped or row_id % 10 < 3 else 15 + row_id * 37 % 226})
        if len(changes) == 5000:
            db.session.execute(statement, changes)
            changes = []
    if changes:
        db.session.execute(statement, changes)
    db.session.commit()


def _costs_and_suggestions(rng: random.Random, admin_id: int, today: date) -> None:
    from planner.costing import suggestions
    from planner.costing.models.cost_profile import CostProfile
    from planner.costing.suggestions import Review
    from planner.coverage import operations as coverage

    task_ids = list(db.session.scalars(select(Task.id).order_by(Task.id)))
    for task_id in rng.sample(task_ids, len(task_ids) // 4):
        values = {"automation_build_cost": rng.choice([0, 100_000, 300_000, 1_000_000]),
                  "automation_annual_cost": rng.choice([0, 12_000, 60_000]),
                  "automation_residual_share": Decimal(rng.choice(["0.1", "0.25", "0.5"]))}
        if rng.random() < 0.6:
            values.update({f"suitability_{k}": rng.randint(1, 5) for k in (
                "rule_based", "digital_input", "stable_process", "low_exceptions", "volume")})
        if rng.random() < 0.4:
            values.update(outsourcing_fee_per_occurrence=rng.choice([5_000, 20_000, 50_000]),
                          outsourcing_transition_cost=rng.choice([0, 100_000]),
                          outsourcing_oversight_minutes=rng.choice([0, 15, 30]))
        db.session.add(CostProfile(task_id=task_id, **values))
    db.session.flush()
    suggestions.recompute()
    db.session.commit()
    # Managers decide on some proposals: approved, started, done, rejected, deferred.
    managers_of = defaultdict(list)
    for person in db.session.scalars(select(User).where(User.role == "manager",
                                                        User.active.is_(True))
                                     .order_by(User.id)):
        for department in person.departments:
            managers_of[department.id].append(person)
    members = _members()
    from planner.costing.models.suggestion import Suggestion

    proposals = list(db.session.scalars(select(Suggestion).where(Suggestion.kind != "keep")
                                        .order_by(Suggestion.id)))
    for suggestion in rng.sample(proposals, min(len(proposals), len(task_ids) // 12)):
        department_id = suggestion.task.department_id
        if not managers_of[department_id]:
            continue
        manager = rng.choice(managers_of[department_id])
        steps = rng.choices([["approve"], ["approve", "start"], ["approve", "start", "done"],
                             ["reject"], ["defer"]], [35, 20, 15, 20, 10])[0]
        for action in steps:
            suggestions.review(manager, suggestion, Review(
                action, "来期に検討" if action == "defer" else "",
                rng.choice(members[department_id]).id,
                today + timedelta(days=rng.randint(-300, 200))))
        if "done" in steps:
            suggestion.completed_at = datetime.combine(
                today - timedelta(days=rng.randint(0, 600)), datetime.min.time(), timezone.utc)
    db.session.commit()
    # Cross-training plans for some single points of failure.
    plans = 0
    spof = [s for s in db.session.scalars(select(Suggestion).where(
        Suggestion.kind == "cross_train").order_by(Suggestion.id))]
    for suggestion in rng.sample(spof, min(len(spof), len(task_ids) // 100)):
        task = suggestion.task
        managers = managers_of[task.department_id]
        candidates = [p for p in members[task.department_id]
                      if p.id not in {o.user_id for o in task.owners}]
        if managers and candidates:
            coverage.accept_suggestion(rng.choice(managers), task, rng.choice(candidates).id,
                                       today + timedelta(days=rng.randint(10, 120)))
            plans += 1
    db.session.commit()


def _absences(rng: random.Random, today: date) -> None:
    from planner.coverage.models.absence import Absence

    people = list(db.session.scalars(select(User.id).where(User.active.is_(True)).order_by(User.id)))
    for person_id in people:
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            start = today + timedelta(days=rng.randint(-200, 120))
            kind = rng.choices(["annual_leave", "sick", "training", "parental", "other"],
                               [70, 12, 8, 3, 7])[0]
            length = {"annual_leave": rng.randint(1, 5), "sick": rng.randint(1, 3),
                      "training": rng.randint(1, 3), "parental": rng.randint(60, 300),
                      "other": 1}[kind]
            db.session.add(Absence(user_id=person_id, start_date=start,
                                   end_date=start + timedelta(days=length - 1), kind=kind,
                                   note="有給休暇" if kind == "annual_leave" else ""))
    db.session.flush()


def _employees(size: Size, today: date) -> None:
    """The roster the back office serves: five employees for each of its people,
    from the demo's generator (deterministic, numbers unique)."""
    from planner.employees.demo import roster
    from planner.employees.models import Employee

    db.session.add_all(Employee(**spec) for spec in roster(today, size.people * 5))
    db.session.flush()


def _inventories(rng: random.Random, today: date, skip: int) -> None:
    """A work inventory under way in every other department, half answered
    (`skip` has its own, just started)."""
    from planner.inventory import operations as inventory

    departments = list(db.session.scalars(select(Department.id).order_by(Department.id)))
    for department_id in departments[::2]:
        if department_id == skip:
            continue
        manager = db.session.scalar(
            select(User).where(User.role == "manager", User.active.is_(True),
                               User.departments.any(Department.id == department_id))
            .order_by(User.id))
        if manager is None:
            continue
        cycle = inventory.start_cycle(manager, department_id, f"{today.year}年度 業務の棚卸",
                                      today + timedelta(days=30))
        for item in cycle.answers:
            if rng.random() < 0.5:
                inventory.answer(manager, item, inventory.AnswerData(
                    still_needed=rng.random() < 0.95,
                    effort_minutes_after=rng.choice([None, None, 30, 60, 120]),
                    frequency_right=rng.random() < 0.9,
                    proposal=rng.choice(["keep", "keep", "keep", "simplify", "automate"]),
                    comment=""))
        db.session.commit()


def _notifications(rng: random.Random, today: date) -> None:
    """Plan as the scheduler did a week ago, send what was due since as the
    dispatcher would have (inbox entries mostly read), tick off last week's
    work, then plan now."""
    from planner.notifications import operations as notifications

    now = datetime.now(timezone.utc)
    week_ago = now - timedelta(days=7)
    notifications.plan(week_ago)
    db.session.commit()
    rows = db.session.execute(
        select(Notification.id, Notification.dedupe_key, Notification.send_after,
               Notification.channel)
        .where(Notification.status == "pending", Notification.send_after <= now)).all()
    table = Notification.__table__
    statement = (update(table).where(table.c.id == bindparam("row_id"))
                 .values(status="sent", attempts=1, sent_at=bindparam("at"),
                         message_id=bindparam("mid"), read_at=bindparam("read")))
    changes = []
    for row_id, key, send_after, channel in rows:
        sent = send_after + timedelta(seconds=rng.randint(1, 90))
        read = (sent + timedelta(hours=rng.randint(0, 48))
                if channel == "inbox" and rng.random() < 0.7 else None)
        changes.append({"row_id": row_id, "at": sent, "read": read, "mid":
                        notifications.message_id(SimpleNamespace(id=row_id, dedupe_key=key),
                                                 "planner.example.co.jp")})
        if len(changes) == 5000:
            db.session.execute(statement, changes)
            changes = []
    if changes:
        db.session.execute(statement, changes)
    db.session.commit()
    _tick_off(rng, today, today, since=today - timedelta(days=7))
    # What occurrences.complete does for each: their pending reminders stop.
    db.session.execute(
        update(Notification)
        .where(Notification.status == "pending",
               Notification.occurrence_id.in_(select(Occurrence.id).where(
                   Occurrence.status.in_(("done", "skipped")))))
        .values(status="cancelled").execution_options(synchronize_session=False))
    db.session.commit()
    notifications.plan(now)
    db.session.commit()


def _bench_accounts(size: Size, today: date, tasks_by_department: dict[int, list[int]],
                    admin_id: int) -> Company:
    """Sign-in passwords for a typical manager and a typical staff member of
    a mid-sized department (the median department by tasks)."""
    from planner.people.operations import set_password

    ranked = sorted(tasks_by_department, key=lambda d: len(tasks_by_department[d]))
    department_id = ranked[len(ranked) // 2]
    members = _members()[department_id]
    manager = next(p for p in members if p.role == "manager")
    loads = dict(db.session.execute(
        select(TaskOwner.user_id, func.count()).join(Task, Task.id == TaskOwner.task_id)
        .where(TaskOwner.role == "primary", Task.department_id == department_id)
        .group_by(TaskOwner.user_id)).all())
    staff_members = sorted((p for p in members if p.role == "staff" and loads.get(p.id)),
                           key=lambda p: loads[p.id])
    staff = staff_members[len(staff_members) // 2]  # the median load
    for person in (manager, staff):
        set_password(person, BENCH_PASSWORD)
    db.session.commit()
    return Company(size=size, today=today.isoformat(), admin=admin_id, manager=manager.id,
                   staff=staff.id, department=department_id)


def _persona(company: Company, today: date) -> None:
    """The benchmark's staff member has something in every section of "my
    work" (two trainings, two approved improvements, two overdue deadlines,
    absences ahead, inventory questions), so pages are measured with content
    and the query-count tests compare lists that are never empty."""
    from planner.costing import suggestions
    from planner.costing.models.suggestion import Suggestion
    from planner.coverage import operations as coverage
    from planner.coverage.models.absence import Absence
    from planner.coverage.models.training import TrainingPlan
    from planner.inventory import operations as inventory
    from planner.work import operations as occurrences

    staff = db.session.get(User, company.staff)
    manager = db.session.get(User, company.manager)
    tasks = db.session.scalars(select(Task).where(Task.department_id == company.department)
                               .order_by(Task.id))
    planned = set(db.session.scalars(select(TrainingPlan.task_id).where(
        TrainingPlan.trainee_id == staff.id)))
    trainings = len(planned)
    for task in tasks:
        if trainings >= 2:
            break
        level = next((o.level for o in task.owners if o.user_id == staff.id), 0)
        if task.id not in planned and level < 3:
            coverage.accept_suggestion(manager, task, staff.id, today + timedelta(days=60))
            trainings += 1
    for proposal in db.session.scalars(
            select(Suggestion).join(Suggestion.task)
            .where(Task.department_id == company.department, Suggestion.status == "proposed",
                   Suggestion.kind != "keep").order_by(Suggestion.id).limit(2)).all():
        suggestions.review(manager, proposal, suggestions.Review(
            "approve", "", staff.id, today + timedelta(days=90)))
    owned = select(TaskOwner.task_id).where(TaskOwner.user_id == staff.id,
                                            TaskOwner.role == "primary")
    for occurrence in db.session.scalars(
            select(Occurrence).where(Occurrence.task_id.in_(owned),
                                     Occurrence.status == "done",
                                     Occurrence.due_date < today,
                                     Occurrence.due_date >= today - timedelta(days=40))
            .order_by(Occurrence.due_date.desc()).limit(2)).all():
        occurrences.reopen(manager, occurrence)  # not done after all: overdue
    for days in (12, 40):
        db.session.add(Absence(user_id=staff.id, start_date=today + timedelta(days=days),
                               end_date=today + timedelta(days=days + 2), kind="annual_leave",
                               note="有給休暇"))
    inventory.start_cycle(manager, company.department, f"{today.year}年度 業務の棚卸",
                          today + timedelta(days=30))
    db.session.flush()


def bench_emails(company: Company) -> dict[str, str]:
    found = dict(db.session.execute(select(User.id, User.email).where(
        User.id.in_([company.admin, company.manager, company.staff]))).all())
    return {"admin": found[company.admin], "manager": found[company.manager],
            "staff": found[company.staff]}


# --- The older helpers: tasks alone, and an import workbook -------------------------


def create_departments(count: int = 12) -> list[Department]:
    install_default_closures()
    made = [Department(code=f"dept-{n:02d}", name=f"部署{n:02d}") for n in range(count)]
    db.session.add_all(made)
    db.session.flush()
    return made


def create_tasks(count: int, departments: int = 12, seed: int = 42) -> None:
    """Tasks with the company's schedule mix, without owners or occurrences."""
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

    from planner.calendar.recurrence import preset_of
    from planner.transfer.columns import TASKS

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
            "once_date": shown.once_date,
            "rrule": schedule.rrule if shown.preset == "custom" else None,
            "dtstart": schedule.dtstart, "shift": schedule.shift,
            "lead_days": ", ".join(str(d) for d in schedule.lead_days),
            "legal_basis": "", "effort_minutes": rng.choice([30, 60, 90, 120, 240]),
            "procedure": "1. 確認する\n2. 提出する",
        }
        sheet.append([values.get(c.key) for c in TASKS])
    book.save(path)
