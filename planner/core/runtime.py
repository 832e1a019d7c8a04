"""Process-wide settings for serving requests: the garbage collector.

An app at startup holds some 150,000 objects that live as long as the process
(modules, mappers, compiled templates, locale data). CPython's cyclic
collector walks all of them on every full collection: measured 100 ms on the
registry page, once every twenty-odd requests, which was the whole of that
page's erratic p95. Frozen (gc.freeze), they are left out of every later
collection; the objects requests create and drop are collected as before.
"""
from __future__ import annotations

import gc

from flask import Flask

_frozen = False


def init_app(app: Flask) -> None:
    """Freeze what exists once the first app of the process is built.

    Once per process: a worker builds one app, while the test suite builds
    hundreds that it drops again, and a frozen object is never collected."""
    global _frozen
    if _frozen or app.testing or not app.config.get("GC_FREEZE", True):
        return
    gc.collect()  # garbage from the imports is freed, not frozen
    gc.freeze()
    _frozen = True
