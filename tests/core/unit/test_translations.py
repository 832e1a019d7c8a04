"""Every string marked for translation has a Japanese translation, and the
catalog is up to date with the code (run `make extract-messages` after
changing user-visible text, then translate the new entries)."""
from __future__ import annotations

import re
import subprocess
import sys

from babel.messages.pofile import read_po
from conftest import PROJECT

ROOT = PROJECT
CATALOG = ROOT / "planner/translations/ja/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)\w")


def _ids(catalog) -> set:  # noqa: ANN001
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_catalog_covers_every_marked_string(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "N_", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = _ids(read_po(handle))
    with CATALOG.open("rb") as handle:
        translated = _ids(read_po(handle))
    assert extracted - translated == set(), "run `make extract-messages` and translate"


def test_every_entry_is_translated_with_the_same_placeholders():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {source}")
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != sorted(set(PLACEHOLDER.findall(source))):
                problems.append(f"placeholders differ: {source}")
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {source}")
    assert problems == []
