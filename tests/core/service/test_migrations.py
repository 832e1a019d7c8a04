"""`planner db upgrade` builds the schema from nothing, and the models and the
migrations agree (no pending autogenerate diff), on SQLite and PostgreSQL.
Every downgrade keeps the data it drops for the upgrade to give back, or
refuses until told --destructive."""
from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import scratch_postgresql_database
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import MetaData, inspect, select, text

from config import TestConfig
from planner import create_app
from planner.core.extensions import db
from planner.core.kana import gojuon_key, search_text


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:  # noqa: ANN001
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    with scratch_postgresql_database(base, f"migrations_{uuid.uuid4().hex[:8]}") as url:
        yield url


def test_upgrade_builds_the_schema_and_matches_the_models(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        assert {"tasks", "users", "departments", "audit_entries", "alembic_version"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ; run `planner db migrate`: {diff}"


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every table's rows (in a stable order), as the database holds them."""
    with app.app_context():
        metadata = MetaData()
        metadata.reflect(db.engine)
        with db.engine.connect() as connection:
            return {name: sorted(connection.execute(select(table)).all(), key=repr)
                    for name, table in metadata.tables.items() if name != "alembic_version"}


def current_revision(app: Flask) -> str | None:
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revisions(app: Flask) -> list[str]:
    """Every revision, first to last: whatever migrations/versions holds."""
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        return [script.revision for script in
                reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]


def leftovers(app: Flask) -> list[str]:
    """Archive or half-done batch tables that should not outlive a migration."""
    with app.app_context():
        return [name for name in inspect(db.engine).get_table_names()
                if name.startswith(("migration_archive_", "_alembic_tmp_"))]


def fill_what_the_demo_leaves_empty(app: Flask) -> None:
    """Rows for the tables and columns the demo back office does not fill,
    as the features would write them, so that every revision has data to lose."""
    at = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
    tables = db.metadata.tables
    with app.app_context(), db.engine.begin() as connection:
        people = connection.execute(select(tables["users"].c.id).order_by("id")).scalars().all()
        task_ids = connection.execute(select(tables["tasks"].c.id).order_by("id")).scalars().all()
        department = connection.execute(select(tables["departments"].c.id)).scalars().first()
        occurrence = connection.execute(select(tables["occurrences"].c.id)).scalars().first()
        admin, manager, staff, trainee = people[:4]
        task, other_task = task_ids[:2]
        connection.execute(tables["users"].update().where(tables["users"].c.id == staff).values(
            totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_last_step=59_338_920,
            capacity_hours=120, reminder_days=[3, 1], digest_opt_out=True))
        connection.execute(tables["users"].update().where(tables["users"].c.id == people[-1])
                           .values(anonymised_at=at, name="（削除済み）",
                                   # and what the model derives from it on a save
                                   reading="（削除済み）", reading_key=gojuon_key("（削除済み）"),
                                   search_text=search_text("（削除済み）", "（削除済み）")))
        connection.execute(tables["departments"].update().where(
            tables["departments"].c.id == department).values(
            webhook_url="https://chat.example.co.jp/hooks/payroll"))
        connection.execute(tables["tasks"].update().where(tables["tasks"].c.id == task).values(
            version=4, procedure_reviewed_at=date(2026, 10, 1)))
        for kind, name, prefix in (("api", "給与システム連携", "pl_api1"),
                                   ("feed", "カレンダー購読", "pl_feed1")):
            connection.execute(tables["api_tokens"].insert().values(
                user_id=staff, name=name, kind=kind, token_hash=prefix.ljust(64, "0"),
                prefix=prefix, created_at=at))
        # A person linked to their identity at the OpenID provider (0024).
        connection.execute(tables["oidc_links"].insert().values(
            user_id=staff, issuer="https://login.microsoftonline.com/tenant/v2.0",
            subject="AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", created_at=at))
        # Kinds of leave added by 0021: the downgrade keeps them aside, the upgrade gives
        # them back.
        connection.execute(tables["absences"].insert().values(
            user_id=staff, start_date=date(2027, 1, 8), end_date=date(2027, 1, 8),
            kind="half_day_pm", note="通院"))
        connection.execute(tables["absences"].insert().values(
            user_id=trainee, start_date=date(2027, 2, 1), end_date=date(2027, 3, 31),
            kind="family_care", note=""))
        connection.execute(tables["training_plans"].insert().values(
            task_id=task, trainee_id=trainee, trainer_id=staff, target_level=3,
            due_date=date(2027, 3, 31), estimated_hours=12.5, status="planned", created_at=at))
        connection.execute(tables["notifications"].insert().values(
            dedupe_key=f"{occurrence}:{staff}:due:email", occurrence_id=occurrence,
            recipient_id=staff, kind="due", lead_days=1, channel="email", status="sent",
            send_after=at, attempts=1, last_error="", subject="【期限】源泉所得税の納付",
            body="明日が期限です。", message_id="<n1@planner.example>", created_at=at, sent_at=at))
        connection.execute(tables["cost_profiles"].insert().values(
            task_id=task, hourly_cost=3_500, rework_rate=Decimal("0.0500"),
            automation_build_cost=12_000_000_000, automation_residual_share=Decimal("0.2000"),
            outsourcing_fee_per_occurrence=25_000, horizon_years=5,
            discount_rate=Decimal("0.0300"), suitability_rule_based=4,
            outsourcing_price_item="payroll"))
        connection.execute(tables["cost_profiles"].delete().where(
            tables["cost_profiles"].c.department_id == department))
        connection.execute(tables["cost_profiles"].insert().values(
            department_id=department, hourly_cost=3_000))
        # In place of the proposal the demo's tasks were given when saved.
        connection.execute(tables["suggestions"].delete().where(
            tables["suggestions"].c.task_id == task))
        suggestion = connection.execute(tables["suggestions"].insert().values(
            task_id=task, kind="automate", annual_saving=2_400_000, npv=-3_000_000_000,
            payback_months=30.5, suitability=80, status="approved", owner_id=manager,
            due_date=date(2027, 1, 31), note="RPA で転記を自動化", computed_at=at,
            decided_at=at, realised_saving=1_950_000)).inserted_primary_key[0]
        connection.execute(tables["suggestion_decisions"].insert().values(
            suggestion_id=suggestion, action="approve", note="来期予算で対応", actor_id=manager,
            at=at))
        handover = connection.execute(tables["handovers"].insert().values(
            person_id=staff, reason="long_leave", start_date=date(2027, 1, 5),
            end_date=date(2027, 6, 30), applied_by_id=manager, applied_at=at,
            note="育児休業のため引継ぎ")).inserted_primary_key[0]
        connection.execute(tables["handover_lines"].insert().values(
            handover_id=handover, task_id=task, previous_role="primary", previous_level=4,
            successor_id=trainee, training_planned=True))
        cycle = connection.execute(tables["inventory_cycles"].insert().values(
            department_id=department, name="2026年度 業務棚卸", due_date=date(2026, 12, 25),
            started_by_id=manager, started_at=at)).inserted_primary_key[0]
        connection.execute(tables["inventory_answers"].insert().values(
            cycle_id=cycle, task_id=other_task, respondent_id=staff, effort_minutes_before=90,
            occurrences_per_year=12, answered_at=at, still_needed=True, effort_minutes_after=30,
            frequency_right=True, proposal="automate", comment="転記作業を自動化できる"))
        connection.execute(tables["occurrences"].update().where(
            tables["occurrences"].c.id == occurrence).values(minutes_taken=95))
        connection.execute(tables["assessments"].delete().where(
            tables["assessments"].c.task_id == other_task))
        connection.execute(tables["assessments"].insert().values(
            task_id=other_task, input_source="pdf_email", rule_based_share=Decimal("0.850"),
            exceptions_per_100=4, systems=2, changes_per_year=1, records_per_occurrence=120,
            steps=14, updated_by_id=staff, updated_at=at))
        connection.execute(tables["price_overrides"].insert().values(
            key="payroll", low=600, typical=900, high=1_400, base_low=20_000,
            base_typical=30_000, base_high=50_000, updated_by_id=admin, updated_at=at))
        employee = connection.execute(tables["employees"].insert().values(
            number="E0001", name="田中 一郎", name_kana="タナカ イチロウ", division="営業部",
            employment_type="regular", hire_date=date(2020, 4, 1), leave_date=date(2027, 3, 31),
            health_pension_insured=True, employment_insurance_insured=True, created_at=at,
            updated_at=at, reading_key=gojuon_key("タナカ イチロウ"),
            search_text=search_text("田中 一郎", "タナカ イチロウ"))).inserted_primary_key[0]
        event = connection.execute(tables["events"].insert().values(
            type_key="leave", date=date(2027, 3, 31), employee_id=employee, status="open",
            source="webhook", message_id="msg_2fWJpVkq", note="", recorded_by_id=manager,
            recorded_at=at)).inserted_primary_key[0]
        connection.execute(tables["tasks"].update().where(tables["tasks"].c.id == other_task)
                           .values(event_step="work_injury:injury-report"))  # not the demo's
        for _ in range(2):  # two leavers' steps on one task and day
            connection.execute(tables["occurrences"].insert().values(
                task_id=other_task, nominal_date=date(2027, 4, 10), due_date=date(2027, 4, 10),
                work_by=date(2027, 4, 10), status="open", note="", event_id=event,
                run_key=event + _ * 1000, assignee_id=staff))
        # Work waiting for its check (the demo's payroll run was returned, not left prepared).
        occurrences = tables["occurrences"]
        waiting = connection.execute(select(occurrences.c.id).join(
            tables["tasks"], tables["tasks"].c.id == occurrences.c.task_id).where(
            tables["tasks"].c.review_required.is_(True), occurrences.c.status == "open")
            .order_by(occurrences.c.due_date.desc()).limit(1)).scalar_one()
        connection.execute(occurrences.update().where(occurrences.c.id == waiting).values(
            status="prepared", prepared_by_id=staff, prepared_at=at, minutes_taken=80,
            note="ご確認ください"))
        connection.execute(tables["task_steps"].insert().values(
            task_id=task, position=1, text="給与台帳を出力する", evidence_required=True))
        item = connection.execute(tables["checklist_items"].insert().values(
            occurrence_id=occurrence, position=1, text="給与台帳を出力する",
            evidence_required=True, ticked_by_id=staff, ticked_at=at)).inserted_primary_key[0]
        connection.execute(tables["evidence"].insert().values(
            occurrence_id=occurrence, checklist_item_id=item, file_name="給与台帳 11月.pdf",
            content_type="application/pdf", size=48_213, sha256="ab" * 32,
            storage_key="3f/3f0e9c2a4b1d4e6f8a7b6c5d4e3f2a1b", uploaded_by_id=staff,
            uploaded_at=at, version=2))
        # A month closed and reopened (a close standing is the demo's).
        connection.execute(tables["period_closes"].insert().values(
            department_id=department, month=date(2025, 3, 1), closed_by_id=admin, closed_at=at,
            reopened_by_id=admin, reopened_at=at, reopen_reason="賞与の計上漏れを訂正するため"))
        # Provisioning (0025): a token, a call, a person and a department the
        # directory links, and the draft a departure left.
        connection.execute(tables["scim_tokens"].insert().values(
            name="entra", token_hash="5c1a".ljust(64, "0"), prefix="scim_abcde",
            created_at=at, last_used_at=at))
        connection.execute(tables["scim_requests"].insert().values(
            at=at, method="PATCH", path=f"/scim/v2/Users/{staff}", status=204,
            token_name="entra", detail=""))
        connection.execute(tables["scim_users"].insert().values(
            user_id=staff, external_id="aad-0001", version=2, created_at=at, updated_at=at,
            attributes={"userName": "staff@example.com", "name": {"familyName": "佐藤"}}))
        connection.execute(tables["scim_groups"].insert().values(
            department_id=department, external_id="grp-payroll", version=1, created_at=at,
            updated_at=at))
        role_group = connection.execute(tables["scim_role_groups"].insert().values(
            display_name="Planner managers", external_id="aad-grp-7", role="manager", version=1,
            created_at=at, updated_at=at)).inserted_primary_key[0]
        connection.execute(tables["scim_role_members"].insert().values(
            group_id=role_group, user_id=manager))
        connection.execute(tables["leaving_drafts"].insert().values(
            person_id=trainee, manager_id=manager, created_at=at,
            lines=[{"task_id": task, "covered": False, "successor_id": staff,
                    "open_occurrence_ids": [occurrence]}]))
        connection.execute(tables["rate_limits"].insert().values(
            key="LIMITER/sign-in/203.0.113.7", count=3, expires_at=1_796_000_000.25))
        connection.execute(tables["user_sessions"].insert().values(
            key_hash="5e55".ljust(64, "0"), user_id=staff, created_at=at, last_seen_at=at))
        connection.execute(tables["audit_entries"].insert().values(
            at=at, actor_id=admin, action="update", entity_type="Setting",
            entity_id="organisation", changes={"name": ["旧", "新"]}))
        # A change the directory made (0026): no person, the SCIM token's name.
        connection.execute(tables["audit_entries"].insert().values(
            at=at, actor_id=None, via="entra", action="update", entity_type="User",
            entity_id=str(staff), changes={"active": [True, False]}))


def test_every_downgrade_keeps_the_data_and_the_upgrade_gives_it_back(empty_database_url,
                                                                     tmp_path):
    # The demo's evidence files go to the test's folder, not the instance folder.
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url,
                     EVIDENCE_PATH=str(tmp_path / "evidence"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    fill_what_the_demo_leaves_empty(app)
    before = snapshot(app)
    empty = sorted(name for name, rows in before.items() if not rows)
    assert not empty, f"give these tables rows in fill_what_the_demo_leaves_empty: {empty}"

    steps = revisions(app)
    for target in reversed(steps[:-1]):
        result = runner.invoke(args=["db", "downgrade", target])
        assert result.exit_code == 0, (target, result.output, result.exception)
        assert current_revision(app) == target
    assert leftovers(app), "the downgrades kept nothing aside"
    for target in steps[1:]:
        result = runner.invoke(args=["db", "upgrade", target])
        assert result.exit_code == 0, (target, result.output, result.exception)
        assert current_revision(app) == target

    assert leftovers(app) == []
    after = snapshot(app)
    for name in before:
        assert after[name] == before[name], f"{name} changed in the round trip"
    assert after.keys() == before.keys()
    # New rows still get ids of their own in the tables that were refilled
    # (PostgreSQL's sequences restart with a table).
    token = runner.invoke(args=["tokens", "create", "sato.hanako@example.co.jp"])
    assert token.exit_code == 0, token.output
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            for name, rows in after.items():
                if not rows or "id" not in rows[0]._fields:
                    continue
                sequence = connection.execute(text(
                    "SELECT pg_get_serial_sequence(:name, 'id')"), {"name": name}).scalar()
                if sequence:
                    last = connection.execute(text(f"SELECT last_value FROM {sequence}")).scalar()
                    assert last >= max(row.id for row in rows), name
    with app.app_context():
        db.engine.dispose()


def at_head_with_one_person(url: str) -> tuple[Flask, FlaskCliRunner]:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    created = runner.invoke(args=["users", "create", "kimura.yui@example.co.jp",
                                  "--name", "木村 結衣", "--role", "admin"],
                            input="correct horse battery staple\n")
    assert created.exit_code == 0, created.output
    return app, runner


def test_a_downgrade_that_would_delete_data_refuses_and_names_it(empty_database_url):
    app, runner = at_head_with_one_person(empty_database_url)
    head, before = current_revision(app), snapshot(app)

    refused = runner.invoke(args=["db", "downgrade", "base"])

    assert refused.exit_code == 1
    assert re.search(r"^\s+users[:：]\s*1\D", refused.output, re.M), refused.output
    assert re.search(r"^\s+migration_archive_0002_closed_days[:：]\s*1\D",  # new-year closure
                     refused.output, re.M)
    assert "--destructive" in refused.output
    assert current_revision(app) == head
    assert snapshot(app) == before
    assert leftovers(app) == []

    accepted = runner.invoke(args=["db", "downgrade", "--destructive", "base"])
    assert accepted.exit_code == 0, accepted.output
    assert current_revision(app) is None
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()


def test_what_changed_while_downgraded_is_not_overwritten(empty_database_url):
    """The upgrade puts archived values back only where they still belong: a
    second factor never lands on a person who took a deleted person's id, and
    the versions of a task deleted meanwhile stay out."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    users, tasks, departments = (db.metadata.tables[name]
                                 for name in ("users", "tasks", "departments"))

    def create_person(email: str) -> int:
        result = runner.invoke(args=["users", "create", email, "--name", "木村 結衣",
                                     "--role", "admin"], input="correct horse battery staple\n")
        assert result.exit_code == 0, result.output
        with app.app_context(), db.engine.connect() as connection:
            return connection.execute(select(users.c.id).where(users.c.email == email)).scalar()

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    leaving = create_person("leaving@example.co.jp")
    at = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(users.update().where(users.c.id == leaving)
                           .values(totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))
        department = connection.execute(departments.insert().values(
            code="PAY", name="給与", active=True)).inserted_primary_key[0]
        task = connection.execute(tasks.insert().values(
            title="賞与計算", department_id=department, category="payroll", criticality="high",
            procedure="支給額を確定する", legal_basis="", effort_minutes=60, created_at=at,
            updated_at=at, schedule_kind="once", dtstart=date(2026, 12, 1), shift="none",
            lead_days=[7, 1, 0], version=1)).inserted_primary_key[0]
        connection.execute(text("INSERT INTO procedure_versions (task_id, number, text, created_at)"
                                " VALUES (:task, 1, '支給額を確定する', :at)"),
                           {"task": task, "at": at})

    assert runner.invoke(args=["db", "downgrade", "0007"]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries"))
        connection.execute(text("DELETE FROM users WHERE id = :id"), {"id": leaving})
        connection.execute(text("DELETE FROM tasks WHERE id = :id"), {"id": task})
        assert connection.execute(text("SELECT MAX(id) FROM users")).scalar() is None
        # As the app of 0007 would write it; SQLite gives the freed id again.
        newcomer = connection.execute(text(
            "INSERT INTO users (email, name, role, language, active, session_version, "
            "created_at, reminder_days, digest_opt_out) VALUES ('newcomer@example.co.jp', "
            "'新井 翼', 'staff', 'ja', true, 1, :at, '[]', false) RETURNING id"),
            {"at": datetime(2026, 12, 1, 2, 0)}).scalar()
        assert newcomer == leaving or connection.dialect.name != "sqlite"
    result = runner.invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, (result.output, result.exception)
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(select(users.c.totp_secret)
                                  .where(users.c.id == newcomer)).scalar() is None
        assert connection.execute(text("SELECT COUNT(*) FROM procedure_versions")).scalar() == 0
    assert leftovers(app) == []
    with app.app_context():
        db.engine.dispose()


def test_a_step_that_fails_halfway_leaves_the_database_as_it_was(empty_database_url):
    """A view on a column 0009 drops makes its downgrade fail in the middle of
    the table copy on SQLite (the rename) and at the DROP COLUMN on PostgreSQL."""
    app, runner = at_head_with_one_person(empty_database_url)
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("CREATE VIEW second_factors AS SELECT id, totp_secret FROM users"))
    head, before = current_revision(app), snapshot(app)

    failed = runner.invoke(args=["db", "downgrade", "0007"])

    assert failed.exit_code != 0
    assert current_revision(app) == head
    assert snapshot(app) == before
    assert leftovers(app) == []  # no _alembic_tmp_users, no half-made archive
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP VIEW second_factors"))
    result = runner.invoke(args=["db", "downgrade", "0007"])
    assert result.exit_code == 0, (result.output, result.exception)
    with app.app_context():
        db.engine.dispose()


def test_tasks_copied_from_the_catalogue_become_statutory_at_0013(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0012"]).exit_code == 0
    tables = MetaData()
    with app.app_context(), db.engine.begin() as connection:
        tables.reflect(connection, only=["tasks", "departments", "occurrences"])
        tasks, occurrences = tables.tables["tasks"], tables.tables["occurrences"]
        department = connection.execute(tables.tables["departments"].insert().values(
            name="総務部", code="general", active=True)).inserted_primary_key[0]
        ids = {}
        for title in ("源泉所得税の納付", "Pay resident tax withheld from salaries", "社内報の発行"):
            ids[title] = connection.execute(tasks.insert().values(
                title=title, department_id=department, category="tax", criticality="high",
                procedure="", legal_basis="", effort_minutes=30, schedule_kind="rrule",
                rrule="FREQ=MONTHLY;BYMONTHDAY=10", dtstart=date(2026, 1, 1), shift="next",
                lead_days=[3], version=1, created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                updated_at=datetime(2026, 1, 1, tzinfo=timezone.utc))).inserted_primary_key[0]
        connection.execute(occurrences.insert().values(
            task_id=ids["社内報の発行"], nominal_date=date(2027, 1, 10),
            due_date=date(2027, 1, 12), status="open", note=""))
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        rows = dict(connection.execute(text(
            "SELECT title, deadline_basis || ' ' || COALESCE(catalogue_key, '-') FROM tasks")).all())
        work_by = connection.execute(text("SELECT work_by FROM occurrences")).scalar_one()
    with app.app_context():
        db.engine.dispose()  # before the fixture drops the database
    assert rows == {"源泉所得税の納付": "statutory withholding-tax-monthly",
                    "Pay resident tax withheld from salaries": "statutory resident-tax-monthly",
                    "社内報の発行": "internal -"}
    assert str(work_by) == "2027-01-12"  # an occurrence's work-by date starts as its due date
