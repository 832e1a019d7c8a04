"""The event webhook: the receiver an HR system posts signed events to
(Standard Webhooks), and its secret on the JSON API (administrators).

The receiver is not on the API blueprint: a delivery carries no bearer token
and no session, and proves itself by its signature alone, so neither the
API's token check nor CSRF applies to it (the blueprint is exempted from
CSRF explicitly)."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from planner.core import openapi
from planner.core.access import public
from planner.core.api import api_user, bp, iso, requires_role
from planner.core.api_errors import error_response
from planner.core.api_forms import form_from_json, require_valid
from planner.core.errors import N_, Message, ValidationError
from planner.core.extensions import csrf, db
from planner.core.i18n import translate
from planner.core.ratelimit import limiter
from planner.core.roles import Role
from planner.employees import operations as roster
from planner.employees.forms import EmployeeForm
from planner.employees.models import Employee
from planner.employees.operations import EmployeeData
from planner.events import operations as events
from planner.events import webhooks
from planner.events.models import Event

# The events API's reading of a date and of an event, so a delivery reads as a POST /events.
from planner.events.runs_api import _date, event_json
from planner.people.models.user import User

RECEIVER_PATH = "/webhooks/events"
SECRET_PATH = "/webhooks/events/secret"
receiver = Blueprint("webhooks", __name__, url_prefix="/api/v1/webhooks")
csrf.exempt(receiver)


def _refused(response) -> bool:  # noqa: ANN001
    return response.status_code == 401


@receiver.post("/events")
@public
@limiter.limit(lambda: current_app.config["WEBHOOK_LIMIT_PER_ADDRESS"], scope="webhook",
               deduct_when=_refused)
def receive_event():  # noqa: ANN201
    """A signed event: 201 and the event recorded, or 200 and the event a
    delivery with the same webhook-id recorded before."""
    body = request.get_data(cache=True)
    try:
        message_id = webhooks.verify(body, request.headers)
    except webhooks.WebhookRefused as refused:
        return error_response(401, translate(refused.message))
    try:
        acting = webhooks.acting_administrator()
    except webhooks.WebhookRefused as refused:
        return error_response(401, translate(refused.message))
    if len(message_id) > webhooks.MESSAGE_ID_CHARS:
        raise ValidationError.single("webhook-id", N_(
            "Use at most %(max)d characters.", max=webhooks.MESSAGE_ID_CHARS))
    earlier = events.find_by_message(message_id)
    if earlier is not None:
        return _answer(earlier, 200)
    delivery = _delivery(request.get_json(silent=True))
    _take_write_lock()
    return _record(acting, message_id, *delivery)


def _take_write_lock() -> None:
    """On SQLite, the database's one write lock, before this delivery reads
    anything more. SQLite lets a transaction that has read wait for the lock
    only until another writer commits, then refuses its first write (the
    reads are stale): the same delivery posted twice at once got a 503.
    Holding the lock from here, the second waits for the first's commit and
    then finds its event. PostgreSQL needs none of this: the unique message
    id makes the second wait, then fail into the savepoint below."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _record(acting: User, message_id: str, type_key: str, event_date: date,
            employee_payload: dict[str, Any], note: str):  # noqa: ANN202
    """The delivery's event, recorded now (201) or found recorded by an
    earlier delivery with the same webhook-id (200)."""
    earlier = events.find_by_message(message_id)
    if earlier is not None:
        return _answer(earlier, 200)
    try:
        with db.session.begin_nested():
            employee = _employee(acting, employee_payload)
            event, created = events.record_event_once(
                acting, type_key, event_date, employee, source="webhook",
                message_id=message_id, note=note)
            if created:
                # Recorded by the sender, not by a person: the administrator
                # only answered for the rules above.
                event.recorded_by_id = None
                db.session.flush()
    except IntegrityError:
        # The same delivery, sent twice at once: the other one recorded it
        # (the employee it describes, added by both, is what collided).
        earlier = events.find_by_message(message_id)
        if earlier is None:
            raise
        return _answer(earlier, 200)
    return _answer(event, 201 if created else 200)


def _answer(event: Event, status: int):  # noqa: ANN202
    """The event as GET /api/v1/events/{id} shows it."""
    return jsonify(event_json(event, events.run_of(event))), status


def _delivery(payload: Any) -> tuple[str, date, dict[str, Any], str]:
    """The event a delivery's body asks for; a ValidationError naming each
    field that is wrong."""
    if not isinstance(payload, dict):
        raise ValidationError.single("body", N_(
            "Send a JSON object with type, date and employee (or employee_number)."))
    problems: dict[str, list[Message]] = {}
    type_key = payload.get("type")
    if not isinstance(type_key, str) or not type_key.strip():
        problems["type"] = [N_("This field is required.")]
    event_date = _date(payload.get("date"))
    if event_date is None:
        problems["date"] = [N_("Enter a date as YYYY-MM-DD.")]
    note = payload.get("note") or ""
    if not isinstance(note, str):
        problems["note"] = [N_("Send the note as text.")]
    if payload.get("employee") is None and payload.get("employee_number") is None:
        problems["employee"] = [N_("Describe the employee (number, name…) or send "
                                   "employee_number.")]
    elif payload.get("employee") is not None and not isinstance(payload["employee"], dict):
        problems["employee"] = [N_("Send the employee as an object.")]
    if problems:
        raise ValidationError(problems)
    return str(type_key).strip(), event_date, payload, note.strip()


