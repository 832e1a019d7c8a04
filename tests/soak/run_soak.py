"""The outbox soak (issue 9, "Faults"): notifications are planned continuously
while several `planner dispatch` processes are SIGKILLed at random and
restarted, against a real SMTP server (aiosmtpd) that randomly refuses (4xx,
5xx), stalls past the client's timeout or accepts slowly. At the end every
notification must be sent or failed (and listed in the outbox), none pending
or sending for ever, none lost; a message delivered twice must carry the same
Message-ID as the first delivery, so the receiving side can tell.

    make soak                                   # 10 minutes on SQLite
    SOAK_MINUTES=2 make soak
    .venv/bin/python tests/soak/run_soak.py --minutes 10 --database-url postgresql+psycopg://…

A PostgreSQL database given with --database-url is emptied first. The short
version runs in `make test` (tests/system/test_soak_short.py). Exit status 0 when
every check passed, 1 otherwise; the report goes to standard output.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from config import Config  # noqa: E402
from planner import create_app  # noqa: E402
from planner.calendar.operations import install_default_closures
from planner.core.clock import org_today  # noqa: E402
from planner.core.extensions import db  # noqa: E402
from planner.notifications import operations as notifications  # noqa: E402
from planner.notifications.models import Notification
from planner.people.models.department import Department
from planner.people.models.user import User  # noqa: E402
from planner.tasks.models import Task, TaskOwner
from planner.work.models import Occurrence

PLANNER = str(Path(sys.executable).parent / "planner")
BASE_URL = "http://soak.invalid"
HOST = "soak.invalid"  # the Message-ID's right-hand side, from PLANNER_BASE_URL
BOUNCE = "bounce@soak.invalid"  # every message to this address is refused (550)
LATE_DAYS = notifications.LATE_DAYS - 1  # overdue notices are planned this far back
MESSAGE_ID = re.compile(r"<planner\.(\d+)\.[0-9a-f]+@")


# --- The SMTP server that misbehaves ------------------------------------------------


@dataclass
class Chaos:
    """How often the server misbehaves, per message."""

    temporary: float = 0.08  # 451: try again later
    permanent: float = 0.03  # 554: refused (the outbox retries it all the same)
    stall: float = 0.02  # accept only after the client's timeout: an ambiguous send
    slow: float = 0.2  # accept after up to `slow_seconds`
    slow_seconds: float = 0.05
    smtp_timeout: float = 2.0


class ChaosHandler:
    def __init__(self, chaos: Chaos, rng: random.Random) -> None:
        self.chaos, self.rng = chaos, rng
        self.lock = threading.Lock()
        self.deliveries: list[tuple[float, str, str]] = []  # (time, Message-ID, recipient)
        self.counts: Counter[str] = Counter()

    def _count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: ANN001, ANN201, N802
        if address == BOUNCE:
            self._count("550 recipient")
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        chaos = self.chaos
        with self.lock:
            roll = self.rng.random()
        if roll < chaos.temporary:
            self._count("451")
            return "451 4.3.0 Temporary failure, try again later"
        roll -= chaos.temporary
        if roll < chaos.permanent:
            self._count("554")
            return "554 5.0.0 Transaction failed"
        roll -= chaos.permanent
        if roll >= chaos.stall and roll - chaos.stall < chaos.slow:
            self._count("slow")
            await asyncio.sleep(self.rng.uniform(0, chaos.slow_seconds))
        message_id = ""
        for line in envelope.content.split(b"\r\n"):
            if not line:
                break
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.deliveries.append((time.time(), message_id, recipient))
        if roll < chaos.stall:
            # The server keeps the message but answers after the client gave
            # up (RFC 1047's window): the outbox sends it again.
            self._count("stalled")
            await asyncio.sleep(chaos.smtp_timeout * 1.5)
            return "250 2.0.0 Accepted (too late)"
        self._count("250")
        return "250 2.0.0 Accepted"


# --- The world, and the planner that keeps adding to it ----------------------------------


@dataclass
class World:
    tasks: list[int] = field(default_factory=list)
    owners: dict[int, list[int]] = field(default_factory=dict)  # task → primary, backup
    next_day: dict[int, int] = field(default_factory=dict)  # task → days back of its next miss
    occurrences: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    bounce: int = 0


def _seed(rng: random.Random) -> World:
    install_default_closures()
    world = World()
    departments = [Department(code=f"soak{n}", name=f"Soak {n}") for n in range(2)]
    db.session.add_all(departments)
    db.session.flush()
    staff: list[tuple[User, Department]] = []
    for n in range(8):
        department = departments[n % 2]
        person = User(email=f"staff{n}@soak.invalid", name=f"Staff {n}", role="staff",
                      language=rng.choice(["ja", "en"]), password_hash="!")
        person.departments.append(department)
        staff.append((person, department))
    bounce = User(email=BOUNCE, name="Bounce", role="staff", language="ja", password_hash="!")
    bounce.departments.extend(departments)
    managers = []
    for n, department in enumerate(departments):
        manager = User(email=f"manager{n}@soak.invalid", name=f"Manager {n}", role="manager",
                       language="ja", password_hash="!")
        manager.departments.append(department)
        managers.append(manager)
    db.session.add_all([p for p, _ in staff] + [bounce] + managers)
    db.session.flush()
    world.bounce = bounce.id
    world.people = [p.id for p, _ in staff] + [bounce.id] + [m.id for m in managers]
    db.session.commit()
    return world


def _new_task(world: World, rng: random.Random) -> int:
    from planner.calendar.recurrence import Schedule

    people = db.session.scalars(select(User).where(User.role == "staff")).all()
    primary = rng.choice([p for p in people if p.id != world.bounce])
    department_id = primary.departments[0].id
    colleagues = [p for p in people if p.id != primary.id
                  and department_id in {d.id for d in p.departments}]
    # One task in four has the unreachable person as its backup: their
    # notifications end failed, visible in the outbox.
    bounce = next(p for p in people if p.id == world.bounce)
    others = [p for p in colleagues if p.id != world.bounce]
    backup = bounce if len(world.tasks) % 4 == 3 else rng.choice(others)
    task = Task(title=f"Soak task {len(world.tasks) + 1}", department_id=department_id,
                category="tax", criticality="high")
    task.schedule = Schedule("rrule", date(2026, 1, 1), rrule="FREQ=MONTHLY;BYMONTHDAY=10")
    task.owners.append(TaskOwner(user_id=primary.id, role="primary", level=3))
    task.owners.append(TaskOwner(user_id=backup.id, role="backup", level=3))
    db.session.add(task)
    db.session.commit()
    world.tasks.append(task.id)
    world.owners[task.id] = [primary.id, backup.id]
    world.next_day[task.id] = 1
    return task.id


def _miss_a_deadline(world: World, rng: random.Random) -> None:
    """A deadline passes undone: the planner makes its overdue notices (and,
    two business days on, the managers' escalations), due at once."""
    open_tasks = [t for t in world.tasks if world.next_day[t] <= LATE_DAYS]
    if not open_tasks or rng.random() < 0.1:
        open_tasks = [_new_task(world, rng)]
    task_id = rng.choice(open_tasks)
    due = org_today() - timedelta(days=world.next_day[task_id])
    world.next_day[task_id] += 1
    occurrence_id = db.session.scalar(
        insert(Occurrence).values(task_id=task_id, nominal_date=due, due_date=due,
                                  status="open", note="").returning(Occurrence.id))
    world.occurrences.append(occurrence_id)
    notifications.plan(task_ids=[task_id])
    db.session.commit()


# --- Dispatchers that get killed ---------------------------------------------------


class Dispatchers:
    def __init__(self, count: int, env: dict[str, str], logs: Path, rng: random.Random) -> None:
        self.env, self.logs, self.rng = env, logs, rng
        self.slots: list[subprocess.Popen | None] = [None] * count
        self.restart_at = [0.0] * count
        self.starts = self.kills = 0
        self.exit_codes: Counter[int] = Counter()

    def _start(self, slot: int) -> None:
        with open(self.logs / f"dispatcher-{slot}.log", "a") as out:
            self.slots[slot] = subprocess.Popen([PLANNER, "dispatch"], env=self.env, stdout=out,
                                                stderr=subprocess.STDOUT)
        self.starts += 1

    def tend(self) -> None:
        """Restart what exited (the queue was empty, or it was killed), as cron
        or a process supervisor would, after a short pause."""
        now = time.monotonic()
        for slot, process in enumerate(self.slots):
            if process is not None and process.poll() is not None:
                self.exit_codes[process.returncode] += 1
                self.slots[slot] = None
                self.restart_at[slot] = now + self.rng.uniform(0.1, 1.0)
            if self.slots[slot] is None and now >= self.restart_at[slot]:
                self._start(slot)

    def kill_one(self) -> None:
        running = [p for p in self.slots if p is not None and p.poll() is None]
        if running:
            victim = self.rng.choice(running)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            self.kills += 1
            self.exit_codes[victim.returncode] += 1
            self.slots[self.slots.index(victim)] = None

    def stop(self) -> None:
        for process in self.slots:
            if process is not None:
                if process.poll() is None:
                    process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


# --- The run --------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        verdict = ["", "OK: every check passed" if self.ok else "FAILED:"]
        return "\n".join(self.lines + verdict + [f"  - {p}" for p in self.problems])


def _unfinished() -> int:
    now = datetime.now(timezone.utc)
    return db.session.scalar(select(func.count(Notification.id)).where(
        (Notification.status == "sending")
        | ((Notification.status == "pending") & (Notification.send_after <= now)))) or 0


def run(database_url: str, seconds: float, dispatchers: int = 3, seed: int | None = None,
        reset: bool = True, rate: float = 2.0, kill_every: tuple[float, float] = (1.0, 6.0),
        retry_base: float = 1.0, drain_seconds: float = 180.0, chaos: Chaos | None = None,
        echo=print) -> Report:  # noqa: ANN001
    """Soak for `seconds`, then drain and check. `rate`: deadlines missed per
    second (each makes 4 notifications to the owners, later 2 escalations)."""
    seed = seed if seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    chaos = chaos or Chaos()
    from aiosmtpd.controller import Controller

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=database_url, PLANNER_BASE_URL=BASE_URL)
    work = Path(tempfile.mkdtemp(prefix="planner-soak-"))
    handler = ChaosHandler(chaos, random.Random(rng.random()))
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    env = {**os.environ, "DATABASE_URL": database_url, "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(controller.port), "SMTP_TIMEOUT": str(chaos.smtp_timeout),
           "DISPATCH_LEASE_SECONDS": str(chaos.smtp_timeout * 2 + 1), "DISPATCH_BATCH": "20",
           "DISPATCH_LEASE_MARGIN_SECONDS": "1",
           "RETRY_BASE_SECONDS": str(retry_base), "PLANNER_BASE_URL": BASE_URL,
           "SECRET_KEY": "soak", "PLANNER_INSTANCE": str(work), "SCHEDULER_ENABLED": "0"}
    pool = Dispatchers(dispatchers, env, work, rng)
    report = Report()
    try:
        with app.app_context():
            if reset:
                db.drop_all()
                with db.engine.begin() as connection:
                    connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
                db.create_all()
            world = _seed(rng)
            echo(f"soak: {seconds:.0f} s, {dispatchers} dispatchers, seed {seed}, "
                 f"SMTP on port {controller.port}, logs in {work}")
            started = time.monotonic()
            next_kill = started + rng.uniform(*kill_every)
            next_miss = started
            next_note = started + 60
            while (now := time.monotonic()) < started + seconds:
                pool.tend()
                if now >= next_kill:
                    pool.kill_one()
                    next_kill = now + rng.uniform(*kill_every)
                if now >= next_miss:
                    _miss_a_deadline(world, rng)
                    next_miss += rng.expovariate(rate)
                if now >= next_note:
                    echo(f"  {now - started:5.0f} s: {len(world.occurrences)} deadlines missed, "
                         f"{len(handler.deliveries)} e-mails delivered, {pool.kills} kills")
                    next_note += 60
                time.sleep(0.02)
            soaked = time.monotonic() - started
            echo(f"soak over after {soaked:.0f} s; draining (no more kills)")
            drain_start = time.monotonic()
            while time.monotonic() < drain_start + drain_seconds:
                pool.tend()
                db.session.remove()
                if _unfinished() == 0:
                    break
                time.sleep(0.2)
            drained = time.monotonic() - drain_start
            pool.stop()
            db.session.remove()
            _check(world, handler, pool, report, soaked, drained, seed)
            db.session.remove()
            db.engine.dispose()
    finally:
        pool.stop()
        controller.stop()
    if report.ok:
        shutil.rmtree(work, ignore_errors=True)  # the dispatchers' logs, kept when a check fails
    else:
        report.lines.append(f"dispatcher logs: {work}")
    return report


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _check(world: World, handler: ChaosHandler, pool: Dispatchers, report: Report,
           soaked: float, drained: float, seed: int) -> None:
    problems, lines = report.problems, report.lines
    now = datetime.now(timezone.utc)
    rows = db.session.execute(select(
        Notification.id, Notification.dedupe_key, Notification.channel, Notification.status,
        Notification.send_after, Notification.sent_at, Notification.attempts,
        Notification.last_error, Notification.message_id, Notification.recipient_id,
        Notification.created_at)).all()
    by_id = {row.id: row for row in rows}
    statuses = Counter(row.status for row in rows)

    # None lost: every notification the planner should have made exists.
    keys = {row.dedupe_key for row in rows}
    task_of = dict(db.session.execute(select(Occurrence.id, Occurrence.task_id)
                                      .where(Occurrence.id.in_(world.occurrences))).all())
    expected = {f"o:{occurrence}:{person}:{channel}" for occurrence in world.occurrences
                for person in world.owners[task_of[occurrence]] for channel in ("email", "inbox")}
    missing = expected - keys
    if missing:
        problems.append(f"{len(missing)} planned overdue notices do not exist, e.g. "
                        f"{sorted(missing)[:3]}")

    # Every notification ends: sent, failed (and visible), or not yet due.
    stuck = [row for row in rows if row.status == "sending"
             or (row.status == "pending" and row.send_after <= now)]
    if stuck:
        problems.append(f"{len(stuck)} notifications still pending or sending after the drain, "
                        f"e.g. {[(r.id, r.status, r.attempts) for r in stuck[:5]]}")
    not_yet_due = sum(1 for row in rows if row.status == "pending" and row.send_after > now)
    failed = [row for row in rows if row.status == "failed"]
    listed = notifications.outbox("failed", per_page=10).total
    if listed != len(failed):
        problems.append(f"the outbox lists {listed} failed notifications, the table has "
                        f"{len(failed)}")
    if any(not row.last_error for row in failed):
        problems.append("a failed notification shows no error")
    wrongly_failed = [row for row in failed if row.recipient_id != world.bounce]
    sent_email = {row.id: row for row in rows if row.channel == "email" and row.status == "sent"}
    with_bounce = [row for row in rows if row.recipient_id == world.bounce
                   and row.channel == "email" and row.status == "sent"]
    if with_bounce:
        problems.append(f"{len(with_bounce)} e-mails to the refused address are marked sent")

    # Every delivery belongs to a notification, under that notification's one
    # Message-ID; every e-mail marked sent was delivered.
    delivered: dict[int, set[str]] = defaultdict(set)
    copies: Counter[str] = Counter()
    unknown = []
    for _, message_id, _ in handler.deliveries:
        match = MESSAGE_ID.match(message_id)
        if match is None or int(match.group(1)) not in by_id:
            unknown.append(message_id)
            continue
        delivered[int(match.group(1))].add(message_id)
        copies[message_id] += 1
    if unknown:
        problems.append(f"{len(unknown)} deliveries match no notification, e.g. {unknown[:3]}")
    several = {n: ids for n, ids in delivered.items() if len(ids) > 1}
    if several:
        problems.append(f"{len(several)} notifications were delivered under different "
                        f"Message-IDs: {list(several.items())[:3]}")
    for notification_id, row in sent_email.items():
        if row.message_id not in delivered.get(notification_id, set()):
            problems.append(f"notification {notification_id} is marked sent with Message-ID "
                            f"{row.message_id} but no such message arrived")
            break
    lost = [n for n in sent_email if n not in delivered]
    if lost:
        problems.append(f"{len(lost)} e-mails marked sent never arrived")
    duplicates = {mid: count for mid, count in copies.items() if count > 1}
    failed_but_delivered = sum(1 for row in failed if row.id in delivered)

    # Lateness: from the moment a notification was due and planned (an
    # escalation planned today for a deadline missed last month is due now).
    def lateness(row) -> float:  # noqa: ANN001
        return (row.sent_at - max(row.send_after, row.created_at)).total_seconds()

    sent = [row for row in rows if row.status == "sent" and row.sent_at is not None]
    late = [lateness(row) for row in sent]
    first_try = [lateness(row) for row in sent if row.attempts == 1]
    smtp = handler.counts
    figures = {
        "seconds": round(soaked), "drain_seconds": round(drained, 1), "seed": seed,
        "dispatchers_started": pool.starts, "kills": pool.kills,
        "deadlines_missed": len(world.occurrences), "tasks": len(world.tasks),
        "notifications": len(rows), **{f"status_{k}": v for k, v in sorted(statuses.items())},
        "emails_delivered": len(handler.deliveries), "emails_unique": len(copies),
        "duplicate_messages": len(duplicates),
        "duplicate_deliveries": sum(duplicates.values()) - len(duplicates),
        "failed_but_delivered": failed_but_delivered,
        "max_lateness_s": round(max(late, default=0), 1),
        "p95_lateness_s": round(_percentile(late, 0.95), 1),
        "median_lateness_s": round(statistics.median(late), 2) if late else 0,
        "max_lateness_first_try_s": round(max(first_try, default=0), 1),
    }
    report.figures = figures
    lines += [
        "",
        f"Outbox soak: {soaked:.0f} s of chaos + {drained:.1f} s of drain (seed {seed})",
        f"  dispatchers started  {pool.starts} ({pool.kills} SIGKILLed at random; exit codes "
        f"{dict(sorted(pool.exit_codes.items()))})",
        f"  deadlines missed     {len(world.occurrences)} over {len(world.tasks)} tasks",
        f"  notifications        {len(rows)}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        + f" ({not_yet_due} pending are escalations not yet due)",
        f"  failed, in outbox    {len(failed)} (listed: {listed}; to the refused address: "
        f"{len(failed) - len(wrongly_failed)}, after five refusals elsewhere: "
        f"{len(wrongly_failed)})",
        "  SMTP answers         " + ", ".join(f"{k} {v}" for k, v in sorted(smtp.items())),
        f"  e-mails delivered    {len(handler.deliveries)}, {len(copies)} distinct Message-IDs",
        f"  duplicates           {figures['duplicate_deliveries']} extra deliveries of "
        f"{len(duplicates)} messages, each under its original Message-ID; "
        f"{failed_but_delivered} failed ones had arrived once (a stalled answer)",
        f"  lateness (sent - due)  median {figures['median_lateness_s']} s, "
        f"p95 {figures['p95_lateness_s']} s, max {figures['max_lateness_s']} s "
        f"(sent at the first try: max {figures['max_lateness_first_try_s']} s)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float,
                        default=float(os.environ.get("SOAK_MINUTES", "10")))
    parser.add_argument("--database-url", default=os.environ.get("SOAK_DATABASE_URL"),
                        help="default: a new SQLite file")
    parser.add_argument("--dispatchers", type=int, default=3)
    parser.add_argument("--rate", type=float, default=2.0,
                        help="deadlines missed per second (4 notifications each)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    url, scratch = args.database_url, None
    if not url:
        scratch = tempfile.mkdtemp(prefix="planner-soak-db-")
        url = f"sqlite:///{scratch}/soak.db"
    report = run(url, args.minutes * 60, dispatchers=args.dispatchers, seed=args.seed,
                 rate=args.rate)
    if scratch and report.ok:
        shutil.rmtree(scratch, ignore_errors=True)
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
