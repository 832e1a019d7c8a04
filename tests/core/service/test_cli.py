from sqlalchemy import func, select

from planner.core.extensions import db
from planner.people.models.department import Department
from planner.people.models.user import ApiToken, User
from planner.people.tokens import authenticate_token
from planner.tasks.models import Task


def test_users_create_reads_the_password_from_stdin(app, runner):
    with app.app_context():
        db.session.add(Department(code="payroll", name="給与"))
        db.session.commit()
    result = runner.invoke(args=["users", "create", "new@example.com", "--name", "新人 太郎",
                                 "--role", "staff", "--department", "payroll"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "new@example.com"))
        assert [d.code for d in person.departments] == ["payroll"]
        assert person.password_hash and "a long enough" not in person.password_hash


def test_users_create_bad_input_exits_1_and_saves_nothing(app, runner):
    result = runner.invoke(args=["users", "create", "not-an-email", "--name", "X",
                                 "--department", "nowhere"], input="short\n")
    assert result.exit_code == 1
    assert "Unknown department" in result.output
    result = runner.invoke(args=["users", "create", "x@example.com", "--name", "X",
                                 "--role", "admin"], input="short\n")
    assert result.exit_code == 1
    assert "password" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_users_create_usage_error_exits_2(runner):
    result = runner.invoke(args=["users", "create", "x@example.com", "--role", "boss"])
    assert result.exit_code == 2


def test_tokens_create_prints_a_working_token_once(app, runner, world):
    result = runner.invoke(args=["tokens", "create", "staff@example.com"])
    assert result.exit_code == 0
    plaintext = result.output.strip()
    with app.app_context():
        stored = db.session.scalar(select(ApiToken.token_hash))
        assert plaintext not in stored
        assert authenticate_token(plaintext).email == "staff@example.com"


def test_tokens_create_for_unknown_person_exits_1(runner, world):
    result = runner.invoke(args=["tokens", "create", "nobody@example.com"])
    assert result.exit_code == 1


def test_seed_demo_loads_a_realistic_back_office_once(app, runner):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 25
        assert db.session.scalar(select(func.count(Department.id))) == 4
        # Recurring tasks; the steps of the events in flight are tasks of their own.
        assert 55 <= db.session.scalar(select(func.count(Task.id)).where(
            Task.event_step.is_(None))) <= 65
        titles = set(db.session.scalars(select(Task.title)))
        assert {"源泉所得税の納付", "社会保険料の納付", "算定基礎届の提出"} & titles
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 25


def test_login_page_lists_demo_accounts_only_with_demo_data(app, client, runner):
    assert "planner-demo" not in client.get("/login").get_data(as_text=True)
    runner.invoke(args=["seed-demo"])
    page = client.get("/login").get_data(as_text=True)
    assert "planner-demo" in page and "@example.co.jp" in page


def test_preview_dates_with_an_rrule_and_shift(app, runner):
    with app.app_context():
        from planner.calendar.operations import install_default_closures

        install_default_closures()
        db.session.commit()
    result = runner.invoke(args=["preview-dates", "--rrule", "FREQ=MONTHLY;BYMONTHDAY=10",
                                 "--shift", "next", "--start", "2026-12-01", "--count", "14"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 14
    dues = [line.split()[-1] for line in lines]
    assert dues[:3] == ["2026-12-10", "2027-01-12", "2027-02-10"]
    assert dues[-1] == "2028-01-11"  # 10 Jan 2028 is 成人の日


def test_preview_dates_last_business_day_with_the_year_end_closure(app, runner):
    with app.app_context():
        from planner.calendar.operations import install_default_closures

        install_default_closures()
        db.session.commit()
    result = runner.invoke(args=["preview-dates", "--business-day", "-1", "--start",
                                 "2026-12-01", "--count", "12"])
    assert result.exit_code == 0
    dues = [line.split()[-1] for line in result.output.strip().splitlines()]
    assert len(dues) == 12
    assert dues[:2] == ["2026-12-28", "2027-01-29"]


def test_preview_dates_bad_rule_exits_1(runner):
    result = runner.invoke(args=["preview-dates", "--rrule", "FREQ=NEVER"])
    assert result.exit_code == 1
    assert "FREQ" in result.output


def test_preview_dates_needs_one_rule_kind(runner):
    assert runner.invoke(args=["preview-dates"]).exit_code == 2
    assert runner.invoke(args=["preview-dates", "--start", "not-a-date",
                               "--business-day", "1"]).exit_code == 2