def _employee(acting: User, payload: dict[str, Any]) -> Employee:
    """The employee named by number, or the one described: found by its
    number, else added to the roster (the event is for someone new)."""
    number = payload.get("employee_number")
    described = payload.get("employee")
    if number is not None and described is None:
        found = roster.find_by_number(str(number)) if isinstance(number, (str, int)) else None
        if found is None:
            raise ValidationError.single("employee_number", N_("No employee has this number."))
        return found
    if isinstance(described.get("number"), str) and (
            found := roster.find_by_number(described["number"])) is not None:
        return found
    try:
        form = require_valid(form_from_json(EmployeeForm, described))
        employee, _ = roster.find_or_create(acting, EmployeeData(
            **{name: form[name].data for name in roster.FIELDS}))
    except ValidationError as error:
        raise ValidationError({f"employee.{name}": messages
                               for name, messages in error.fields.items()}) from None
    return employee


def _no_store(response):  # noqa: ANN001, ANN202
    # A secret shown once must not stay in a cache on the way.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(SECRET_PATH)
@requires_role(Role.ADMIN)
def webhook_secret_state():  # noqa: ANN201
    """Whether a secret is set and since when; never the secret."""
    state = webhooks.state()
    return jsonify({"set": state.set, "created_at": iso(state.created_at)})


@bp.post(SECRET_PATH)
@requires_role(Role.ADMIN)
def generate_webhook_secret():  # noqa: ANN201
    """A new secret, shown this once; the one before stops working."""
    secret = webhooks.generate_secret(api_user())
    return _no_store(jsonify({"secret": secret,
                              "created_at": iso(webhooks.state().created_at)})), 201


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    employee = {"type": "object", "description": "The employee: found by number, or added to "
                                                 "the roster (number, name, name_kana, "
                                                 "division, employment_type, hire_date, "
                                                 "health_pension_insured, "
                                                 "employment_insurance_insured)"}
    return {
        "WebhookEvent": {
            "type": "object",
            "properties": {"type": {**openapi.STRING, "description": "An event type's key"},
                           "date": openapi.DATE, "employee": employee,
                           "employee_number": {**openapi.STRING,
                                               "description": "An employee in the roster"},
                           "note": openapi.STRING},
            "required": ["type", "date"]},
        "WebhookSecretState": openapi.object_of({
            "set": openapi.BOOLEAN, "created_at": openapi.nullable(openapi.DATETIME)}),
        "WebhookSecret": openapi.object_of({
            "secret": {"type": "string", "pattern": "^whsec_",
                       "description": "Shown this once: only a salt is kept."},
            "created_at": openapi.DATETIME}),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    headers = [{"name": name, "in": "header", "required": True, "schema": openapi.STRING,
                "description": text} for name, text in (
        ("webhook-id", "The delivery's unique id: the same id twice records one event."),
        ("webhook-timestamp", "Seconds since 1970 (UTC), within five minutes of now."),
        ("webhook-signature", "Space-separated `v1,<base64 HMAC-SHA256 of "
                              "\"{webhook-id}.{webhook-timestamp}.{body}\">`, keyed with "
                              "the secret's base64 part."))]
    receive = openapi.op(
        "Receive an event from an HR system (signed webhook)",
        {**openapi.ok("Event", 201, "Recorded"),
         **openapi.ok("Event", 200, "Recorded before, by a delivery with this webhook-id")},
        (422,), body=openapi.ref("WebhookEvent"), parameters=headers, tag="Events",
        description="Standard Webhooks (https://www.standardwebhooks.com/): no bearer "
                    "token; an unsigned, badly signed, too old or too new delivery is refused "
                    "with 401 and nothing is saved.")
    receive["security"] = []
    receive["responses"]["401"]["description"] = "Unsigned, badly signed, or too old or new"
    receive["responses"]["429"] = {"description": "Too many refused deliveries from this "
                                                  "address",
                                   "content": {"application/json": {
                                       "schema": openapi.ref("Error")}}}
    return {
        RECEIVER_PATH: {"post": receive},
        SECRET_PATH: {
            "get": openapi.op("Whether the event webhook has a secret (administrators)",
                              openapi.ok("WebhookSecretState"), (403,), tag="Events"),
            "post": openapi.op(
                "Generate the event webhook's secret (administrators)",
                openapi.ok("WebhookSecret", 201, "Created"), (403,), tag="Events",
                description="The secret is shown this once; the one before stops working at "
                            "once. Senders sign deliveries with it (Standard Webhooks)."),
        },
    }
