from __future__ import annotations

from typing import Any

from flask import jsonify

from planner.core import openapi
from planner.core.api import api_user, attributes, bp, page_json
from planner.core.api_forms import page_params
from planner.notifications import operations as notification_service
from planner.notifications.models import Notification


def notification_json(notification: Notification) -> dict[str, Any]:
    return {**attributes(notification, "id", "kind", "subject", "body", "occurrence_id",
                         "sent_at"),
            "read": notification.read_at is not None}


@bp.get("/notifications")
def list_notifications():  # noqa: ANN201
    """The caller's own inbox, newest first."""
    page, per_page = page_params()
    result = notification_service.inbox(api_user(), page, per_page)
    return page_json(result, notification_json,
                     unread=notification_service.unread_count(api_user()))


@bp.post("/notifications/<int:notification_id>/read")
def read_notification(notification_id: int):  # noqa: ANN201
    notification_service.mark_read(api_user(), notification_id)
    return jsonify({"unread": notification_service.unread_count(api_user())})


# --- OpenAPI ----------------------------------------------------------------------


@openapi.schemas
def openapi_schemas() -> dict[str, Any]:
    return {
        "Notification": openapi.object_of({
            "id": openapi.INTEGER, "kind": openapi.STRING, "subject": openapi.STRING, "body": openapi.STRING,
            "occurrence_id": openapi.nullable(openapi.INTEGER), "sent_at": openapi.nullable(openapi.DATETIME),
            "read": openapi.BOOLEAN}),
        "Unread": openapi.object_of({"unread": {"type": "integer", "minimum": 0}}),
        "NotificationPage": openapi.page_of("Notification", unread={"type": "integer", "minimum": 0}),
    }


@openapi.paths
def openapi_paths() -> dict[str, Any]:
    return {
        "/notifications": {
            "get": openapi.op("The caller's inbox, newest first", openapi.ok("NotificationPage"), (422,),
                      parameters=openapi.PAGING, tag="Notifications"),
        },
        "/notifications/{notification_id}/read": {
            "parameters": [openapi.path_param("notification_id")],
            "post": openapi.op("Mark an inbox entry read", openapi.ok("Unread"), (404,),
                       tag="Notifications"),
        },
    }
