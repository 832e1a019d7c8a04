"""GET /api/v1/event-types: every shipped event type and its steps for anyone
signed in, titles in the caller's language, described in the OpenAPI document."""
from __future__ import annotations

from planner.core.extensions import db
from planner.people.models.user import User


def test_anyone_signed_in_reads_the_event_types(client, world, bearer):
    response = client.get("/api/v1/event-types", headers=bearer(world.staff))
    assert response.status_code == 200
    body = response.json
    assert body["total"] == len(body["items"]) == 9
    keys = [item["key"] for item in body["items"]]
    assert {"hire", "leave", "bonus", "maternity_leave", "childcare_leave",
            "pay_change"} <= set(keys)
    leave = body["items"][keys.index("leave")]
    assert leave["title"] == leave["title_ja"] == "退職"
    assert leave["title_en"] == "Leaving"
    step = next(s for s in leave["steps"] if s["key"] == "employment-insurance-loss")
    assert step == {
        "key": "employment-insurance-loss",
        "title": "雇用保険被保険者資格喪失届の提出",
        "title_ja": "雇用保険被保険者資格喪失届の提出",
        "title_en": "Report the end of employment insurance coverage",
        "legal_basis": "雇用保険法第7条、雇用保険法施行規則第7条第1項",
        "department": "hr", "category": "social_insurance", "effort_minutes": 30,
        "deadline": {"kind": "within_days", "n": 11, "day": None, "counts_event_day": False,
                     "statutory": True},
        "when": "employment_insurance_insured",
        "source": step["source"],
        "url": "https://jsite.mhlw.go.jp/kanagawa-hellowork/list/hw-atsugi_00077.html",
        "origin": "shipped",
    }
    assert "被保険者でなくなった日の翌日から10日以内" in step["source"]
    withholding = next(s for s in leave["steps"] if s["key"] == "withholding-slip-leaver")
    assert withholding["url"] == "https://laws.e-gov.go.jp/law/340AC0000000033"
    # A step whose authority page was not found is served with no address, not an empty one.
    pay_change = body["items"][keys.index("pay_change")]
    revision = next(s for s in pay_change["steps"] if s["key"] == "monthly-remuneration-change")
    assert revision["url"] is None
    assert revision["source"].startswith("no authority page found")
    bonus = body["items"][keys.index("bonus")]
    report = next(s for s in bonus["steps"] if s["key"] == "bonus-payment-report")
    assert report["url"].startswith("https://www.nenkin.go.jp/")


def test_titles_follow_the_requests_language(app, client, auth, world, bearer):
    # A token carries no session language: the request's Accept-Language decides.
    body = client.get("/api/v1/event-types",
                      headers={**bearer(world.manager), "Accept-Language": "en"}).json
    hire = body["items"][0]
    assert (hire["key"], hire["title"]) == ("hire", "Hire")
    step = next(s for s in hire["steps"] if s["key"] == "employment-insurance-enrolment")
    assert step["title"] == "Enrol the employee in employment insurance"
    assert step["legal_basis"].startswith("Employment Insurance Act, Art. 7")
    assert step["deadline"] == {"kind": "day_of_next_month", "n": 0, "day": 10,
                                "counts_event_day": False, "statutory": True}

    # Signed in through the browser, the person's own language.
    with app.app_context():
        db.session.get(User, world.staff).language = "en"
        db.session.commit()
    auth.login("staff@example.com")
    body = client.get("/api/v1/event-types", headers={"Accept-Language": "ja"}).json
    assert body["items"][1]["title"] == "Leaving"


def test_anonymous_callers_are_refused(client, world):
    response = client.get("/api/v1/event-types")
    assert response.status_code == 401
    assert response.json["error"]["code"]


def test_the_openapi_document_describes_it(client, world, bearer):
    document = client.get("/api/v1/openapi.json", headers=bearer(world.staff)).json
    operation = document["paths"]["/event-types"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EventTypeList"}
    step = document["components"]["schemas"]["EventStepTemplate"]
    assert set(step["required"]) >= {"key", "title", "legal_basis", "deadline", "when",
                                     "source", "url"}
