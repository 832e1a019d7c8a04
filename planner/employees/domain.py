"""The roster's rules, pure: how a フリガナ, a 社員番号 and the dates of an
employee must read before the procedures can rely on them."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from planner.core.errors import N_, Message
from planner.core.kana import normalise_reading, suggest_reading

EMPLOYMENT_TYPES: tuple[str, ...] = ("regular", "contract", "part_time", "officer")
# Where an employee is reading after anonymising: the record stays (events point at it),
# the name does not.
REMOVED_NAME = "（削除済み）"
NUMBER_CHARS, TEXT_CHARS = 20, 100

# Full-width katakana (ァ..ヺ), the prolonged sound mark and the middle dot that
# separates the parts of a foreign name, and the space between family and given name.
_KANA = re.compile(r"[\u30A1-\u30FA\u30FB\u30FC ]*")
_SPACES = re.compile(r"\s+")


def normalise_kana(text: str) -> str:
    """A フリガナ as it is stored: half-width katakana made full-width (NFKC),
    hiragana made katakana, family and given name separated by one full-width space."""
    return normalise_reading(text)


def suggested_kana(name: str) -> str:
    """The フリガナ suggested for a name, or "" when the suggestion would not
    pass as one (a name in Latin letters)."""
    kana = suggest_reading(name)
    return kana if len(kana) <= TEXT_CHARS and kana_problem(kana) is None else ""


def kana_problem(kana: str) -> Message | None:
    """What is wrong with a (normalised) フリガナ, if anything."""
    if not _KANA.fullmatch(kana.replace("\u3000", " ")):
        return N_("Write the reading in katakana (for example ヤマダ　タロウ).")
    return None


def normalise_number(text: str) -> str:
    """A 社員番号 typed with full-width digits or letters reads as the half-width one."""
    return unicodedata.normalize("NFKC", text).strip()


def normalise_text(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalise_name(text: str) -> str:
    """A name as stored: family and given name separated by one full-width
    space, however the space was typed."""
    return _SPACES.sub("\u3000", text.strip())


def check(number: str, name: str, kana: str, employment_type: str,
          hire_date: date | None, leave_date: date | None) -> dict[str, list[Message]]:
    """The field errors of an employee's normalised values (uniqueness is the
    database's to tell)."""
    errors: dict[str, list[Message]] = {}
    if not number:
        errors["number"] = [N_("This field is required.")]
    elif len(number) > NUMBER_CHARS:
        errors["number"] = [N_("At most %(max)d characters.", max=NUMBER_CHARS)]
    if not name:
        errors["name"] = [N_("This field is required.")]
    elif len(name) > TEXT_CHARS:
        errors["name"] = [N_("At most %(max)d characters.", max=TEXT_CHARS)]
    if len(kana) > TEXT_CHARS:
        errors["name_kana"] = [N_("At most %(max)d characters.", max=TEXT_CHARS)]
    elif problem := kana_problem(kana):
        errors["name_kana"] = [problem]
    if employment_type not in EMPLOYMENT_TYPES:
        errors["employment_type"] = [N_("Unknown employment type.")]
    if hire_date is not None and leave_date is not None and leave_date < hire_date:
        errors["leave_date"] = [N_("The leave date cannot be before the hire date.")]
    return errors
