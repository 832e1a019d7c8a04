"""A stored send error read as a reason an administrator can act on."""
from __future__ import annotations

import pytest

from planner.notifications.domain import FAILURE_REASONS, failure_reason


@pytest.mark.parametrize(("error", "reason"), [
    ("ConnectionRefusedError: [Errno 111] Connection refused", "refused"),
    ("the relay did not take the message within 30 s", "timeout"),
    ("TimeoutError: timed out", "timeout"),
    ("gaierror: [Errno -2] Name or service not known", "unknown_host"),
    ("SMTPAuthenticationError: (535, b'5.7.8 Authentication failed')", "authentication"),
    ("SMTPRecipientsRefused: {'a@example.jp': (550, b'No such user')}", "recipient"),
    ("SMTPSenderRefused: (553, b'Sender refused', 'planner@localhost')", "sender"),
    ("SSLCertVerificationError: certificate verify failed", "tls"),
    ("SMTPServerDisconnected: Connection unexpectedly closed", "disconnected"),
    ("webhook answered 404", "webhook_status"),
    ("the department has no webhook any more", "webhook_missing"),
    ("SMTPDataError: (451, b'Requested action aborted')", "other"),
])
def test_each_error_has_its_reason(error: str, reason: str) -> None:
    assert failure_reason(error) == reason


@pytest.mark.parametrize("error", ["", "   "])
def test_no_error_has_no_reason(error: str) -> None:
    assert failure_reason(error) is None


def test_every_reason_has_words_of_its_own() -> None:
    keys = [reason for reason, _ in FAILURE_REASONS]
    assert len(keys) == len(set(keys)) and "other" not in keys


def test_every_reason_has_a_label(app) -> None:  # noqa: ANN001
    from planner.core.labels import SEND_FAILURE

    assert {reason for reason, _ in FAILURE_REASONS} | {"other"} <= set(SEND_FAILURE)
