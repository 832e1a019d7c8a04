"""The address the app's links start with (e-mails, the calendar feed).

PLANNER_BASE_URL when it is set. Otherwise the address the app is served on:
a page or a feed takes its request's; a job has no request and takes the
address `planner run` recorded when it started to listen (PLANNER_SERVED_URL),
so `PORT=5123 make run` sends links to :5123 without anyone setting a URL."""
from __future__ import annotations

import socket

from flask import current_app, has_request_context, request

FALLBACK = "http://127.0.0.1:5000"
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - names, not a bind


def served_url(host: str, port: int) -> str:
    """The URL of a server listening on host:port. Bound to every interface,
    it is reached by the machine's name rather than by 0.0.0.0."""
    name = socket.gethostname() if host in _WILDCARDS else host
    if ":" in name:
        name = f"[{name}]"  # an IPv6 address
    return f"http://{name}:{port}"


def base_url(from_request: bool = True) -> str:
    """Without a trailing slash. `from_request=False` for what is sent by
    e-mail: a request's Host header is the client's to choose, and a link in
    a message must not point where a forged header says."""
    config = current_app.config
    if config.get("PLANNER_BASE_URL"):
        return config["PLANNER_BASE_URL"].rstrip("/")
    if from_request and has_request_context():
        return request.host_url.rstrip("/")
    return (config.get("PLANNER_SERVED_URL") or FALLBACK).rstrip("/")
