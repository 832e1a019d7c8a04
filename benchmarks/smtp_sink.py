"""A real SMTP server (aiosmtpd) that accepts and drops every message, in its
own process so it does not share the GIL with the dispatchers it measures.

    python -m benchmarks.smtp_sink      # prints its port, serves until stdin closes
"""
from __future__ import annotations

import socket
import sys


def main() -> int:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin (or dies)
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
