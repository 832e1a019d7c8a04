"""The company profile page and the catalogue page, as an administrator and staff use them."""
from __future__ import annotations

from datetime import date

from company_catalogue_start import start_as_admin
from sqlalchemy import select

from planner.core import settings
from planner.core.extensions import db
from planner.tasks.models import Task
from planner.work.models import Occurrence

PAGE = "/admin/company/"


def _form(auth, **fields: object) -> dict[str, str]:  # noqa: ANN001
    values = {"fiscal_year_end_month": 3, "corporate_tax_extension_months": 0,
              "consumption_tax_interim_filings": 0, "headcount": ""}
    values.update(fields)
    return {"csrf_token": auth.csrf_token(PAGE), **{k: str(v) for k, v in values.items()}}


def _open_dates(app, task_id: int) -> list[date]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(select(Occurrence.due_date).where(
            Occurrence.task_id == task_id, Occurrence.status == "open")
            .order_by(Occurrence.due_date)))


def test_only_administrators_see_the_profile(client, auth, world):
    auth.login("staff@example.com")
    assert client.get(PAGE).status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    page = client.get(PAGE).get_data(as_text=True)
    assert "会社情報" in page and "決算月" in page and "申告期限の延長" in page


def test_the_volume_drivers_are_on_the_form_and_checked(app, client, auth, world):
    auth.login("admin@example.com")
    page = client.get(PAGE).get_data(as_text=True)
    assert "給与支給人数" in page and "月間仕訳数" in page and "法定の閾値" in page
    response = client.post(PAGE, data=_form(auth, employees=-3, invoices_per_month=12,
                                            submit="1"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="employees-error"' in page and "0〜1000000" in page
    with app.app_context():
        assert settings.get("invoices_per_month") is None  # nothing half-saved
    response = client.post(PAGE, data=_form(auth, employees=120, invoices_per_month=300,
                                            submit="1"))
    assert response.status_code == 302
    with app.app_context():
        assert (settings.get("employees"), settings.get("invoices_per_month")) == (120, 300)


def test_month_13_and_an_extension_of_7_are_refused_next_to_their_fields(app, client, auth, world):
    auth.login("admin@example.com")
    response = client.post(PAGE, data=_form(auth, fiscal_year_end_month=13,
                                            corporate_tax_extension_months=7, submit="1"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="fiscal_year_end_month-error"' in page and "1〜12" in page
    assert 'id="corporate_tax_extension_months-error"' in page
    response = client.post(PAGE, data=_form(auth, consumption_tax_extension="y", submit="1"))
    assert response.status_code == 400
    assert 'id="consumption_tax_extension-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert settings.get("fiscal_year_end_month") == 3  # nothing half-saved


def test_preview_lists_what_moves_then_save_moves_only_open_dates(app, client, auth, world):
    task_id = start_as_admin(app, client, auth, world, "corporate-tax-final-return")
    assert _open_dates(app, task_id)[0] == date(2027, 5, 31)
    with app.app_context():  # last year's return, done: it stays where it was
        db.session.add(Occurrence(task_id=task_id, nominal_date=date(2026, 5, 31),
                                  due_date=date(2026, 6, 1), status="done"))
        db.session.commit()

    preview = client.post(PAGE, data=_form(auth, fiscal_year_end_month=12, preview="1"))
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "動く期限" in page
    assert '<time datetime="2027-05-31">' in page and '<time datetime="2027-03-01">' in page
    with app.app_context():  # a preview saves nothing
        assert settings.get("fiscal_year_end_month") == 3
    assert _open_dates(app, task_id)[0] == date(2027, 5, 31)

    saved = client.post(PAGE, data=_form(auth, fiscal_year_end_month=12, submit="1"))
    assert saved.status_code == 302
    # 2027-02-28 is a Sunday: the return is due Monday 1 March (the 13 months ahead hold one).
    assert _open_dates(app, task_id) == [date(2027, 3, 1)]
    with app.app_context():
        done = db.session.scalar(select(Occurrence).where(Occurrence.task_id == task_id,
                                                          Occurrence.status == "done"))
        assert done.due_date == date(2026, 6, 1)
        assert settings.fiscal_year_start_month() == 1  # costing's fiscal year follows
        assert db.session.get(Task, task_id).deadline_basis == "statutory"


def test_a_task_started_from_an_internal_entry_stays_internal(app, client, auth, world):
    task_id = start_as_admin(app, client, auth, world, "monthly-closing")
    with app.app_context():
        assert db.session.get(Task, task_id).deadline_basis == "internal"


def test_the_catalogue_hides_what_does_not_apply_and_shows_next_legal_dates(client, auth, world):
    auth.login("admin@example.com")
    page = client.get("/tasks/catalogue").get_data(as_text=True)
    assert 'id="entry-withholding-tax-monthly"' in page
    assert 'id="entry-withholding-tax-special-jan-jun"' not in page  # no 納期の特例 by default
    assert "すべて表示" in page
    assert '<time datetime="2027-05-31">' in page  # the March year-end's final return
    every = client.get("/tasks/catalogue?all=1").get_data(as_text=True)
    assert 'id="entry-withholding-tax-special-jan-jun"' in every
    assert "貴社には該当しません" in every

    client.post(PAGE, data=_form(auth, fiscal_year_end_month=12, special_withholding="y",
                                 submit="1"))
    page = client.get("/tasks/catalogue").get_data(as_text=True)
    assert 'id="entry-withholding-tax-special-jan-jun"' in page
    assert 'id="entry-withholding-tax-monthly"' not in page
    assert "（12月決算）" in page and '<time datetime="2027-03-01">' in page
    # A task started from it now gets the December schedule.
    form = client.get("/tasks/new?template=corporate-tax-final-return").get_data(as_text=True)
    assert "BYMONTH=2;BYMONTHDAY=-1" in form
