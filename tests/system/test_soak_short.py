"""The outbox soak in short (tests/soak/run_soak.py; `make soak` runs it for
10 minutes): planning goes on while `planner dispatch` processes are SIGKILLed
at random and restarted and the SMTP server refuses, stalls and dawdles; every
notification still ends sent or failed (and listed in the outbox), none is
lost, and a message delivered twice carries its original Message-ID."""
from __future__ import annotations

import signal

import pytest
from soak.run_soak import run


@pytest.mark.real_clock  # subprocesses read the real clock
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_short_soak_loses_nothing_and_duplicates_only_by_message_id(app, database_url):
    report = run(database_url, seconds=20, dispatchers=3, seed=20261125, reset=False,
                 rate=2.0, kill_every=(1.0, 4.0), retry_base=0.25, drain_seconds=90,
                 echo=lambda line: None)
    print(report.text())
    assert report.ok, report.text()
    figures = report.figures
    assert figures["kills"] >= 3
    assert figures["status_sent"] > 100
    assert figures["status_failed"] > 0  # the refused address: failed, and in the outbox
