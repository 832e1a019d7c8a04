"""The new answers match what /api/v1/openapi.json promises, with the parts the
generic read test does not reach: a created closure, and a preview that skips."""
from __future__ import annotations

from jsonschema import Draft202012Validator


def _check(document: dict, path: str, method: str, status: int, body: object) -> list[str]:
    responses = document["paths"][path][method]["responses"]
    schema = responses[str(status)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    return [e.message for e in validator.iter_errors(body)]


def test_closures_and_a_skipping_preview_answer_as_documented(client, world, bearer):
    admin = bearer(world.admin)
    document = client.get("/api/v1/openapi.json").json
    created = client.post("/api/v1/calendar/closures", headers=admin, json={
        "name": "夏季休業", "start_date": "2027-08-09", "end_date": "2027-08-13"})
    assert created.status_code == 201
    assert _check(document, "/calendar/closures", "post", 201, created.json) == []
    listed = client.get("/api/v1/calendar/closures", headers=admin)
    assert _check(document, "/calendar/closures", "get", 200, listed.json) == []
    refused = client.post("/api/v1/calendar/closures", headers=admin, json={
        "name": "逆", "start_date": "2027-08-13", "end_date": "2027-08-09"})
    assert _check(document, "/calendar/closures", "post", 422, refused.json) == []
    preview = client.get("/api/v1/recurrence/preview?rrule=FREQ=MONTHLY;BYMONTHDAY=31"
                         "&start=2027-01-01&count=12", headers=admin)
    # 12 dates reach July 2028: five short months in 2027, three in 2028.
    assert len(preview.json["skipped"]) == 8
    assert _check(document, "/recurrence/preview", "get", 200, preview.json) == []
    gone = client.delete(f"/api/v1/calendar/closures/{created.json['id']}", headers=admin)
    assert gone.status_code == 204
    assert "204" in document["paths"]["/calendar/closures/{closed_day_id}"]["delete"]["responses"]
