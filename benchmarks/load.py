"""A small HTTP load generator: N client threads, each with its own
connection, requesting one URL as fast as the server answers; latencies and
throughput. Standard library only (http.client), so `make bench` needs nothing
installed, and its own cost is in the floor page's figures too."""
from __future__ import annotations

import html
import http.client
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass


@dataclass
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_second: float
    kilobytes: float  # the body of the last response

    def as_dict(self) -> dict:
        return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in vars(self).items()}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _request(connection: http.client.HTTPConnection, method: str, path: str,
             headers: dict[str, str], body: bytes | None = None
             ) -> tuple[int, bytes, http.client.HTTPResponse]:
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.will_close:
        connection.close()  # http.client reconnects on the next request
    return response.status, data, response


def run(base_url: str, path: str, headers: dict[str, str] | None = None, clients: int = 8,
        seconds: float = 10.0, min_requests: int = 40, max_seconds: float = 90.0,
        warmup: int = 2) -> LoadResult:
    """`clients` threads request `path` for `seconds` (and at least
    `min_requests` in all, unless `max_seconds` pass first); each thread's
    first `warmup` requests are not counted (cold caches in the workers)."""
    url = urllib.parse.urlsplit(base_url)
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    latencies: list[float] = []
    errors = [0]
    size = [0]
    lock = threading.Lock()
    timing: dict[str, float] = {}
    # Released once every client is warm; the clock starts then.
    start_gate = threading.Barrier(clients + 1, action=lambda: timing.update(
        start=time.perf_counter()))

    def stop(now: float) -> bool:
        elapsed = now - timing["start"]
        return elapsed >= max_seconds or (elapsed >= seconds and len(latencies) >= min_requests)

    def client() -> None:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
        for _ in range(warmup):
            _request(connection, "GET", path, headers)
        start_gate.wait()
        while True:
            begun = time.perf_counter()
            if stop(begun):
                break
            try:
                status, data, _ = _request(connection, "GET", path, headers)
            except (OSError, http.client.HTTPException):
                connection.close()
                status, data = 0, b""
            took = time.perf_counter() - begun
            with lock:
                if status == 200:
                    latencies.append(took)
                    size[0] = len(data)
                else:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - timing["start"]
    if not latencies:
        raise RuntimeError(f"{path}: no successful response ({errors[0]} errors)")
    return LoadResult(
        path=path, requests=len(latencies), errors=errors[0], seconds=elapsed,
        p50_ms=statistics.median(latencies) * 1000, p95_ms=percentile(latencies, 0.95) * 1000,
        max_ms=max(latencies) * 1000, per_second=len(latencies) / elapsed,
        kilobytes=size[0] / 1024)


def sign_in(base_url: str, email: str, password: str) -> str:
    """The Cookie header of a signed-in session (CSRF token from the form)."""
    url = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    status, page, response = _request(connection, "GET", "/login", {})
    cookie = _session_cookie(response) or ""
    match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if status != 200 or match is None:
        raise RuntimeError(f"no sign-in form at {base_url}/login ({status})")
    form = urllib.parse.urlencode({"email": email, "password": password,
                                   "csrf_token": html.unescape(match.group(1).decode())})
    status, _, response = _request(
        connection, "POST", "/login", {"Cookie": cookie,
                                       "Content-Type": "application/x-www-form-urlencoded"},
        form.encode())
    signed_in = _session_cookie(response)
    connection.close()
    if status != 302 or not signed_in:
        raise RuntimeError(f"sign-in as {email} failed ({status})")
    return signed_in


def _session_cookie(response: http.client.HTTPResponse) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name_value = header.split(";", 1)[0]
        if name_value.startswith("session="):
            return name_value
    return None
