"""The catalogue's deadlines that run from an event point at the event that opens them."""
from __future__ import annotations

from planner.events.shipped import shipped_type
from planner.tasks import catalogue


def test_every_catalogue_event_step_is_a_shipped_step():
    linked = {entry["key"]: entry["event_step"] for entry in catalogue.ENTRIES
              if entry.get("event_step")}
    assert linked == {"withholding-slip-leavers": "leave:withholding-slip-leaver",
                      "bonus-payment-report": "bonus:bonus-payment-report"}
    for step in linked.values():
        type_key, step_key = step.split(":")
        assert step_key in {s.key for s in shipped_type(type_key).steps}


def test_the_catalogue_sends_a_manager_to_record_the_event(client, auth, world):
    auth.login("manager@example.com")
    page = client.get("/tasks/catalogue").get_data(as_text=True)
    assert 'href="/events/new?type=bonus" data-event-step="bonus:bonus-payment-report"' in page
    form = client.get("/events/new?type=bonus").get_data(as_text=True)
    assert '<option selected value="bonus">' in form
