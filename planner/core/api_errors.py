"""Every API error has one shape:
{"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}"""
from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from planner.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationError
from planner.core.i18n import translate

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def error_response(status: int, message: str, code: str | None = None,
                   fields: dict[str, list[str]] | None = None) -> tuple[Response, int]:
    body: dict = {"code": code or _CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="planner"'
    return response, status


def validation_error(fields: dict[str, list[str]], message: str | None = None):  # noqa: ANN201

    return error_response(422, message or _("Some fields are not valid."), "validation_error",
                          fields)


def domain_error(error: DomainError):  # noqa: ANN201
    if isinstance(error, ValidationError):
        fields = {name: [translate(m) for m in messages] for name, messages in error.fields.items()}
        return validation_error(fields, translate(error.message))
    status = next((code for kind, code in ((NotFound, 404), (Forbidden, 403), (Conflict, 409))
                   if isinstance(error, kind)), 400)
    return error_response(status, translate(error.message), error.code)


def unavailable():  # noqa: ANN201
    """The database is down or restarting (English: the locale of a signed-in
    caller would be read from the database)."""
    return error_response(503, "The service is temporarily unavailable: its database cannot "
                               "be reached. Try again shortly.", "unavailable")


def http_error(error: Exception):  # noqa: ANN201
    status = error.code if isinstance(error, HTTPException) and error.code else 500
    message = error.description if isinstance(error, HTTPException) else "Internal error."
    return error_response(status, message or "")
